package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func TestCacheableRoutes(t *testing.T) {
	defer web.SetCacheMaxBytes(1 << 20)()
	site, err := web.New(web.Options{DefaultLang: "de"})
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]int{}
	site.HandleFunc("GET /plain", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		calls["plain"]++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "call %d", calls["plain"])
	}, web.Cacheable)
	site.HandleFunc("GET /form", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		calls["form"]++
		fmt.Fprintf(w, "token %s", site.CSRFToken(w, r))
	}, web.Cacheable)
	site.HandleFunc("GET /data", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		calls["data"]++
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Cache-Control", "public, max-age=60")
		// 100 kB per URL: 40 URLs are four times the cache's bytes.
		w.Write([]byte(r.URL.RawQuery))
		w.Write(bytes.Repeat([]byte("x"), 100<<10))
	}, web.Cacheable)
	h, err := site.Build()
	if err != nil {
		t.Fatal(err)
	}
	var last *httptest.ResponseRecorder
	get := func(path string, cookies ...*http.Cookie) string {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		last = rec
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	t.Run("anonymous visitors share one rendering", func(t *testing.T) {
		first, second := get("/plain"), get("/plain")
		if calls["plain"] != 1 || first != second {
			t.Fatalf("handler ran %d times (%q, %q), want once", calls["plain"], first, second)
		}
	})
	t.Run("each language is kept apart", func(t *testing.T) {
		get("/plain?lang=en")
		if calls["plain"] != 2 {
			t.Fatalf("handler ran %d times, want 2", calls["plain"])
		}
	})
	t.Run("a session bypasses the cache", func(t *testing.T) {
		before := calls["plain"]
		get("/plain", &http.Cookie{Name: web.SessionCookie, Value: "x"})
		get("/plain", &http.Cookie{Name: web.SessionCookie, Value: "x"})
		if calls["plain"] != before+2 {
			t.Fatalf("handler ran %d times, want %d", calls["plain"], before+2)
		}
	})
	t.Run("a page with a CSRF token is never kept", func(t *testing.T) {
		a, b := get("/form"), get("/form")
		if calls["form"] != 2 || a == b {
			t.Fatalf("handler ran %d times (%q, %q), want 2 different tokens", calls["form"], a, b)
		}
	})
	t.Run("a cached answer keeps the handler's Cache-Control", func(t *testing.T) {
		get("/data?keep")
		get("/data?keep")
		if calls["data"] != 1 || last.Header().Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("handler ran %d times, Cache-Control %q", calls["data"], last.Header().Get("Cache-Control"))
		}
	})
	t.Run("large answers start the cache over instead of growing it", func(t *testing.T) {
		for i := range 40 {
			get(fmt.Sprintf("/data?box=%d", i))
		}
		before := calls["data"]
		get("/data?box=0")
		if calls["data"] != before+1 {
			t.Fatalf("the first of 4 MB of answers was still cached: the cache holds more than its bound")
		}
		get("/data?box=39")
		if calls["data"] != before+1 {
			t.Fatalf("the newest answer was not cached")
		}
	})
}
