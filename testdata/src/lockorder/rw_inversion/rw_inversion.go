// Package rw_inversion shows inversions involving read locks. A read lock
// is an acquisition like any other: once a writer waits on a
// sync.RWMutex, new readers block, so Lookup (RLock of Directory.mu, then
// Lock of Directory.cacheMu) and Invalidate (Lock of cacheMu, then Lock of
// mu) can deadlock. Resolve and Rename show that one write holding
// anywhere in the cycle is enough: Resolve only read-locks, and Rename
// read-locks the inner lock. Count, which releases Directory.mu before it
// takes cacheMu, is fine.
package rw_inversion

import "sync"

type Directory struct {
	mu      sync.RWMutex
	entries map[string]string

	cacheMu sync.Mutex
	cache   map[string]string
}

// Lookup reads the entries and fills the cache.
func (d *Directory) Lookup(name string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	v := d.entries[name]
	d.cacheMu.Lock() // want `^lock order inversion: \(\*Directory\)\.Lookup takes Directory\.mu then Directory\.cacheMu; \(\*Directory\)\.Invalidate takes Directory\.cacheMu then Directory\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	d.cache[name] = v
	d.cacheMu.Unlock()
	return v
}

// Invalidate clears the cache and writes the entries under it.
func (d *Directory) Invalidate(name, value string) {
	d.cacheMu.Lock()
	defer d.cacheMu.Unlock()
	delete(d.cache, name)
	d.mu.Lock() // want `^lock order inversion: \(\*Directory\)\.Invalidate takes Directory\.cacheMu then Directory\.mu; \(\*Directory\)\.Lookup takes Directory\.mu then Directory\.cacheMu: goroutines in both can deadlock; take the locks in one order everywhere$`
	d.entries[name] = value
	d.mu.Unlock()
}

// Count reads the entries, releases, then locks the cache.
func (d *Directory) Count() (entries, cached int) {
	d.mu.RLock()
	entries = len(d.entries)
	d.mu.RUnlock()
	d.cacheMu.Lock()
	cached = len(d.cache)
	d.cacheMu.Unlock()
	return entries, cached
}

type Inode struct {
	mu   sync.RWMutex
	name string
}

type Dentry struct {
	mu    sync.RWMutex
	inode *Inode
}

// Resolve only reads, both locks.
func Resolve(d *Dentry, i *Inode) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	i.mu.RLock() // want `^lock order inversion: Resolve takes Dentry\.mu then Inode\.mu; Rename takes Inode\.mu then Dentry\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer i.mu.RUnlock()
	return i.name
}

// Rename write-locks the inode and read-locks the dentry under it.
// Resolve's RLock of Inode.mu waits behind Rename's write lock; Rename's
// RLock of Dentry.mu waits as soon as any writer queues on Dentry.mu
// behind Resolve's read lock.
func Rename(i *Inode, d *Dentry, name string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	d.mu.RLock() // want `^lock order inversion: Rename takes Inode\.mu then Dentry\.mu; Resolve takes Dentry\.mu then Inode\.mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer d.mu.RUnlock()
	i.name = name
}
