package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// checkText refuses a request whose path, query or parsed form holds invalid
// UTF-8 or a NUL character. No browser sends them from our pages, and
// PostgreSQL refuses to store them, which would end in a 500.
func checkText(r *http.Request) error {
	if !validText(r.URL.Path) || !cleanValues(r.URL.Query()) || !cleanValues(r.PostForm) {
		return errs.E(errs.BadRequest, "error.bad_request")
	}
	return nil
}

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !validText(k) {
			return false
		}
		for _, s := range vs {
			if !validText(s) {
				return false
			}
		}
	}
	return true
}

func validText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// CleanText makes user text safe to store: valid UTF-8, unified line
// breaks, no control characters (they can hide text or break mail
// headers) nor bidirectional overrides, trimmed. Single-line texts lose
// their line breaks too.
func CleanText(s string, multiline bool) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r':
			if multiline {
				return '\n'
			}
			return ' '
		case r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\u202e', r == '\u202d':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
