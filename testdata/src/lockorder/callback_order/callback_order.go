// Package callback_order shows a lock-order inversion through a
// callback: the scheduler's forEach holds s.mu while it calls the
// function passed to it, and Drain passes one that locks the worker's
// w.mu (Scheduler.mu -> Worker.mu, reported on the call of forEach);
// Worker.Stop holds w.mu and asks the scheduler to forget it
// (Worker.mu -> Scheduler.mu). Count's callback takes no lock.
package callback_order

import "sync"

type Worker struct {
	mu    sync.Mutex
	sched *Scheduler
	jobs  int
}

type Scheduler struct {
	mu      sync.Mutex
	workers []*Worker
}

func (s *Scheduler) forEach(fn func(*Worker)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.workers {
		fn(w)
	}
}

func (s *Scheduler) Drain() {
	s.forEach(func(w *Worker) { // want `^lock order inversion: \(\*Scheduler\)\.Drain takes Scheduler\.mu then Worker\.mu; \(\*Worker\)\.Stop takes Worker\.mu then Scheduler\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
		w.mu.Lock()
		w.jobs = 0
		w.mu.Unlock()
	})
}

func (s *Scheduler) Count() int {
	n := 0
	s.forEach(func(*Worker) { n++ })
	return n
}

func (s *Scheduler) forget(w *Worker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.workers {
		if x == w {
			s.workers = append(s.workers[:i], s.workers[i+1:]...)
			return
		}
	}
}

func (w *Worker) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sched.forget(w) // want `^lock order inversion: \(\*Worker\)\.Stop takes Worker\.mu then Scheduler\.mu; \(\*Scheduler\)\.Drain takes Scheduler\.mu then Worker\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
}
