package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// CSRFCookie holds the browser's CSRF secret; forms echo it in CSRFField.
const (
	CSRFCookie = "rathaus_csrf"
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

var crossOrigin = http.NewCrossOriginProtection()

// errStaleToken marks a request that passed the origin check but lacks the
// matching token: most often an honest form whose cookie expired or was
// dropped, which Site.Error may offer to send again (csrf_expired.go).
var errStaleToken = errors.New("csrf: token missing or not matching the cookie")

// CSRFToken returns the token for the forms of this response, setting the
// cookie on first use (double-submit: a cross-site page can neither read the
// cookie nor set it, so it cannot send a matching field).
func (s *Site) CSRFToken(w http.ResponseWriter, r *http.Request) string {
	st := state(r)
	if st.csrf != "" {
		return st.csrf
	}
	if c, err := r.Cookie(CSRFCookie); err == nil && len(c.Value) >= 32 {
		st.csrf = c.Value
		return st.csrf
	}
	st.csrf = auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: CSRFCookie, Value: st.csrf, Path: "/", HttpOnly: true,
		Secure: s.isSecure(r), SameSite: http.SameSiteLaxMode})
	return st.csrf
}

// checkCSRF refuses unsafe requests from other origins (Sec-Fetch-Site /
// Origin, Go's CrossOriginProtection) and those without the matching token.
func (s *Site) checkCSRF(r *http.Request) error {
	if err := crossOrigin.Check(r); err != nil {
		return errs.Wrap(errs.Forbidden, "error.csrf", err)
	}
	c, err := r.Cookie(CSRFCookie)
	if err != nil || c.Value == "" {
		return errs.Wrap(errs.Forbidden, "error.csrf", errStaleToken)
	}
	sent := r.Header.Get(CSRFHeader)
	if sent == "" {
		if err := parseBody(r); err != nil {
			return err
		}
		sent = r.PostFormValue(CSRFField)
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(c.Value)) != 1 {
		return errs.Wrap(errs.Forbidden, "error.csrf", errStaleToken)
	}
	return nil
}

// parseBody reads a posted form, multipart or not.
func parseBody(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	switch {
	case err == nil:
		return nil
	case IsMaxBytes(err):
		return errs.Wrap(errs.TooLarge, "error.too_large", err)
	default:
		return errs.Wrap(errs.BadRequest, "error.bad_request", err)
	}
}

// SetSessionCookie gives the browser its session token: HttpOnly, SameSite
// Lax, and Secure when served over TLS.
func (s *Site) SetSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.isSecure(r), SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie removes the session cookie.
func (s *Site) ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.isSecure(r), SameSite: http.SameSiteLaxMode})
}
