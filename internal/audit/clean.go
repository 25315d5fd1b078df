package audit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of the stored fields, in characters.
const (
	MaxAction     = 64
	MaxObjectType = 64
	MaxObjectID   = 200
	MaxDetail     = 1000
	MaxIP         = 64
)

// clean validates the code-chosen names of e and makes its free-text fields
// safe to store and show.
func (e Entry) clean() (Entry, error) {
	if e.ActorID < 0 {
		return e, fmt.Errorf("audit: negative actor id %d", e.ActorID)
	}
	if e.Action == "" || len(e.Action) > MaxAction || !isName(e.Action) {
		return e, fmt.Errorf("audit: invalid action %q (want up to %d letters, digits, '.', '_', '-')", e.Action, MaxAction)
	}
	if len(e.ObjectType) > MaxObjectType || (e.ObjectType != "" && !isName(e.ObjectType)) {
		return e, fmt.Errorf("audit: invalid object type %q", e.ObjectType)
	}
	e.ObjectID = Sanitize(e.ObjectID, MaxObjectID)
	e.Detail = Sanitize(e.Detail, MaxDetail)
	e.IP = Sanitize(e.IP, MaxIP)
	return e, nil
}

func isName(s string) bool {
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// Sanitize makes free text fit for the log: invalid UTF-8 is replaced,
// line breaks and tabs become spaces, other control characters and
// bidirectional overrides (which could make an entry read differently from
// what it says) are removed, and the text is cut to max characters.
func Sanitize(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	n := 0
	for _, c := range s {
		if n == max {
			break
		}
		switch {
		case c == '\n' || c == '\r' || c == '\t':
			c = ' '
		case unicode.IsControl(c) || isBidiControl(c):
			continue
		}
		b.WriteRune(c)
		n++
	}
	return strings.TrimSpace(b.String())
}

func isBidiControl(c rune) bool {
	return c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
}
