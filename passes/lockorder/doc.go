// Package lockorder defines an Analyzer that reports locks taken in
// inconsistent orders: lock-order cycles that can deadlock.
//
// # Analyzer lockorder
//
// lockorder: report locks taken in inconsistent orders (lock-order cycles), also through channels and WaitGroups
//
// When one goroutine holds A and waits for B while another holds B and
// waits for A, neither moves again. The pass builds a lock-order graph
// over lock classes (the struct type and field that declare a mutex,
// like Store.mu, or a package variable), with an edge A → B wherever B
// is acquired while A is held, directly or through any depth of calls
// (also calls through an interface or a func-valued field, functions
// passed to a helper that calls them holding a lock, and the String and
// Error methods fmt calls, when every function the call may run takes
// B), and reports every cycle, of any length:
//
//   - at the inner acquisition of each edge of the cycle in this package
//     (the Lock of the second lock, or the call that leads to it), naming
//     the function and the two locks of every edge; when several places
//     take the same pair in the same order, at the first one, with the
//     others as related positions; a longer cycle through a pair already
//     reported inverted is the same bug and is not reported again;
//   - across packages: each package exports its edges and its
//     dependencies' as a fact, so a cycle whose halves are in packages
//     that do not import each other is reported in the first package that
//     imports both (at the import when that package has no edge of the
//     cycle itself); go vet's one package at a time and a whole-program
//     run report the same cycles;
//   - two locks of one class held together (transfer(from, to) locking
//     from.mu then to.mu, or accounts[fromKey] then accounts[toKey]): a
//     concurrent call with the arguments swapped deadlocks. It stays
//     silent when the code fixes the order: by comparing keys (first,
//     second := a, b; if b.id < a.id { first, second = b, a }), by the
//     data (a node then its parent, xs[0] then each other element of
//     xs), or by a field (c.in then c.out).
//
// A cycle cannot close when every edge of it is taken holding one
// common lock, in write mode on at least one edge (a gate lock:
// Rebalance and Mirror take left and right in opposite orders, each
// under s.gate.Lock()): its goroutines exclude each other, and it is
// not reported. Holding the gate only for reading on every edge
// excludes nothing, and the cycle is reported. A deadlock needs a
// goroutine at every edge at once, so in a longer cycle two edges that
// hold one lock (around the inner acquisition, or as the edge's outer
// lock) are enough to keep it from closing. A gate held by every
// caller counts too: the locks held at every call of an unexported
// function (or of a closure run in place, or by sync.Map.Range,
// sync.Once.Do, sort.Slice and the like) are held around what it does.
// A lock of an object the function has allocated and not yet let out
// (stored, passed to a call, returned) orders nothing: no other
// goroutine can hold it or wait for it.
//
// A cycle also cannot close when two of its edges lock different objects
// of one class. Where one edge acquires a Conn.mu and the next holds one,
// the pass asks whether the two can be the same Conn, from what the
// package's code shows of where each comes from: the arguments of every
// call of an unexported function, the values stored in an unexported
// field, the elements put into a map or slice kept in one, each made by
// an allocation site. Objects of one type in different roles are told
// apart by an unexported field that is set when the object is made and
// never changed (a kind): a call under `case LEAF:` on c.kind passes on
// only the objects made with that kind. nats-server holds a leaf
// connection's lock while it takes the gateway lock, and locks only the
// connections in the gateway's maps under the gateway lock; those are
// all made as gateway connections, so no cycle is reported. Where the
// package does not show every source (an exported function's parameter,
// a value from another package, a field written by code it cannot see),
// any object can be there and the cycle is reported as before. Edges
// from other packages carry no objects.
//
// Read locks: sync.RWMutex blocks new readers while a writer waits, so a
// read lock is an acquisition like any other and a cycle with at least
// one write acquisition or write holding is reported. A cycle made only
// of read locks deadlocks only if writers queue on its locks at the same
// moment; it is not reported.
//
// Test files: the orders that test code takes (functions and closures
// in _test.go files) are not part of the graph. A test's lock order is a
// one-off under the test's control: it holds objects locked on purpose
// (to check that something does not deadlock on them), compares two
// objects in a helper that locks both, or calls production code holding
// a lock production never holds there; it can deadlock only if another
// goroutine takes the other order at that moment. On eleven released
// modules, none of the cycles that test code closed could bite. Test
// files are still checked for what hangs a test on its own path (a lock
// taken twice, a lock left held, a wait that needs a lock held), and the
// functions they call are analysed as always. Likewise, which objects an
// edge's locks belong to is learnt from the code outside test files: a
// test that changes a connection's kind or hands a gateway connection to
// a leaf function makes a cycle close only under its control. The
// engine flag -lockstate.testhazards puts test files' orders into the
// graph and their code into the objects' sources.
//
// Declaring intent, in a comment anywhere in the package:
//
//	//locklint:order Store.mu < Index.mu
//
// declares the order (any number of "<"; classes are Type.field or a
// package variable, optionally qualified by an imported package's
// name). An edge against a declared order is reported on its own, and
// only the violating side of a cycle is reported. On the line of an
// acquisition, or alone on the line above it,
//
//	//locklint:nested <reason>
//
// marks that nesting as deliberate: it adds no edge. A reason is
// required; a malformed directive is reported.
//
// WRONG:
//
//	func (r *Router) AddRoute(p, b string) {
//		r.routesMu.Lock()
//		defer r.routesMu.Unlock()
//		r.statsMu.Lock()
//		...
//	}
//	func (r *Router) Report() {
//		r.statsMu.Lock()
//		defer r.statsMu.Unlock()
//		r.routesMu.Lock()
//		...
//	}
//
// reports at both inner Locks, for example:
//
//	lock order inversion: (*Router).AddRoute takes Router.routesMu then Router.statsMu; (*Router).Report takes Router.statsMu then Router.routesMu: goroutines in both can deadlock; take the locks in one order everywhere
//
// RIGHT: take routesMu before statsMu in Report too, or release one
// before taking the other.
//
// # Channels and WaitGroups
//
// A goroutine can wait on more than locks: every resource it can block on
// is part of the order. A send, a receive, a select without a default
// case or a wg.Wait made while holding a lock waits for another goroutine
// to complete the other side (a receiver, a sender or the closer, a
// Done). When every goroutine that can complete it must first take the
// lock the waiter holds, neither moves again. The pass reports the
// blocking operation (or the call that leads to one), naming the lock,
// the counterparts and where they take it (as related positions).
//
// A counterpart needs the lock when it acquires it on every path from
// the start of its function to the operation, on every path from one
// execution of the operation to the next (a loop that locks after each
// receive: it needs the lock before its next one), or at every call of
// its function; a Done that its function's own Add precedes needs only
// the locks taken between the two (a Wait waits only for goroutines that
// have added themselves, so locking around the Add, to keep it from
// racing the Wait, is fine). The channel or WaitGroup is followed from where it is
// made (a make(chan), a WaitGroup variable or field) through the
// package's fields, variables, closures and calls to every operation on
// it; the lock and the channel must belong to one object in both
// goroutines when they do in the waiter's. Nothing is reported when a
// counterpart can complete the operation without the lock, or when the
// engine cannot see every counterpart: the channel is reachable from
// other packages (an exported field, a bidirectional channel returned or
// passed to another package's function; a Done() <-chan accessor lets
// others receive, not send or close), or it is a context's, a timer's or
// any other one the package does not make. close, and a select with a
// default case, never block; a send on a buffered channel is taken to
// find room (a send on an unbuffered one blocks); a select blocks only
// when every case is blocked.
//
// WRONG:
//
//	func (c *Collector) loop() {
//		for s := range c.samples {
//			c.mu.Lock()
//			c.sum += s
//			c.mu.Unlock()
//		}
//	}
//	func (c *Collector) Record(s int) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if !c.closed {
//			c.samples <- s
//		}
//	}
//
// reports at the send (c.samples is unbuffered):
//
//	c.mu is held while sending on c.samples, and the only receiver, (*Collector).loop, locks c.mu between its receives: the goroutines deadlock; release c.mu first
//
// and, for a receive, a select or a wg.Wait, the same with "the only
// closer ... locks m.mu before it closes it", "every case's counterpart
// locks Broker.mu first (...)" or "the only Done caller".
//
// RIGHT: release the lock before the send (check c.closed under the lock,
// then send without it), or let the receiver complete without the lock:
//
//	func (c *Collector) Record(s int) {
//		c.mu.Lock()
//		closed := c.closed
//		c.mu.Unlock()
//		if !closed {
//			c.samples <- s
//		}
//	}
//
// To silence a report that is not a bug, add
// `//locklint:ignore lockorder <reason>` on its line, alone on the line above
// it, or in the function's doc comment; a directive without a reason is
// reported and takes no effect.
package lockorder
