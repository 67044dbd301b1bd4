// Package declared_order declares its lock order in comments and breaks
// it. An edge against a declared order is reported on its own, with no
// other side needed: (*Index).Rebuild takes Index.mu then Store.mu.
// In a cycle where one side follows the declaration, only the violating
// side is reported: (*Journal).Append follows Journal.mu < Snapshot.mu
// and is silent, (*Snapshot).Compact breaks it. Declarations chain:
// Scheduler.mu < Worker.mu < Task.mu puts Scheduler.mu before Task.mu,
// which (*Task).Retry breaks while Dispatch and Run follow the chain.
package declared_order

import "sync"

//locklint:order Store.mu < Index.mu

//locklint:order Journal.mu < Snapshot.mu

//locklint:order Scheduler.mu < Worker.mu < Task.mu

type Store struct {
	mu   sync.Mutex
	rows map[string][]byte
}

type Index struct {
	mu   sync.Mutex
	keys []string
}

// Rebuild takes Index.mu then Store.mu, against the declared order.
func (ix *Index) Rebuild(s *Store) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s.mu.Lock() // want `^\(\*Index\)\.Rebuild takes Index\.mu then Store\.mu, against the declared order Store\.mu < Index\.mu: take Store\.mu first$`
	defer s.mu.Unlock()
	ix.keys = ix.keys[:0]
	for k := range s.rows {
		ix.keys = append(ix.keys, k)
	}
}

// Lookup takes Store.mu then Index.mu, as declared.
func (s *Store) Lookup(ix *Index, i int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return s.rows[ix.keys[i]]
}

type Journal struct {
	mu      sync.Mutex
	entries []string
}

type Snapshot struct {
	mu    sync.Mutex
	state []string
	seq   int
}

// Append takes Journal.mu then Snapshot.mu, as declared.
func (j *Journal) Append(s *Snapshot, e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
	s.mu.Lock()
	s.seq++
	s.mu.Unlock()
}

// Compact takes Snapshot.mu then Journal.mu: the other side of a cycle
// with Append, and the one that breaks the declaration.
func (s *Snapshot) Compact(j *Journal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.mu.Lock() // want `^\(\*Snapshot\)\.Compact takes Snapshot\.mu then Journal\.mu, against the declared order Journal\.mu < Snapshot\.mu: take Journal\.mu first$`
	s.state = append(s.state, j.entries...)
	j.entries = nil
	j.mu.Unlock()
}

type Scheduler struct {
	mu    sync.Mutex
	queue []*Task
}

type Worker struct {
	mu   sync.Mutex
	busy bool
}

type Task struct {
	mu       sync.Mutex
	attempts int
}

// Dispatch takes Scheduler.mu, Worker.mu, Task.mu: the declared chain.
func Dispatch(s *Scheduler, w *Worker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t := s.queue[0]
	s.queue = s.queue[1:]
	t.mu.Lock()
	t.attempts++
	t.mu.Unlock()
	w.busy = true
}

// Run takes Worker.mu then Task.mu, as declared.
func (w *Worker) Run(t *Task) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts++
}

// Retry takes Task.mu then Scheduler.mu: Scheduler.mu comes before
// Task.mu through Worker.mu.
func (t *Task) Retry(s *Scheduler) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.attempts > 3 {
		return
	}
	s.mu.Lock() // want `^\(\*Task\)\.Retry takes Task\.mu then Scheduler\.mu, against the declared order Scheduler\.mu < Task\.mu: take Scheduler\.mu first$`
	s.queue = append(s.queue, t)
	s.mu.Unlock()
}
