// Package held_by_flag shows the shape of database/sql's (*Rows).Scan
// and closemuScanHold: Scan read-locks r.mu and, when the caller asked
// to borrow the buffer, sets r.holding and returns still holding the
// read lock; otherwise it unlocks. Next and Close release the read lock
// only when r.holding says a previous Scan kept it, releasing a lock
// they did not acquire. The flag ties the two together, so nothing is
// reported.
package held_by_flag

import (
	"errors"
	"sync"
)

type Rows struct {
	mu      sync.RWMutex
	holding bool // Scan returned holding mu for reading
	buf     []byte
	rows    [][]byte
}

// Scan copies the current row into dst, or lends its buffer when
// borrow is set; the buffer stays valid until Next or Close.
func (r *Rows) Scan(dst *[]byte, borrow bool) error {
	if r.holding {
		return errors.New("Scan called twice without Next")
	}
	r.mu.RLock()
	err := r.scanLocked(dst, borrow)
	if err == nil && borrow {
		r.holding = true
	} else {
		r.mu.RUnlock()
	}
	return err
}

func (r *Rows) scanLocked(dst *[]byte, borrow bool) error {
	if r.buf == nil {
		return errors.New("Scan called before Next")
	}
	if borrow {
		*dst = r.buf
	} else {
		*dst = append((*dst)[:0], r.buf...)
	}
	return nil
}

func (r *Rows) releaseScanHold() {
	if r.holding {
		r.holding = false
		r.mu.RUnlock()
	}
}

// Next moves to the next row.
func (r *Rows) Next() bool {
	r.releaseScanHold()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.rows) == 0 {
		return false
	}
	r.buf, r.rows = r.rows[0], r.rows[1:]
	return true
}

// Close ends the iteration.
func (r *Rows) Close() {
	if r.holding {
		r.holding = false
		r.mu.RUnlock()
	}
	r.mu.Lock()
	r.rows = nil
	r.mu.Unlock()
}
