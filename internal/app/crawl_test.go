package app_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// pages returns the paths of the GET pages (HTML surface) that r may open,
// with path parameters filled from w, and the 404 page.
func (w *world) pages(routes []web.Route, r role) []string {
	w.t.Helper()
	var out []string
	for _, rt := range routes {
		if rt.Surface != web.HTML || (rt.Method != http.MethodGet && rt.Method != "ANY") {
			continue
		}
		if !slices.Contains(access[rt.Pattern()], r) {
			continue
		}
		_, path, err := w.request(rt)
		if err != nil {
			w.t.Fatal(err)
		}
		if !slices.Contains(out, path) {
			out = append(out, path)
		}
	}
	return out
}

// page is a fetched HTML page.
type page struct {
	Path string
	Resp *testkit.Response
}

// crawl fetches start as c and follows same-site links breadth-first, up to
// limit pages, and returns the HTML pages. Language switches are not
// followed (they would only fetch every page twice).
func crawl(c *testkit.Client, start []string, limit int) []page {
	seen := map[string]bool{}
	queue := append([]string(nil), start...)
	var out []page
	for len(queue) > 0 && len(seen) < limit {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		resp := c.Get(p)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		out = append(out, page{Path: p, Resp: resp})
		for _, l := range links(p, resp.Body) {
			u, err := url.Parse(l)
			if err != nil || u.Query().Has("lang") || strings.HasPrefix(u.Path, "/static/") || seen[l] {
				continue
			}
			queue = append(queue, l)
		}
	}
	return out
}
