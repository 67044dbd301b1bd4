// Package lockorder defines an Analyzer that reports locks taken in
// inconsistent orders: lock-order cycles that can deadlock.
//
// # Analyzer lockorder
//
// lockorder: report locks taken in inconsistent orders (lock-order cycles)
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
// excludes nothing, and the cycle is reported. A gate held by every
// caller counts too: the locks held at every call of an unexported
// function (or of a closure run in place, or by sync.Map.Range,
// sync.Once.Do, sort.Slice and the like) are held around what it does.
// A lock of an object the function has allocated and not yet let out
// (stored, passed to a call, returned) orders nothing: no other
// goroutine can hold it or wait for it.
//
// Read locks: sync.RWMutex blocks new readers while a writer waits, so a
// read lock is an acquisition like any other and a cycle with at least
// one write acquisition or write holding is reported. A cycle made only
// of read locks deadlocks only if writers queue on its locks at the same
// moment; it is not reported.
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
// To silence a report that is not a bug, add
// `//locklint:ignore lockorder <reason>` on its line, alone on the line above
// it, or in the function's doc comment; a directive without a reason is
// reported and takes no effect.
package lockorder
