package cases

import (
	"crypto/rand"
	"strings"
)

// ReferenceAlphabet leaves out I, O, 0 and 1, which are read wrongly on the
// phone and in handwriting. 32 letters: a random byte maps without bias.
const ReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewReference makes a reference like "K7M-3PQ9": 32^7 (34 billion)
// values, so collisions are rare; Intake retries on one.
func NewReference() string {
	b := make([]byte, 7)
	rand.Read(b)
	out := make([]byte, 0, 8)
	for i, c := range b {
		if i == 3 {
			out = append(out, '-')
		}
		out = append(out, ReferenceAlphabet[int(c)%len(ReferenceAlphabet)])
	}
	return string(out)
}

// NormalizeReference turns what a citizen types ("k7m 3pq9", "K7M-3PQ9 ")
// into the stored form, or "" when it cannot be a reference. O and I typed
// for 0 and 1 are not guessed: the alphabet has neither.
func NormalizeReference(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case strings.ContainsRune(ReferenceAlphabet, r):
			b.WriteRune(r)
		case r == '-' || r == ' ':
		default:
			return ""
		}
	}
	t := b.String()
	if len(t) != 7 {
		return ""
	}
	return t[:3] + "-" + t[3:]
}
