package app_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// csrfAttack is a forged request: what it sends as the CSRF token and which
// headers a browser would add when another site makes it.
type csrfAttack struct {
	name    string
	token   func(valid string) string // "" sends no token field
	headers map[string]string
}

var csrfAttacks = []csrfAttack{
	{name: "no token", token: func(string) string { return "" }},
	{name: "wrong token", token: func(string) string { return auth.NewToken() }},
	{name: "valid token from a cross-site page", token: func(v string) string { return v },
		headers: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}},
	{name: "valid token from a sibling site", token: func(v string) string { return v },
		headers: map[string]string{"Sec-Fetch-Site": "same-site"}},
	{name: "valid token with a foreign Origin only", token: func(v string) string { return v },
		headers: map[string]string{"Origin": "https://evil.example"}},
}

// TestCSRF sends every state-changing route, as a signed-in admin, forged
// in each way a cross-site attacker could: each must be refused with 403 and
// leave the database as it was. The same request with the valid token from
// the town hall's own page passes the CSRF check.
func TestCSRF(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Parallel()
		srv := testkit.NewServer(t, e)
		checked := 0
		for _, rt := range srv.App.Site.Routes() {
			if !unsafe(rt) || rt.NoCSRF {
				continue
			}
			checked++
			t.Run(rt.Pattern(), func(t *testing.T) {
				w := newWorld(t, srv)
				method, path, err := w.request(rt)
				if err != nil {
					t.Fatal(err)
				}
				// Each attack has a signed-in admin of its own, made before
				// the snapshot (a new session is a row).
				clients := make([]*testkit.Client, len(csrfAttacks))
				for i := range clients {
					clients[i] = w.client(admin)
				}
				before, err := takeSnapshot(t.Context(), srv.App.DB)
				if err != nil {
					t.Fatal(err)
				}
				for i, a := range csrfAttacks {
					c := clients[i]
					form := url.Values{"name": {"Gefälscht"}, "email": {"forged@example.org"}}
					if tok := a.token(c.CSRF()); tok != "" {
						form.Set(web.CSRFField, tok)
					}
					req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					for k, v := range a.headers {
						req.Header.Set(k, v)
					}
					resp := do(t, c, req)
					if resp.StatusCode != http.StatusForbidden {
						t.Errorf("%s %s, %s: status %d, want 403:\n%s", method, path, a.name, resp.StatusCode, testkit.Excerpt(resp.Body))
					}
					after, err := takeSnapshot(t.Context(), srv.App.DB)
					if err != nil {
						t.Fatal(err)
					}
					if d := before.diff(after); d != "" {
						t.Errorf("%s %s, %s: the database changed:\n%s", method, path, a.name, d)
					}
					before = after
				}
				r := csrfRole(rt)
				c := w.client(r)
				form := url.Values{web.CSRFField: {c.CSRF()}}
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("Origin", srv.URL)
				resp := do(t, c, req)
				if resp.StatusCode == http.StatusForbidden || resp.StatusCode >= 500 {
					t.Errorf("%s %s as %s with a valid token from the same origin: status %d, want it past the CSRF check:\n%s",
						method, path, r, resp.StatusCode, testkit.Excerpt(resp.Body))
				}
			})
		}
		if checked == 0 {
			t.Fatal("no state-changing route found: the CSRF test checked nothing")
		}
	})
}

// csrfRole is who makes the honest request: the admin, or the least
// privileged role the authorization table lets through.
func csrfRole(rt web.Route) role {
	allowed := access[rt.Pattern()]
	if slices.Contains(allowed, admin) || len(allowed) == 0 {
		return admin
	}
	return allowed[0]
}

// do sends req with c's cookies and reads the answer.
func do(t testing.TB, c *testkit.Client, req *http.Request) *testkit.Response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	return &testkit.Response{Response: resp, Body: string(b)}
}
