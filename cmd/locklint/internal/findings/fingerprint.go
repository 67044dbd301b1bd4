package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// fingerprintVersion is hashed into every fingerprint: change it when the
// recipe changes, so that old baselines fail loudly rather than match by
// accident.
const fingerprintVersion = "locklint-fingerprint-v1"

// fingerprint sets the Fingerprint of each finding of fs, which must be
// sorted by position.
//
// A fingerprint hashes what identifies a finding without its place in
// the file: the pass, the file, the message and the trimmed text of the
// reported line. Lines inserted or removed above the finding, or a
// re-indentation, leave it unchanged; editing the reported line or
// renaming what the message names changes it (the finding is then new,
// which is what a reviewer wants to see). Findings that agree on all four
// (the same bug pasted twice in one file) are told apart by their
// occurrence index, counted in position order within the file: baselining
// n of them lets exactly n pass.
func fingerprint(fs []*Finding) {
	type base struct {
		file string
		sum  [sha256.Size]byte
	}
	seen := make(map[base]int)
	for _, f := range fs {
		b := base{f.File, hash(f.Pass, f.File, f.Message, f.Source)}
		n := seen[b]
		seen[b] = n + 1
		sum := hash(hex.EncodeToString(b.sum[:]), strconv.Itoa(n))
		f.Fingerprint = hex.EncodeToString(sum[:16])
	}
}

// hash hashes its fields with the recipe's version, each field length
// prefixed so that no two lists of fields hash alike.
func hash(fields ...string) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range append([]string{fingerprintVersion}, fields...) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
