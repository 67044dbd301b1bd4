// Package field_chain shows a mutex reached through a field chain,
// f.tree.mu. Locking f.tree.mu again while holding it blocks forever;
// locking a different field (f.meta.mu) while holding it does not.
package field_chain

import (
	"sync"
	"time"
)

type Tree struct {
	mu    sync.Mutex
	files map[string]*File
}

type Meta struct {
	mu       sync.Mutex
	modified time.Time
}

type File struct {
	name string
	tree *Tree
	meta *Meta
}

// Move re-keys the file in its tree. The second Lock was meant to be
// the deferred Unlock.
func (f *File) Move(name string) {
	f.tree.mu.Lock()
	delete(f.tree.files, f.name)
	f.name = name
	f.tree.files[name] = f
	f.tree.mu.Lock() // want `^f\.tree\.mu is already held; this Lock blocks forever`
}

// Touch holds the tree lock and takes the file's own metadata lock:
// two different fields, two locks.
func (f *File) Touch(now time.Time) {
	f.tree.mu.Lock()
	defer f.tree.mu.Unlock()
	if _, ok := f.tree.files[f.name]; !ok {
		return
	}
	f.meta.mu.Lock()
	f.meta.modified = now
	f.meta.mu.Unlock()
}
