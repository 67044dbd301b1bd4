package lockorder

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/locklint/locklint/internal/lockstate"
)

// Message formats of the mixed deadlocks: a lock held across a blocking
// channel or WaitGroup operation whose counterparts need the lock.
const (
	msgBlocked = "%[1]s is held while %[2]s, and %[3]s: the goroutines deadlock; release %[1]s first"
	// The counterparts: one, or several (by the lock's class).
	counterOne  = "the only %s, %s, locks %s %s"
	counterMany = "every %s locks %s first (%s)"
	counterCase = "every case's counterpart locks %s first (%s)"
	counterItem = "%s %s"
	relatedLock = "%s locks %s here %s"
)

// blockedOp phrases the waiting: "sending on c.samples".
func blockedOp(b lockstate.BlockedOp) string {
	res := strings.Join(b.Resource, " and ")
	if len(b.Via) > 0 {
		var verb string
		switch b.Kind {
		case lockstate.ChanSend:
			verb = "sends on " + res
		case lockstate.ChanRecv:
			verb = "receives from " + res
		case lockstate.ChanSelect:
			verb = "waits in a select on " + res
		default:
			verb = "waits for " + res
		}
		return fmt.Sprintf("calling %s, which %s", strings.Join(b.Via, ", which calls "), verb)
	}
	switch b.Kind {
	case lockstate.ChanSend:
		return "sending on " + res
	case lockstate.ChanRecv:
		return "receiving from " + res
	case lockstate.ChanSelect:
		return "waiting in a select on " + res
	}
	return "waiting for " + res
}

// before phrases where a counterpart takes the lock: "before it
// receives", "between its receives".
func before(cp lockstate.Counterpart, withResource bool) string {
	var verb, noun string
	switch cp.Kind {
	case lockstate.ChanRecv:
		verb, noun = "receives", "receives"
	case lockstate.ChanSend:
		verb, noun = "sends", "sends"
	case lockstate.ChanClose:
		verb, noun = "closes it", "closes"
	default:
		verb, noun = "calls Done", "Done calls"
	}
	if withResource {
		switch cp.Kind {
		case lockstate.ChanRecv:
			verb = "receives from " + cp.Resource
		case lockstate.ChanSend:
			verb = "sends on " + cp.Resource
		case lockstate.ChanClose:
			verb = "closes " + cp.Resource
		default:
			verb = "calls " + cp.Resource + ".Done"
		}
	}
	if cp.Loop {
		return "between its " + noun
	}
	return "before it " + verb
}

// role names what the counterparts do, after "the only" or "every":
// "receiver", "closer", "sender and closer", "Done caller".
func role(cps []lockstate.Counterpart) string {
	send, closer, recv := false, false, false
	for _, cp := range cps {
		switch cp.Kind {
		case lockstate.ChanSend:
			send = true
		case lockstate.ChanClose:
			closer = true
		case lockstate.ChanRecv:
			recv = true
		}
	}
	switch {
	case recv:
		return "receiver"
	case send && closer:
		return "sender and closer"
	case send:
		return "sender"
	case closer:
		return "closer"
	}
	return "Done caller"
}

// reportBlocked reports the mixed deadlocks.
func (c *checker) reportBlocked() {
	for _, b := range c.res.BlockedOps() {
		cps := b.Counterparts
		held := b.Held.Lock.Name
		var counter string
		switch {
		case b.Kind == lockstate.ChanSelect:
			items := make([]string, len(cps))
			for i, cp := range cps {
				items[i] = fmt.Sprintf(counterItem, cp.Func.In(c.pkg), before(cp, true))
			}
			counter = fmt.Sprintf(counterCase, c.class(b.Held.Lock.Class), strings.Join(items, ", "))
		case len(cps) == 1:
			cp := cps[0]
			counter = fmt.Sprintf(counterOne, role(cps), cp.Func.In(c.pkg), cp.Lock, before(cp, false))
		default:
			var names []string
			for _, cp := range cps {
				if n := cp.Func.In(c.pkg); !contains(names, n) {
					names = append(names, n)
				}
			}
			counter = fmt.Sprintf(counterMany, role(cps), c.class(b.Held.Lock.Class), strings.Join(names, ", "))
		}
		d := analysis.Diagnostic{Pos: b.Pos, Message: fmt.Sprintf(msgBlocked, held, blockedOp(b), counter)}
		if b.Held.Pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: b.Held.Pos, Message: fmt.Sprintf(relatedFirst, held)})
		}
		for _, cp := range cps {
			if cp.LockPos.IsValid() {
				d.Related = append(d.Related, analysis.RelatedInformation{
					Pos:     cp.LockPos,
					Message: fmt.Sprintf(relatedLock, cp.Func.In(c.pkg), cp.Lock, before(cp, true)),
				})
			}
		}
		c.pass.Report(d)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
