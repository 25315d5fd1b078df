package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The re-post page carries at most this much of a form; a bigger one gets
// the advice to go back instead, so the page stays small.
const (
	repostMaxFields = 200
	repostMaxBytes  = 64 << 10
)

// expiredPage is the data of the page "web/csrf_expired".
type expiredPage struct {
	// Action is where the form was sent; empty when the input is too big to
	// be shown again and the page only advises going back.
	Action    string
	Multipart bool
	Fields    []hiddenField
	// Passwords reports that password fields were left out.
	Passwords bool
	// Files names the files that were chosen and must be chosen again.
	Files []string
}

type hiddenField struct{ Name, Value string }

// renderExpired answers a form post refused for a missing or stale CSRF
// token with a page that explains it and offers to send the input again
// with a fresh token. It does so only for a browser form of this site's own
// pages (same origin): offering it to another site's post would turn a
// forged request into a one-click attack. It reports whether it answered.
func (s *Site) renderExpired(w http.ResponseWriter, r *http.Request, err error) bool {
	if !errors.Is(err, errStaleToken) || surfaceOf(r) != HTML || r.Method != http.MethodPost ||
		r.Header.Get(CSRFHeader) != "" || strings.Contains(r.Header.Get("Accept"), "application/json") ||
		!sameOrigin(r) {
		return false
	}
	ct := r.Header.Get("Content-Type")
	page := expiredPage{Action: r.URL.RequestURI(), Multipart: strings.HasPrefix(ct, "multipart/form-data")}
	if !page.Multipart && !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return false
	}
	// Without a cookie the check refused before reading the body.
	if r.PostForm == nil && parseBody(r) != nil || !cleanValues(r.PostForm) {
		return false
	}
	n, size := 0, 0
	for _, name := range slices.Sorted(maps.Keys(r.PostForm)) {
		if name == CSRFField {
			continue
		}
		// Passwords are never written into a page (see FormFrom).
		if strings.Contains(name, "password") {
			page.Passwords = true
			continue
		}
		for _, v := range r.PostForm[name] {
			n, size = n+1, size+len(name)+len(v)
			page.Fields = append(page.Fields, hiddenField{name, v})
		}
	}
	if r.MultipartForm != nil {
		for _, fhs := range r.MultipartForm.File {
			for _, fh := range fhs {
				page.Files = append(page.Files, fh.Filename)
			}
		}
		slices.Sort(page.Files)
	}
	if n > repostMaxFields || size > repostMaxBytes {
		page = expiredPage{}
	}
	s.Render(w, r, http.StatusForbidden, "web/csrf_expired", page, nil)
	return true
}

// sameOrigin reports whether a browser says the request comes from a page of
// this site: Sec-Fetch-Site, or else the Origin or Referer host. A request
// naming no origin at all is not believed to be one.
func sameOrigin(r *http.Request) bool {
	if crossOrigin.Check(r) != nil {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "", "none":
	default:
		return false
	}
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	return err == nil && u.Host != "" && u.Host == r.Host
}
