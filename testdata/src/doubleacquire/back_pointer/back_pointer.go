// Package back_pointer shows a file that holds its tree's lock through a
// back-pointer (f.tree.mu) and then calls a tree method that locks the
// same mutex as t.mu: the call blocks forever. Calling the variant that
// expects the lock held is fine.
package back_pointer

import (
	"sort"
	"sync"
)

type Tree struct {
	mu    sync.Mutex
	files map[string]*File
	index []string
}

type File struct {
	name string
	tree *Tree
}

// reindex rebuilds the sorted index under the tree lock.
func (t *Tree) reindex() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reindexLocked()
}

// reindexLocked rebuilds the index; t.mu must be held.
func (t *Tree) reindexLocked() {
	t.index = t.index[:0]
	for name := range t.files {
		t.index = append(t.index, name)
	}
	sort.Strings(t.index)
}

// Rename holds the tree lock and calls the locking reindex.
func (f *File) Rename(name string) {
	f.tree.mu.Lock()
	defer f.tree.mu.Unlock()
	delete(f.tree.files, f.name)
	f.name = name
	f.tree.files[name] = f
	f.tree.reindex() // want `^f\.tree\.mu is already held; f\.tree\.reindex locks it again`
}

// RenameLocked calls the helper that expects the lock held.
func (f *File) RenameLocked(name string) {
	f.tree.mu.Lock()
	defer f.tree.mu.Unlock()
	delete(f.tree.files, f.name)
	f.name = name
	f.tree.files[name] = f
	f.tree.reindexLocked()
}
