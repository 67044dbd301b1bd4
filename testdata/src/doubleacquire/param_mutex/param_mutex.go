// Package param_mutex shows a *sync.Mutex passed as a parameter: locked
// twice in one function, or locked and then handed to a helper that
// locks its parameter. Both block forever. Handing the helper a
// different mutex parameter, or releasing first, is fine.
package param_mutex

import "sync"

// appendLine appends one line to buf under lock.
func appendLine(lock *sync.Mutex, buf *[]string, line string) {
	lock.Lock()
	*buf = append(*buf, line)
	lock.Unlock()
}

// appendBatch holds lock and calls appendLine with the same lock.
func appendBatch(lock *sync.Mutex, buf *[]string, lines []string) {
	lock.Lock()
	defer lock.Unlock()
	for _, l := range lines {
		appendLine(lock, buf, l) // want `^lock is already held; appendLine locks it again`
	}
}

// swapBuffers locks the same parameter twice; the second was meant to
// be the other buffer's lock.
func swapBuffers(lock *sync.Mutex, a, b *[]string) {
	lock.Lock()
	*a, *b = *b, *a
	lock.Lock() // want `^lock is already held; this Lock blocks forever`
}

// copyLines holds src's lock and locks dst through appendLine: two
// parameters are two locks.
func copyLines(srcLock, dstLock *sync.Mutex, src, dst *[]string) {
	srcLock.Lock()
	defer srcLock.Unlock()
	for _, l := range *src {
		appendLine(dstLock, dst, l)
	}
}

// appendAfter releases lock before calling appendLine.
func appendAfter(lock *sync.Mutex, buf *[]string, line string) {
	lock.Lock()
	n := len(*buf)
	lock.Unlock()
	if n < 1000 {
		appendLine(lock, buf, line)
	}
}
