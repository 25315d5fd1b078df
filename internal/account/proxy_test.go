package account_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestLoginThrottleBehindProxy(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("counts each visitor on their own", func(t *testing.T) {
			s, _ := newServer(t, e, testkit.BehindProxy) // 6 failures per client
			s.CreateUser("carla@example.org", pw, auth.RoleCitizen)
			guesser := func() *testkit.Client { return s.Client().ForwardedFor("198.51.100.66") }
			for i := range 6 {
				r := guesser().Post("/login", url.Values{"email": {string(rune('a'+i)) + "-guess@example.org"}, "password": {"wrong password!"}})
				wantStatus(t, r, http.StatusUnauthorized)
			}
			wantStatus(t, guesser().Post("/login", url.Values{"email": {"carla@example.org"}, "password": {pw}}), http.StatusTooManyRequests)
			// Carla comes through the same proxy from her own address.
			carla := s.Client().ForwardedFor("203.0.113.10")
			wantRedirect(t, carla.Post("/login", url.Values{"email": {"carla@example.org"}, "password": {pw}}), "/account")

			var ip string
			ctx := s.Ctx()
			if err := db.From(ctx).QueryRow(ctx, "SELECT ip FROM audit_log WHERE action = 'login.failure' ORDER BY id LIMIT 1").Scan(&ip); err != nil {
				t.Fatal(err)
			}
			if ip != "198.51.100.66" {
				t.Errorf("audit log has ip %q for a failed sign-in, want the visitor's 198.51.100.66", ip)
			}
		})
		t.Run("a made-up header does not dodge the throttle", func(t *testing.T) {
			s, _ := newServer(t, e) // no trusted proxy
			s.CreateUser("carla@example.org", pw, auth.RoleCitizen)
			for i := range 6 {
				c := s.Client().ForwardedFor("192.0.2." + string(rune('1'+i)))
				wantStatus(t, c.Post("/login", url.Values{"email": {string(rune('a'+i)) + "-guess@example.org"}, "password": {"wrong password!"}}),
					http.StatusUnauthorized)
			}
			c := s.Client().ForwardedFor("192.0.2.99")
			wantStatus(t, c.Post("/login", url.Values{"email": {"carla@example.org"}, "password": {pw}}), http.StatusTooManyRequests)
		})
	})
}
