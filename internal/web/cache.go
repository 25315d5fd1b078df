package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
	"time"
)

// cacheTTL is how long a rendered public page is reused. A few seconds
// ("micro-caching") take the load of a busy start page off the template
// engine while an edit by the admin still shows almost at once.
const cacheTTL = 5 * time.Second

type cachedPage struct {
	status      int
	contentType string
	// cacheControl is the handler's own header (map data lets browsers
	// keep it); pages leave it empty and are sent as no-store.
	cacheControl string
	body, gz     []byte
	expires      time.Time
}

// pageCache holds rendered pages of routes registered with Cacheable, for
// visitors without a session; pages that embed a CSRF token are never kept.
type pageCache struct {
	mu    sync.RWMutex
	pages map[string]*cachedPage
	bytes int // bodies held, plain and gzipped
}

// Many distinct URLs (query strings, map boxes) would otherwise grow the
// cache without bound; starting over at either limit is cheap.
const cacheMaxPages = 1000

var cacheMaxBytes = 16 << 20 // a variable for the tests

type cacheable struct{}

func (cacheable) apply(c *routeConfig) { c.cacheable = true }

// Cacheable lets the shell reuse a route's rendered page for anonymous
// visitors for a few seconds. Use it only for public pages that look the
// same for every anonymous visitor of a language.
var Cacheable RouteOption = cacheable{}

// cacheKey returns the key of r's page, or "" when r must not use the cache.
func cacheKey(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	for _, name := range []string{SessionCookie, FlashCookie} {
		if _, err := r.Cookie(name); err == nil {
			return ""
		}
	}
	return Lang(r) + " " + r.URL.RequestURI()
}

func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, key string, now time.Time) bool {
	c.mu.RLock()
	p := c.pages[key]
	c.mu.RUnlock()
	if p == nil || now.After(p.expires) {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	if p.cacheControl != "" {
		h.Set("Cache-Control", p.cacheControl)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	body := p.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return true
}

func (c *pageCache) store(key string, rec *captureWriter, now time.Time) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(rec.buf.Bytes())
	zw.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	size := rec.buf.Len() + gz.Len()
	if c.pages == nil || len(c.pages) >= cacheMaxPages || c.bytes+size > cacheMaxBytes {
		c.pages, c.bytes = map[string]*cachedPage{}, 0
	}
	if old := c.pages[key]; old != nil {
		c.bytes -= len(old.body) + len(old.gz)
	}
	c.pages[key] = &cachedPage{status: rec.status, contentType: rec.Header().Get("Content-Type"),
		cacheControl: rec.Header().Get("Cache-Control"), body: bytes.Clone(rec.buf.Bytes()), gz: gz.Bytes(), expires: now.Add(cacheTTL)}
	c.bytes += size
}

// captureWriter passes a response through and keeps a copy of its body.
type captureWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (c *captureWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	c.buf.Write(b)
	return c.ResponseWriter.Write(b)
}

// withCache serves and fills the page cache around h.
func (s *Site) withCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := cacheKey(r)
		now := time.Now()
		if key == "" {
			h.ServeHTTP(w, r)
			return
		}
		if s.cache.serve(w, r, key, now) {
			return
		}
		rec := &captureWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if rec.status == http.StatusOK && state(r).csrf == "" && r.Method == http.MethodGet {
			s.cache.store(key, rec, now)
		}
	})
}

// PurgeCache forgets every cached page, for changes that show on public
// pages at once (the town's name). Other instances catch up within cacheTTL.
func (s *Site) PurgeCache() {
	s.cache.mu.Lock()
	s.cache.pages, s.cache.bytes = nil, 0
	s.cache.mu.Unlock()
}
