package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// xssPayloads is what an attacker types into text fields: markup that runs
// script when echoed without escaping, and input that trips careless code.
var xssPayloads = []struct{ name, value string }{
	{"script element", "<script>alert(1)</script>"},
	{"attribute breakout", `"><img src=x onerror=alert(1)>`},
	{"javascript URL", "javascript:alert(1)"},
	{"context breakout", `'"--></style></script><svg onload=alert(1)>`},
	{"template syntax", "{{7*7}} ${7*7} <%= 7*7 %> {{template \"layout\" .}}"},
	{"unicode tricks", "Bürger\u202egnp.exe\u202c \u200b\ufeff\u2028\u2029 e\u0301 𝕏 ﷽ <\uff1cscript\uff1e"},
	{"control characters", "Zeile\r\nzwei\ttab\vvt \x1b[31mrot \x7f\u0085"},
	{"NUL byte", "nul\x00byte"},
	{"invalid UTF-8", "ab\xff\xfe\xc3("},
	{"very long", strings.Repeat("<b>sehr lang</b>", 8000)},
}

// rawMarkers betray a payload that reached a page without escaping.
var rawMarkers = []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>"}

// unescaped lists the signs of injected markup in an HTML page: raw payload
// markup, event-handler attributes (the shell's CSP forbids them, so none is
// ours), javascript: URLs and scripts that call alert.
func unescaped(body string) []string {
	var found []string
	for _, m := range rawMarkers {
		if strings.Contains(body, m) {
			found = append(found, "raw "+m)
		}
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return append(found, "unparsable: "+err.Error())
	}
	each(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				found = append(found, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
			}
			switch key {
			case "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc":
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(v, "javascript:") || strings.Contains(v, "<script") {
					found = append(found, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
				}
			}
		}
		if n.Data == "script" && strings.Contains(text(n), "alert(") {
			found = append(found, "<script>"+text(n))
		}
	})
	return found
}

func TestUnescapedFindsInjectedMarkup(t *testing.T) {
	for _, tc := range []struct {
		body  string
		found bool
	}{
		{`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`, false},
		{`<input value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;">`, false},
		{`<a href="#javascript:alert(1)">x</a>`, false},
		{`<textarea>&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;</textarea>`, false},
		{`<p><script>alert(1)</script></p>`, true},
		{`<input value=""><img src=x onerror=alert(1)>">`, true},
		{`<a href="javascript:alert(1)">x</a>`, true},
		{`<a href=" JaVaScRiPt:alert(1)">x</a>`, true},
		{`<textarea></textarea><svg onload=alert(1)></textarea>`, true},
	} {
		if got := len(unescaped(tc.body)) > 0; got != tc.found {
			t.Errorf("%s: found = %v, want %v", tc.body, got, tc.found)
		}
	}
}

// TestXSS types every payload into every text field of every form the roles
// can reach, then reads every page again: no payload may come back as markup,
// and no page may fail with a 5xx.
func TestXSS(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Parallel()
		srv := testkit.NewServer(t, e)
		w := newSharedWorld(t, srv)
		routes := srv.App.Site.Routes()
		// check fails on injected markup and, unless the caller counts them
		// itself, on server errors.
		check := func(what string, resp *testkit.Response, serverErrors bool) {
			t.Helper()
			if serverErrors && resp.StatusCode >= 500 {
				t.Errorf("%s: status %d:\n%s", what, resp.StatusCode, testkit.Excerpt(resp.Body))
			}
			if loc := resp.Header.Get("Location"); loc != "" && !localRedirect(loc, srv.URL) {
				t.Errorf("%s: redirects away from the town hall, to %q", what, loc)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				return
			}
			for _, f := range unescaped(resp.Body) {
				t.Errorf("%s: injected markup in the page: %s", what, f)
			}
		}

		// Query parameters that pages may echo (a return address, a search,
		// a token from a mail) carry the payloads too.
		for _, r := range roles {
			for _, path := range w.pages(routes, r) {
				for _, p := range xssPayloads[:4] {
					v := url.Values{}
					for _, name := range []string{"next", "q", "token", "email", "page", "from", "to"} {
						v.Set(name, p.value)
					}
					check(fmt.Sprintf("GET %s as %s with %s in the query", path, r, p.name), w.client(r).Get(withQuery(path, v)), true)
				}
			}
		}

		// Find the forms, each with the first (least privileged) role that
		// sees it.
		type found struct {
			f form
			r role
		}
		var forms []found
		seenForm := map[string]bool{}
		for _, r := range roles {
			pages := crawl(w.client(r), w.pages(routes, r), 200)
			// Steps of a flow (choose a category, then the place, then the
			// details) are reached by sending the GET form of the step
			// before, filled in plausibly.
			for i := 0; i < len(pages) && i < 400; i++ {
				p := pages[i]
				fs, err := parseForms(p.Path, p.Resp.Body)
				if err != nil {
					t.Fatalf("parse %s: %v", p.Path, err)
				}
				for _, f := range fs {
					if seenForm[f.key()] {
						continue
					}
					seenForm[f.key()] = true
					if len(f.textFields()) > 0 {
						forms = append(forms, found{f, r})
					}
					if f.Method == http.MethodGet {
						next := withQuery(f.Action, f.values("", "", 0))
						if resp := w.client(r).Get(next); resp.StatusCode == http.StatusOK {
							pages = append(pages, page{Path: next, Resp: resp})
						}
					}
				}
			}
		}
		t.Logf("%d forms with text fields", len(forms))

		seq := 0
		for _, fr := range forms {
			statuses := map[int]int{}
			for _, name := range fr.f.textFields() {
				var failed []string
				var example string
				for _, p := range xssPayloads {
					seq++
					c := w.client(fr.r)
					v := fr.f.values(name, p.value, seq)
					var resp *testkit.Response
					if fr.f.Method == http.MethodGet {
						resp = c.Get(withQuery(fr.f.Action, v))
					} else {
						v.Set(web.CSRFField, c.CSRF())
						resp = c.Send(http.MethodPost, fr.f.Action, v)
					}
					statuses[resp.StatusCode]++
					if resp.StatusCode >= 500 {
						failed = append(failed, p.name)
						example = testkit.Excerpt(resp.Body)
					}
					what := fmt.Sprintf("%s %s as %s (form on %s), %s in %q", fr.f.Method, fr.f.Action, fr.r, fr.f.Page, p.name, name)
					check(what, resp, false)
					if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/") {
						check("GET "+loc+" after "+what, c.Get(loc), true)
					}
				}
				if len(failed) > 0 {
					t.Errorf("%s %s as %s (form on %s): a server error for %v in %q:\n%s", fr.f.Method, fr.f.Action, fr.r, fr.f.Page, failed, name, example)
				}
			}
			t.Logf("%s %s as %s: %d text fields, answers %v", fr.f.Method, fr.f.Action, fr.r, len(fr.f.textFields()), statuses)
		}

		// Every page, as every role, now that hostile data is stored.
		for _, r := range roles {
			for _, p := range crawl(w.client(r), w.pages(routes, r), 300) {
				check(fmt.Sprintf("GET %s as %s", p.Path, r), p.Resp, true)
			}
		}
		if len(forms) == 0 {
			t.Error("no form with a text field found: the XSS test checked nothing")
		}
	})
}

// withQuery adds v to path's query.
func withQuery(path string, v url.Values) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	for k, vs := range v {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// localRedirect reports whether a Location header stays on the town hall:
// a path on the same site, or an absolute URL of it. Anything else after
// hostile input is an open redirect (or a javascript: URL).
func localRedirect(loc, base string) bool {
	if strings.HasPrefix(loc, base+"/") || loc == base {
		return true
	}
	return strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.HasPrefix(loc, "/\\")
}

func TestLocalRedirect(t *testing.T) {
	base := "http://127.0.0.1:8080"
	for loc, want := range map[string]bool{
		"/account":                     true,
		"/login?next=%2Fadmin":         true,
		base + "/account":              true,
		"//evil.example/":              false,
		"/\\evil.example":              false,
		"https://evil.example/":        false,
		"javascript:alert(1)":          false,
		base + ".evil.example/account": false,
	} {
		if got := localRedirect(loc, base); got != want {
			t.Errorf("localRedirect(%q) = %v, want %v", loc, got, want)
		}
	}
}
