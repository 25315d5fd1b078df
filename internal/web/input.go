package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// checkText refuses a request whose path, query or parsed form holds invalid
// UTF-8 or a NUL character. No browser sends them from our pages, and
// PostgreSQL refuses to store them, which would end in a 500.
func checkText(r *http.Request) error {
	if !cleanText(r.URL.Path) || !cleanValues(r.URL.Query()) || !cleanValues(r.PostForm) {
		return errs.E(errs.BadRequest, "error.bad_request")
	}
	return nil
}

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !cleanText(k) {
			return false
		}
		for _, s := range vs {
			if !cleanText(s) {
				return false
			}
		}
	}
	return true
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
