package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// SessionCookie holds the session token.
const SessionCookie = "rathaus_session"

// LangCookie remembers the chosen language.
const LangCookie = "rathaus_lang"

type reqState struct {
	site      *Site
	lang      string
	csrf      string
	once      sync.Once
	principal *auth.Principal
	err       error
	r         *http.Request
	// clientIP is ClientIP's answer, worked out once per request.
	clientIP netip.Addr
}

type stateKey struct{}

func state(r *http.Request) *reqState {
	st, _ := r.Context().Value(stateKey{}).(*reqState)
	if st == nil {
		panic("web: request did not pass the shell's middleware")
	}
	return st
}

// PrincipalOf returns who makes the request, loading the session on first use
// so static files and health checks never touch the session table.
func PrincipalOf(r *http.Request) *auth.Principal {
	st := state(r)
	st.once.Do(func() {
		st.principal = auth.Anonymous
		if st.site.opts.Auth == nil {
			return
		}
		c, err := r.Cookie(SessionCookie)
		if err != nil {
			return
		}
		p, err := st.site.opts.Auth.Principal(r.Context(), c.Value)
		if err != nil {
			st.err = err
			return
		}
		st.principal = p
		if p.SignedIn() && p.User.Lang != "" && st.lang == "" {
			st.lang = p.User.Lang
		}
	})
	return st.principal
}

// Lang returns the language of the response.
func Lang(r *http.Request) string {
	st := state(r)
	if st.lang == "" {
		PrincipalOf(r)
	}
	if st.lang == "" {
		return st.site.opts.DefaultLang
	}
	return st.lang
}

// T translates key into the request's language.
func (s *Site) T(r *http.Request, key string, args ...any) string {
	return s.catalog.T(Lang(r), key, args...)
}

func (s *Site) middleware(next http.Handler) http.Handler {
	h := s.withGzip(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		st := &reqState{site: s, clientIP: clientAddr(r, s.opts.TrustedProxies)}
		if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
			st.lang = l
			http.SetCookie(rec, &http.Cookie{Name: LangCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.isSecure(r), SameSite: http.SameSiteLaxMode})
		} else if c, err := r.Cookie(LangCookie); err == nil && i18n.Supported(c.Value) {
			st.lang = c.Value
		}
		ctx := context.WithValue(r.Context(), stateKey{}, st)
		if s.opts.DB != nil {
			ctx = db.With(ctx, s.opts.DB)
		}
		r = r.WithContext(ctx)
		st.r = r
		s.securityHeaders(rec, r)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !rec.wrote {
					s.Error(rec, r, errs.E(errs.Internal, "error.internal"))
				}
			}
			level := slog.LevelDebug
			if rec.status >= 500 {
				level = slog.LevelError
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration_ms", float64(time.Since(start).Microseconds())/1000, "ip", ClientIP(r))
		}()
		h.ServeHTTP(rec, r)
	})
}

func (s *Site) isSecure(r *http.Request) bool { return s.secure || r.TLS != nil }

func (s *Site) securityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:"+s.imgSources+"; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "geolocation=(self), camera=(self), microphone=(), payment=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.isSecure(r) {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

// routeHandler wraps one route: metrics, body limit, CSRF, the access rule.
func (s *Site) routeHandler(pattern string, rule auth.Rule, cfg routeConfig, h http.Handler) http.Handler {
	fail := s.Error
	if cfg.onError != nil {
		fail = cfg.onError
	}
	var inner http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		if r.Body != nil && cfg.bodyLimit > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, cfg.bodyLimit)
		}
		if cfg.surface == API {
			r = r.WithContext(context.WithValue(r.Context(), surfaceKey{}, API))
		}
		unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
		if unsafe && !cfg.noCSRF {
			if err := s.checkCSRF(r); err != nil {
				fail(w, r, err)
				return
			}
		}
		if err := checkText(r); err != nil {
			fail(w, r, err)
			return
		}
		p := PrincipalOf(r)
		if st.err != nil {
			fail(w, r, st.err)
			return
		}
		if !rule.Allow(r, p) {
			if !p.SignedIn() && cfg.surface == HTML && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !p.SignedIn() {
				fail(w, r, errs.E(errs.Unauthorized, "error.unauthorized"))
				return
			}
			fail(w, r, errs.E(errs.Forbidden, "error.forbidden"))
			return
		}
		h.ServeHTTP(w, r)
	})
	if cfg.cacheable {
		inner = s.withCache(inner)
	}
	if s.metrics != nil {
		inner = s.metrics.wrap(pattern, inner)
	}
	return inner
}

type surfaceKey struct{}

func surfaceOf(r *http.Request) Surface {
	if v, ok := r.Context().Value(surfaceKey{}).(Surface); ok {
		return v
	}
	return HTML
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status = code
		s.wrote = true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// IsMaxBytes reports whether err came from a body over its limit.
func IsMaxBytes(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe) || (err != nil && strings.Contains(err.Error(), "request body too large"))
}
