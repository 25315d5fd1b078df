package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// probeMethods are the methods asked about when an address has no route for
// the request's method, in the order the Allow header lists them.
var probeMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// catchAll wraps a route without a method (a 404 handler). The mux sends
// every request there that no route of its method matches, which hides the
// mux's own 405; so before h answers "not found", a wrong method on a known
// address gets 405 with Allow, and a GET of a known address with a trailing
// slash is sent to the address without it.
func (s *Site) catchAll(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow, cfg, ok := s.allowed(r); ok {
			s.methodNotAllowed(w, r, allow, cfg)
			return
		}
		if loc, ok := s.slashless(r); ok {
			w.Header().Set("Location", loc)
			w.WriteHeader(http.StatusPermanentRedirect)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// methodNotAllowed answers 405 in the format of the route the address
// belongs to: the HTML page, our API's JSON or a protocol's own errors.
func (s *Site) methodNotAllowed(w http.ResponseWriter, r *http.Request, allow []string, cfg routeConfig) {
	list := strings.Join(allow, ", ")
	w.Header().Set("Allow", list)
	r = r.WithContext(context.WithValue(r.Context(), surfaceKey{}, cfg.surface))
	fail := s.Error
	if cfg.onError != nil {
		fail = cfg.onError
	}
	fail(w, r, errs.E(errs.MethodNotAllowed, "error.method_not_allowed", r.Method, list))
}

// allowed returns the methods r's address answers and the options of the
// first route among them. ok is false when no route (other than catch-alls
// and subtree routes such as a CORS preflight) knows the address.
func (s *Site) allowed(r *http.Request) (allow []string, cfg routeConfig, ok bool) {
	var first routeConfig
	known := false
	for _, m := range probeMethods {
		c, found := s.routeFor(r, m, r.URL)
		if !found {
			continue
		}
		if len(allow) == 0 {
			first = c
		}
		allow = append(allow, m)
		known = known || !c.subtree
	}
	if !known {
		return nil, routeConfig{}, false
	}
	return allow, first, true
}

// slashless returns where a GET or HEAD of a path with a trailing slash
// belongs when only the path without it has a route: always a path on this
// host, with the query kept.
func (s *Site) slashless(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	p := r.URL.Path
	if p == "/" || !strings.HasSuffix(p, "/") {
		return "", false
	}
	u := &url.URL{Path: strings.TrimRight(p, "/"), RawPath: strings.TrimRight(r.URL.RawPath, "/")}
	loc := u.EscapedPath()
	// "//host" or "/\host" would send a browser to another site.
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
		return "", false
	}
	if c, ok := s.routeFor(r, http.MethodGet, u); !ok || c.subtree {
		return "", false
	}
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	return loc, true
}

// routeFor asks the mux which route would answer method on u's path and
// returns its options; catch-alls do not count.
func (s *Site) routeFor(r *http.Request, method string, u *url.URL) (routeConfig, bool) {
	probe := r.WithContext(r.Context())
	probe.Method = method
	probe.URL = u
	_, pattern := s.mux.Handler(probe)
	c, ok := s.configs[pattern]
	if !ok || c.catchAll {
		return routeConfig{}, false
	}
	return c, true
}
