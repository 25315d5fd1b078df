package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestMetricsAccess reads /metrics the ways Prometheus, an operator on the
// machine and visitors through the reverse proxy do.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	const token = "scrape-0123456789abcdef"
	metrics := func(t *testing.T, c *testkit.Client, authorization string) *testkit.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, c.Base+"/metrics", nil)
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return &testkit.Response{Response: resp, Body: string(b)}
	}
	isMetrics := func(r *testkit.Response) bool {
		return r.StatusCode == http.StatusOK && strings.Contains(r.Body, "rathaus_http_requests_total")
	}

	t.Run("without a token", func(t *testing.T) {
		srv := testkit.NewServer(t, testkit.SQLite, testkit.BehindProxy)
		admin := srv.CreateUser("admin@example.org", rolePassword, auth.RoleAdmin)
		staff := srv.CreateUser("staff@example.org", rolePassword, auth.RoleStaff)
		remote := func(u *auth.User) *testkit.Client {
			c := srv.Client().ForwardedFor("203.0.113.9")
			if u != nil {
				c.Login(u.Email, rolePassword)
			}
			return c
		}
		for _, tc := range []struct {
			name string
			c    *testkit.Client
			want bool
		}{
			{"this machine", srv.Client(), true},
			{"this machine through the proxy", srv.Client().ForwardedFor("127.0.0.1"), true},
			{"a visitor through the proxy", remote(nil), false},
			{"staff through the proxy", remote(&staff), false},
			{"an admin through the proxy", remote(&admin), true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := metrics(t, tc.c, "")
				if isMetrics(r) != tc.want {
					t.Fatalf("status %d, metrics shown = %v, want %v", r.StatusCode, isMetrics(r), tc.want)
				}
				if !tc.want && r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusForbidden {
					t.Fatalf("refused with %d, want 401 or 403", r.StatusCode)
				}
			})
		}
	})
	t.Run("with a token", func(t *testing.T) {
		srv := testkit.NewServer(t, testkit.SQLite, testkit.BehindProxy, func(cfg *config.Config, _ *app.Options) {
			cfg.MetricsToken = token
		})
		admin := srv.CreateUser("admin@example.org", rolePassword, auth.RoleAdmin)
		signedInAdmin := srv.Client()
		signedInAdmin.Login(admin.Email, rolePassword)
		for _, tc := range []struct {
			name, authorization string
			c                   *testkit.Client
			want                bool
		}{
			{"Prometheus with the token", "Bearer " + token, srv.Client().ForwardedFor("203.0.113.9"), true},
			{"a wrong token", "Bearer " + token + "0", srv.Client(), false},
			{"this machine without the token", "", srv.Client(), false},
			{"an admin without the token", "", signedInAdmin, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := metrics(t, tc.c, tc.authorization)
				if isMetrics(r) != tc.want {
					t.Fatalf("status %d, metrics shown = %v, want %v", r.StatusCode, isMetrics(r), tc.want)
				}
			})
		}
	})
}
