// Package audit closes an inversion with package ledger that only
// ledger's fact reveals: Verify holds Index.Mu and takes Ledger.Mu, while
// (*ledger.Ledger).Append holds Ledger.Mu and (through (*Index).Add) takes
// Index.Mu. It is reported here, at Verify's inner Lock, naming the
// imported side with its package. Count, which reads the ledger's length
// only after releasing Index.Mu, is fine.
package audit

import "lockorder/crosspkg/ledger"

// Verify checks that the index covers the ledger.
func Verify(l *ledger.Ledger, ix *ledger.Index) bool {
	ix.Mu.Lock()
	defer ix.Mu.Unlock()
	l.Mu.Lock() // want `^lock order inversion: Verify takes ledger\.Index\.Mu then ledger\.Ledger\.Mu; \(\*ledger\.Ledger\)\.Append takes ledger\.Ledger\.Mu then ledger\.Index\.Mu: goroutines in both can deadlock; take the locks in one order everywhere$`
	defer l.Mu.Unlock()
	return true
}

// Count releases Index.Mu before it asks the ledger.
func Count(l *ledger.Ledger, ix *ledger.Index) (indexed bool, entries int) {
	ix.Mu.Lock()
	indexed = ix != nil
	ix.Mu.Unlock()
	return indexed, l.Len()
}
