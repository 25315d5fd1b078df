package reports

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// apiCacheTTL is how long an answer of GET requests is reused. Apps and
// maps ask for the same newest reports again and again; reading them once
// every two seconds instead of on every request is what lets one small
// server answer thousands of them, and two seconds of delay is nothing for
// data that changes when staff work on a report. The Open311 writes of
// this process empty the cache at once.
const apiCacheTTL = 2 * time.Second

// apiCacheMax bounds the entries: distinct queries (another bbox, another
// page) beyond it start a fresh cache rather than grow it.
const apiCacheMax = 256

// apiCache holds encoded answers by database, language and request.
type apiCache struct {
	mu      sync.Mutex
	entries map[apiCacheKey]apiCached
}

type apiCacheKey struct {
	db   *db.DB // the town: one database per town
	lang string
	uri  string
}

type apiCached struct {
	body    []byte
	expires time.Time
}

// apiCaches keeps each Module's cache without a field in Module, whose
// struct the API does not own.
var apiCaches sync.Map // *Module → *apiCache

func (m *Module) apiCache() *apiCache {
	if c, ok := apiCaches.Load(m); ok {
		return c.(*apiCache)
	}
	c, _ := apiCaches.LoadOrStore(m, &apiCache{entries: map[apiCacheKey]apiCached{}})
	return c.(*apiCache)
}

func apiCacheKeyOf(r *http.Request) apiCacheKey {
	return apiCacheKey{db: db.From(r.Context()), lang: web.Lang(r), uri: r.URL.RequestURI()}
}

// get returns a fresh answer for k.
func (c *apiCache) get(k apiCacheKey, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.body, true
}

// put keeps body for k until the TTL has passed.
func (c *apiCache) put(k apiCacheKey, body []byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= apiCacheMax {
		for key, e := range c.entries {
			if now.After(e.expires) {
				delete(c.entries, key)
			}
		}
		if len(c.entries) >= apiCacheMax {
			c.entries = map[apiCacheKey]apiCached{}
		}
	}
	c.entries[k] = apiCached{body: body, expires: now.Add(apiCacheTTL)}
}

// clear forgets every answer, after a write.
func (c *apiCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}

// apiCached answers r from the cache when it can.
func (m *Module) apiServeCached(w http.ResponseWriter, r *http.Request, f open311.Format) bool {
	body, ok := m.apiCache().get(apiCacheKeyOf(r), time.Now())
	if !ok {
		return false
	}
	m.apiWriteBody(w, f, body)
	return true
}

// apiWriteBody sends an encoded document.
func (m *Module) apiWriteBody(w http.ResponseWriter, f open311.Format, body []byte) {
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
