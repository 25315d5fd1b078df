package auth_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestAuthenticate(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, c := newService(t, e)
		u := mustUser(t, ctx, s, "emil@example.org", auth.RoleCitizen)
		off := mustUser(t, ctx, s, "off@example.org", auth.RoleCitizen)
		if err := s.UpdateUser(ctx, off.ID, "", auth.RoleCitizen, true); err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			name, email, password string
			want                  errs.Code
		}{
			{"accepts the right password, any case of address", " EMIL@example.org", "correct horse battery", ""},
			{"refuses a wrong password", "emil@example.org", "wrong password!", errs.Unauthorized},
			{"refuses an unknown address the same way", "nobody@example.org", "correct horse battery", errs.Unauthorized},
			{"refuses a disabled account the same way", "off@example.org", "correct horse battery", errs.Unauthorized},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.Authenticate(ctx, tc.email, tc.password, "192.0.2.10")
				if tc.want == "" {
					if err != nil || got.ID != u.ID {
						t.Fatalf("got %+v, %v; want account %d", got, err, u.ID)
					}
					return
				}
				if errs.CodeOf(err) != tc.want || got.ID != 0 {
					t.Fatalf("got %+v, %v; want %s", got, err, tc.want)
				}
				if errs.As(err).Key != "login.failed" {
					t.Fatalf("key %q; want login.failed", errs.As(err).Key)
				}
			})
		}

		t.Run("throttles one account after its limit, then lets it in after the window", func(t *testing.T) {
			v := mustUser(t, ctx, s, "fritz@example.org", auth.RoleCitizen)
			for i := range s.Throttle.PerAccount {
				// Different addresses so only the per-account limit applies.
				if _, err := s.Authenticate(ctx, v.Email, "wrong password!", "198.51.100."+string(rune('1'+i))); errs.CodeOf(err) != errs.Unauthorized {
					t.Fatalf("try %d: %v", i, err)
				}
			}
			_, err := s.Authenticate(ctx, v.Email, "correct horse battery", "203.0.113.9")
			if errs.CodeOf(err) != errs.TooMany {
				t.Fatalf("right password while throttled: %v; want TooMany", err)
			}
			if e := errs.As(err); e.Key != "login.throttled" || len(e.Args) != 1 || e.Args[0] != 15 {
				t.Fatalf("throttle error %+v; want login.throttled with 15 minutes", e)
			}
			if _, err := s.Authenticate(ctx, u.Email, "correct horse battery", "203.0.113.9"); err != nil {
				t.Fatalf("another account is throttled too: %v", err)
			}
			c.Advance(s.Throttle.Window + time.Second)
			if _, err := s.Authenticate(ctx, v.Email, "correct horse battery", "203.0.113.9"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
		t.Run("throttles one address across accounts", func(t *testing.T) {
			ip := "192.0.2.77"
			for i := range s.Throttle.PerIP {
				email := string(rune('a'+i)) + "-guess@example.org"
				if _, err := s.Authenticate(ctx, email, "wrong password!", ip); errs.CodeOf(err) != errs.Unauthorized {
					t.Fatalf("try %d: %v", i, err)
				}
			}
			if _, err := s.Authenticate(ctx, u.Email, "correct horse battery", ip); errs.CodeOf(err) != errs.TooMany {
				t.Fatalf("from the throttled address: %v; want TooMany", err)
			}
			if _, err := s.Authenticate(ctx, u.Email, "correct horse battery", "192.0.2.78"); err != nil {
				t.Fatalf("from another address: %v", err)
			}
		})
		t.Run("a success clears the account's failures", func(t *testing.T) {
			w := mustUser(t, ctx, s, "gina@example.org", auth.RoleCitizen)
			for round := range 3 {
				for range s.Throttle.PerAccount - 1 {
					s.Authenticate(ctx, w.Email, "wrong password!", "192.0.2.90")
				}
				if _, err := s.Authenticate(ctx, w.Email, "correct horse battery", "192.0.2.91"); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		})
	})
}
