package lockstate

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The lock primitives, from one exact table keyed by package, receiver
// type and method: no name matching. Calls through an interface are
// recognised by the interface's method set (sync.Locker and any
// interface with the same Lock/Unlock pair).

type opKind uint8

const (
	opNone          opKind = iota
	opAcquire              // blocks until held
	opTryAcquire           // holds the lock only when it returns true
	opRelease              // releases
	opRLocker              // (*RWMutex).RLocker: a Locker for the read side
	opCondWait             // (*Cond).Wait: releases c.L, waits, re-acquires
	opCondSignal           // (*Cond).Signal
	opCondBroadcast        // (*Cond).Broadcast
	opNewCond              // sync.NewCond
	opTryAcquireErr        // holds the lock only when it returns a nil error (LockContext)
	opCondWaitFor          // a wait on a predicate: needs the lock, not a loop
)

// primitive describes one method of a lock type.
type primitive struct {
	op        opKind
	mode      Mode
	typ       string // "sync.Mutex"
	reentrant bool   // the holder may acquire it again
	counting  bool   // a semaphore: several holds, releases need no matching hold
}

type methodKey struct{ pkg, typ, method string }

// primitives is the table. To teach the engine a new lock type, add its
// methods here (the runtime package's types go here too).
var primitives = map[methodKey]primitive{
	{"sync", "Mutex", "Lock"}:       {op: opAcquire, typ: "sync.Mutex"},
	{"sync", "Mutex", "TryLock"}:    {op: opTryAcquire, typ: "sync.Mutex"},
	{"sync", "Mutex", "Unlock"}:     {op: opRelease, typ: "sync.Mutex"},
	{"sync", "RWMutex", "Lock"}:     {op: opAcquire, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "TryLock"}:  {op: opTryAcquire, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "Unlock"}:   {op: opRelease, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "RLock"}:    {op: opAcquire, mode: Read, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "TryRLock"}: {op: opTryAcquire, mode: Read, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "RUnlock"}:  {op: opRelease, mode: Read, typ: "sync.RWMutex"},
	{"sync", "RWMutex", "RLocker"}:  {op: opRLocker, typ: "sync.RWMutex"},
	{"sync", "Cond", "Wait"}:        {op: opCondWait, typ: "sync.Cond"},
	{"sync", "Cond", "Signal"}:      {op: opCondSignal, typ: "sync.Cond"},
	{"sync", "Cond", "Broadcast"}:   {op: opCondBroadcast, typ: "sync.Cond"},
	{"sync", "", "NewCond"}:         {op: opNewCond, typ: "sync.Cond"},

	// The companion runtime package (imported as lockrt).
	{rt, "Mutex", "Lock"}:                      {op: opAcquire, typ: "lockrt.Mutex"},
	{rt, "Mutex", "Unlock"}:                    {op: opRelease, typ: "lockrt.Mutex"},
	{rt, "Mutex", "TryLock"}:                   {op: opTryAcquire, typ: "lockrt.Mutex"},
	{rt, "Mutex", "LockTimeout"}:               {op: opTryAcquire, typ: "lockrt.Mutex"},
	{rt, "Mutex", "LockContext"}:               {op: opTryAcquireErr, typ: "lockrt.Mutex"},
	{rt, "RWMutex", "Lock"}:                    {op: opAcquire, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "Unlock"}:                  {op: opRelease, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "TryLock"}:                 {op: opTryAcquire, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "LockTimeout"}:             {op: opTryAcquire, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "LockContext"}:             {op: opTryAcquireErr, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "RLock"}:                   {op: opAcquire, mode: Read, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "RUnlock"}:                 {op: opRelease, mode: Read, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "TryRLock"}:                {op: opTryAcquire, mode: Read, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "RLockTimeout"}:            {op: opTryAcquire, mode: Read, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "RLockContext"}:            {op: opTryAcquireErr, mode: Read, typ: "lockrt.RWMutex"},
	{rt, "RWMutex", "RLocker"}:                 {op: opRLocker, typ: "lockrt.RWMutex"},
	{rt, "ReentrantMutex", "Lock"}:             {op: opAcquire, typ: "lockrt.ReentrantMutex", reentrant: true},
	{rt, "ReentrantMutex", "Unlock"}:           {op: opRelease, typ: "lockrt.ReentrantMutex", reentrant: true},
	{rt, "ReentrantMutex", "TryLock"}:          {op: opTryAcquire, typ: "lockrt.ReentrantMutex", reentrant: true},
	{rt, "ReentrantMutex", "LockTimeout"}:      {op: opTryAcquire, typ: "lockrt.ReentrantMutex", reentrant: true},
	{rt, "ReentrantMutex", "LockContext"}:      {op: opTryAcquireErr, typ: "lockrt.ReentrantMutex", reentrant: true},
	{rt, "Semaphore", "Acquire"}:               {op: opAcquire, typ: "lockrt.Semaphore", reentrant: true, counting: true},
	{rt, "Semaphore", "Release"}:               {op: opRelease, typ: "lockrt.Semaphore", reentrant: true, counting: true},
	{rt, "Semaphore", "TryAcquire"}:            {op: opTryAcquire, typ: "lockrt.Semaphore", reentrant: true, counting: true},
	{rt, "Semaphore", "AcquireTimeout"}:        {op: opTryAcquire, typ: "lockrt.Semaphore", reentrant: true, counting: true},
	{rt, "Semaphore", "AcquireContext"}:        {op: opTryAcquireErr, typ: "lockrt.Semaphore", reentrant: true, counting: true},
	{rt, "BoundedSemaphore", "Acquire"}:        {op: opAcquire, typ: "lockrt.BoundedSemaphore", reentrant: true, counting: true},
	{rt, "BoundedSemaphore", "Release"}:        {op: opRelease, typ: "lockrt.BoundedSemaphore", reentrant: true, counting: true},
	{rt, "BoundedSemaphore", "TryAcquire"}:     {op: opTryAcquire, typ: "lockrt.BoundedSemaphore", reentrant: true, counting: true},
	{rt, "BoundedSemaphore", "AcquireTimeout"}: {op: opTryAcquire, typ: "lockrt.BoundedSemaphore", reentrant: true, counting: true},
	{rt, "BoundedSemaphore", "AcquireContext"}: {op: opTryAcquireErr, typ: "lockrt.BoundedSemaphore", reentrant: true, counting: true},
	{rt, "Cond", "Wait"}:                       {op: opCondWait, typ: "lockrt.Cond"},
	{rt, "Cond", "WaitTimeout"}:                {op: opCondWait, typ: "lockrt.Cond"},
	{rt, "Cond", "WaitContext"}:                {op: opCondWait, typ: "lockrt.Cond"},
	{rt, "Cond", "WaitFor"}:                    {op: opCondWaitFor, typ: "lockrt.Cond"},
	{rt, "Cond", "WaitForTimeout"}:             {op: opCondWaitFor, typ: "lockrt.Cond"},
	{rt, "Cond", "WaitForContext"}:             {op: opCondWaitFor, typ: "lockrt.Cond"},
	{rt, "Cond", "Signal"}:                     {op: opCondSignal, typ: "lockrt.Cond"},
	{rt, "Cond", "Broadcast"}:                  {op: opCondBroadcast, typ: "lockrt.Cond"},
	{rt, "", "NewCond"}:                        {op: opNewCond, typ: "lockrt.Cond"},
}

// rt is the companion runtime package's path.
const rt = "github.com/locklint/locklint/runtime"

// condTypes are the owners of a Cond's L field.
var condTypes = map[string]bool{"sync.Cond": true, rt + ".Cond": true}

// lockerMethods are the methods recognised on an interface whose method
// set has the whole group (Lock and Unlock; RLock and RUnlock).
var lockerMethods = map[string]primitive{
	"Lock":    {op: opAcquire, typ: "sync.Locker"},
	"Unlock":  {op: opRelease, typ: "sync.Locker"},
	"RLock":   {op: opAcquire, mode: Read, typ: "sync.Locker"},
	"RUnlock": {op: opRelease, mode: Read, typ: "sync.Locker"},
}

// classify returns the primitive a call invokes and the value it acts on
// (the receiver), or opNone.
func classify(c *ssa.CallCommon) (primitive, ssa.Value) {
	if c.IsInvoke() {
		p, ok := lockerMethods[c.Method.Name()]
		if !ok || !isLockerIface(c.Value.Type(), c.Method.Name()) {
			return primitive{}, nil
		}
		return p, c.Value
	}
	fn, ok := c.Value.(*ssa.Function)
	if !ok {
		return primitive{}, nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return primitive{}, nil
	}
	key := methodKey{pkg: obj.Pkg().Path(), method: obj.Name()}
	if recv := obj.Signature().Recv(); recv != nil {
		key.typ = ownerName(recv.Type())
		if key.typ == "" {
			return primitive{}, nil
		}
	}
	p, ok := primitives[key]
	if !ok {
		return primitive{}, nil
	}
	if len(c.Args) == 0 {
		return primitive{}, nil
	}
	return p, c.Args[0]
}

// ownerName is the bare name of a (pointer to a) named type.
func ownerName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj().Name()
	}
	return ""
}

// isLockerIface reports whether t is an interface whose method set holds
// method's whole group with the exact signature func().
func isLockerIface(t types.Type, method string) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	group := []string{"Lock", "Unlock"}
	if method == "RLock" || method == "RUnlock" {
		group = []string{"RLock", "RUnlock"}
	}
	for _, name := range group {
		found := false
		for i := 0; i < it.NumMethods(); i++ {
			m := it.Method(i)
			if m.Name() == name {
				sig := m.Signature()
				found = sig.Params().Len() == 0 && sig.Results().Len() == 0
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// isCounting reports whether a primitive type is a semaphore: it may be
// held several times and released without a matching hold, and it takes
// no part in lock ordering.
func isCounting(typ string) bool { return countingTypes[typ] }

var countingTypes = func() map[string]bool {
	m := make(map[string]bool)
	for _, p := range primitives {
		if p.counting {
			m[p.typ] = true
		}
	}
	return m
}()
