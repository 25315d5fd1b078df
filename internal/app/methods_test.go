package app_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// allowOrder is the order in which the shell lists methods in Allow.
var allowOrder = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// concretePath fills a route's parameters with "1" ({$} with nothing), an
// address that matches that route and no other.
func concretePath(p string) string {
	return pathParam.ReplaceAllStringFunc(p, func(s string) string {
		if s == "{$}" {
			return ""
		}
		return "1"
	})
}

// matches reports whether a route path matches a concrete path, as the
// mux matches: {x} one segment, {x...} the rest, {$} the end, a trailing
// "/" everything below.
func matches(route, path string) bool {
	if strings.HasSuffix(route, "/") {
		return strings.HasPrefix(path, route)
	}
	rs, ps := strings.Split(route, "/"), strings.Split(path, "/")
	for i, r := range rs {
		switch {
		case r == "{$}":
			return i == len(ps)-1 && ps[i] == ""
		case strings.HasSuffix(r, "...}"):
			return i < len(ps)
		case i >= len(ps):
			return false
		case strings.HasPrefix(r, "{"):
			if ps[i] == "" {
				return false
			}
		case r != ps[i]:
			return false
		}
	}
	return len(rs) == len(ps)
}

// wantAllow is what Allow must say for a concrete path: the methods of
// every route that matches it (another route's {param} may match a fixed
// segment), HEAD with GET, OPTIONS where a CORS preflight covers the path.
func wantAllow(routes []web.Route, path string) string {
	has := map[string]bool{}
	for _, rt := range routes {
		if rt.Method != "ANY" && matches(rt.Path, path) {
			has[rt.Method] = true
		}
	}
	has[http.MethodHead] = has[http.MethodHead] || has[http.MethodGet]
	var out []string
	for _, m := range allowOrder {
		if has[m] {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

// wantType is the content type a route's errors come in.
func wantType(rt web.Route, path string) string {
	switch {
	case rt.Surface == web.HTML:
		return "text/html"
	// Open311 answers in XML unless the address asks for JSON.
	case strings.HasPrefix(path, "/georeport/") && !strings.HasSuffix(path, ".json"):
		return "xml"
	default:
		return "json"
	}
}

// TestEveryRouteRefusesOtherMethodsWith405 sends each address of the town
// hall every method it has no route for: the answer is 405 with the Allow
// header listing what the address takes, in the address's error format,
// never the 404 page and never a 5xx. A POST comes without a CSRF token, as
// a stray client's would.
func TestEveryRouteRefusesOtherMethodsWith405(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Parallel()
		srv := testkit.NewServer(t, e)
		routes := srv.App.Site.Routes()
		c := srv.Client()
		seen := map[string]bool{}
		for _, rt := range routes {
			// Catch-alls take every method; a subtree route (a preflight)
			// has no address of its own.
			if rt.Method == "ANY" || strings.HasSuffix(rt.Path, "/") || seen[rt.Path] {
				continue
			}
			seen[rt.Path] = true
			path := concretePath(rt.Path)
			allow := wantAllow(routes, path)
			for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
				if slices.Contains(strings.Split(allow, ", "), m) {
					continue
				}
				resp := c.Send(m, path, nil)
				if resp.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("%s %s (route %s): status %d, want 405:\n%s", m, path, rt.Pattern(), resp.StatusCode, testkit.Excerpt(resp.Body))
					continue
				}
				if got := resp.Header.Get("Allow"); got != allow {
					t.Errorf("%s %s: Allow %q, want %q", m, path, got, allow)
				}
				if ct, want := resp.Header.Get("Content-Type"), wantType(rt, path); !strings.Contains(ct, want) {
					t.Errorf("%s %s: Content-Type %q, want %s", m, path, ct, want)
				}
			}
		}
		if len(seen) < 50 {
			t.Fatalf("only %d addresses swept: the route list looks wrong", len(seen))
		}
	})
}

// TestTrailingSlashFindsEveryPage asks each GET address with a trailing
// slash: the answer is a permanent redirect to the address without it.
func TestTrailingSlashFindsEveryPage(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Parallel()
		srv := testkit.NewServer(t, e)
		c := srv.Client()
		for _, rt := range srv.App.Site.Routes() {
			path := concretePath(rt.Path)
			// {file...} takes the slash as part of its value.
			if rt.Method != http.MethodGet || strings.HasSuffix(path, "/") || strings.Contains(rt.Path, "...}") {
				continue
			}
			resp := c.Send(http.MethodGet, path+"/?x=1", nil)
			if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != path+"?x=1" {
				t.Errorf("GET %s/?x=1: %d to %q, want 308 to %q", path, resp.StatusCode, resp.Header.Get("Location"), path+"?x=1")
			}
		}
		for _, path := range []string{"//evil.example/", "/%2F%2Fevil.example/", "/%5Cevil.example/", "/nothing/"} {
			resp := c.Send(http.MethodGet, path, nil)
			if loc := resp.Header.Get("Location"); strings.Contains(loc, "evil") && !strings.HasPrefix(loc, "/evil") && !strings.HasPrefix(loc, "/%") {
				t.Errorf("GET %s: redirected off the site to %q", path, loc)
			}
			if resp.StatusCode == http.StatusPermanentRedirect {
				t.Errorf("GET %s: 308 to %q for an address without a page", path, resp.Header.Get("Location"))
			}
		}
	})
}
