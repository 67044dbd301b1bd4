// Package deadlockcmp benchmarks lockrt's Mutex, with checking off and on,
// against sync.Mutex and github.com/sasha-s/go-deadlock. It is a module of
// its own so that go-deadlock never becomes a dependency of locklint.
//
//	cd bench/deadlockcmp
//	go test -run '^$' -bench .                  # lockrt checking off
//	go test -run '^$' -bench . -tags lockcheck  # lockrt checking on
package deadlockcmp
