package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestServeAnswersPagesHealthAndMetrics(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := startServe(t, environ(t, e))
		c := newClient(t, s.URL)
		for _, tc := range []struct {
			path, want string
		}{
			{"/", "<h1"},
			{"/healthz", "ok"},
			{"/readyz", "ok"},
		} {
			r := c.get(tc.path)
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, tc.want) {
				t.Errorf("GET %s: status %d, want 200 with %q; body:\n%.500s", tc.path, r.StatusCode, tc.want, r.Body)
			}
		}
		if r := c.get("/no-such-page"); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET /no-such-page: status %d, want 404", r.StatusCode)
		}
		m := c.get("/metrics")
		if m.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics: status %d", m.StatusCode)
		}
		// The metrics docs/OPERATIONS.md names for dashboards and alerts.
		for _, want := range []string{
			`rathaus_http_requests_total{method="GET",route="GET /{$}",status="200"} 1`,
			`rathaus_http_request_duration_seconds_bucket{route="GET /healthz"`,
			"rathaus_mail_outbox_queued 0",
			"rathaus_jobs_due ",
			"go_goroutines ",
			"process_resident_memory_bytes ",
		} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if err := s.Stop(); err != nil {
			t.Errorf("serve returned %v after a normal stop, want nil; stderr:\n%s", err, s.Stderr)
		}
	})
}

func TestServeMetricsWithTokenBehindProxy(t *testing.T) {
	const token = "prometheus-0123456789abcdef"
	s := startServe(t, environ(t, testkit.SQLite, "RATHAUS_METRICS_TOKEN="+token, "RATHAUS_TRUSTED_PROXIES=127.0.0.1,::1"))
	c := newClient(t, s.URL)
	scrape := func(authorization, forwardedFor string) int {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/metrics", nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name, authorization, forwardedFor string
		want                              int
	}{
		{"Prometheus with the token", "Bearer " + token, "", http.StatusOK},
		{"Prometheus through the proxy", "Bearer " + token, "198.51.100.4", http.StatusOK},
		{"without the token", "", "", http.StatusUnauthorized},
		{"a visitor through the proxy", "", "198.51.100.4", http.StatusUnauthorized},
	} {
		if got := scrape(tc.authorization, tc.forwardedFor); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestServeDemoPrintsAccountsThatCanSignIn(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := environ(t, e)
		s := startServe(t, env, "--demo")
		out := s.Stdout.String()
		for _, want := range []string{"Musterstadt", "admin@musterstadt.example", "buerger@musterstadt.example", demo.Password} {
			if !strings.Contains(out, want) {
				t.Errorf("serve --demo output lacks %q:\n%s", want, out)
			}
		}

		c := newClient(t, s.URL)
		requireRoute(t, c, "/login")
		wrong := c.post("/login", url.Values{"email": {"admin@musterstadt.example"}, "password": {"not-the-password"}})
		if wrong.StatusCode != http.StatusUnauthorized || c.cookie("rathaus_session") != "" {
			t.Fatalf("wrong password: status %d, session cookie %q; want 401 and none", wrong.StatusCode, c.cookie("rathaus_session"))
		}
		ok := c.post("/login", url.Values{"email": {"admin@musterstadt.example"}, "password": {demo.Password}})
		if ok.StatusCode != http.StatusSeeOther || c.cookie("rathaus_session") == "" {
			t.Fatalf("demo admin sign-in: status %d, session cookie %q; want 303 and a session; body:\n%s",
				ok.StatusCode, c.cookie("rathaus_session"), testkit.Excerpt(ok.Body))
		}
		if acc := c.get("/account"); acc.StatusCode != http.StatusOK || !strings.Contains(acc.Body, "admin@musterstadt.example") {
			t.Errorf("GET /account after sign-in: status %d, want 200 naming the admin; body:\n%s", acc.StatusCode, testkit.Excerpt(acc.Body))
		}
		if err := s.Stop(); err != nil {
			t.Fatalf("stop: %v", err)
		}

		// A second start on the same database leaves it alone.
		again := startServe(t, env, "--demo")
		if out := again.Stdout.String(); !strings.Contains(out, "demo data not added") || strings.Contains(out, demo.Password) {
			t.Errorf("second serve --demo printed:\n%s\nwant the note that demo data was not added", out)
		}
	})
}

func TestServeStopsOnBadSettingsNamingThem(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		args     []string
		want     string
		wantCode int
	}{
		{name: "unknown variable", env: []string{"RATHAUS_FOO=1"}, want: "RATHAUS_FOO", wantCode: 2},
		{name: "address without port", env: []string{"RATHAUS_ADDR=nonsense"}, want: "RATHAUS_ADDR", wantCode: 2},
		{name: "unsupported language", env: []string{"RATHAUS_LANG=fr"}, want: "RATHAUS_LANG", wantCode: 2},
		{name: "unsupported database", env: []string{"RATHAUS_DATABASE_URL=mysql://x"}, want: "RATHAUS_DATABASE_URL", wantCode: 2},
		{name: "unsupported mail scheme", env: []string{"RATHAUS_SMTP_URL=ftp://x"}, want: "RATHAUS_SMTP_URL", wantCode: 2},
		{name: "base url without scheme", env: []string{"RATHAUS_BASE_URL=rathaus.example"}, want: "RATHAUS_BASE_URL", wantCode: 2},
		{name: "session idle not a duration", args: []string{"--session-idle=soon"}, want: "--session-idle", wantCode: 2},
		{name: "session idle negative", args: []string{"--session-idle", "-5m"}, want: "--session-idle", wantCode: 2},
		{name: "session max zero in env", env: []string{"RATHAUS_SESSION_MAX=0s"}, want: "RATHAUS_SESSION_MAX", wantCode: 2},
		{name: "flag wins over variable", env: []string{"RATHAUS_LANG=en"}, args: []string{"--lang=fr"}, want: "--lang", wantCode: 2},
		{name: "unexpected argument", args: []string{"extra"}, want: `unexpected argument "extra"`, wantCode: 2},
		{name: "unknown flag", args: []string{"--colour=blue"}, want: "colour", wantCode: 2},
		{name: "port out of range", env: []string{"RATHAUS_ADDR=127.0.0.1:99999"}, want: "RATHAUS_ADDR", wantCode: 1},
		{name: "town area file missing", env: []string{"RATHAUS_TOWN_AREA=/nonexistent/town.geojson"}, want: "RATHAUS_TOWN_AREA", wantCode: 2},
		{name: "town area not a polygon", env: []string{"RATHAUS_TOWN_AREA=" + writeFile(t, "town.geojson", `{"type":"Point","coordinates":[9.8,52.6]}`)}, want: "RATHAUS_TOWN_AREA", wantCode: 2},
		{name: "reopen days zero", env: []string{"RATHAUS_REPORTS_REOPEN_DAYS=0"}, want: "RATHAUS_REPORTS_REOPEN_DAYS", wantCode: 2},
		{name: "retention days not a number", env: []string{"RATHAUS_REPORTS_RETENTION_DAYS=drei Monate"}, want: "RATHAUS_REPORTS_RETENTION_DAYS", wantCode: 2},
		{name: "nearby radius too large", args: []string{"--reports-nearby-meters=5000"}, want: "--reports-nearby-meters", wantCode: 2},
		{name: "trusted proxy a host name", env: []string{"RATHAUS_TRUSTED_PROXIES=proxy.intern"}, want: "RATHAUS_TRUSTED_PROXIES", wantCode: 2},
		{name: "trusted proxy range too long", args: []string{"--trusted-proxies=10.0.0.1,10.0.0.0/40"}, want: "--trusted-proxies", wantCode: 2},
		{name: "metrics token too short", env: []string{"RATHAUS_METRICS_TOKEN=kurz"}, want: "RATHAUS_METRICS_TOKEN", wantCode: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := environ(t, testkit.SQLite, tc.env...)
			_, err := tryServe(t, env, tc.args...)
			if err == nil {
				t.Fatal("serve started; want it to stop with an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", err, tc.want)
			}
			if got := exitCode(err); got != tc.wantCode {
				t.Errorf("exit code %d, want %d (error %q)", got, tc.wantCode, err)
			}
			if tc.wantCode == 2 {
				// A setting is checked before anything is created.
				if _, err := os.Stat(filepath.Join(getenv(env, "RATHAUS_DATA_DIR"), "rathaus.db")); err == nil {
					t.Error("the database file was created although the settings were refused")
				}
			}
		})
	}
}

func TestRunRefusesMissingOrUnknownCommandWithUsage(t *testing.T) {
	env := environ(t, testkit.SQLite)
	for _, tc := range []struct {
		args      []string
		wantUsage bool
	}{
		{nil, true},
		{[]string{"srve"}, true},
		{[]string{"user"}, false},
		{[]string{"user", "delete", "x@example.org"}, false},
		{[]string{"backup"}, false},
		{[]string{"user", "add"}, false},
	} {
		_, stderr, err := run(t, env, "", tc.args...)
		if err == nil || exitCode(err) != 2 {
			t.Errorf("rathaus %v: error %v (exit %d), want a usage error with exit code 2", tc.args, err, exitCode(err))
		}
		if tc.wantUsage && !strings.Contains(stderr, "Usage:") {
			t.Errorf("rathaus %v: no usage printed:\n%s", tc.args, stderr)
		}
	}
	_, stderr, err := run(t, env, "", "serve", "-h")
	if exitCode(err) != 2 || !strings.Contains(stderr, "RATHAUS_SESSION_IDLE") || !strings.Contains(stderr, "-session-idle") {
		t.Errorf("serve -h: exit %d, want 2 and the settings with their variables; stderr:\n%s", exitCode(err), stderr)
	}
}

// writeFile writes body to a new file in a test directory and returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
