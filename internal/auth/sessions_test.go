package auth_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestSessions(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, c := newService(t, e)
		u := mustUser(t, ctx, s, "ida@example.org", auth.RoleCitizen)
		signedIn := func(t *testing.T, token string) bool {
			t.Helper()
			p, err := s.Principal(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			return p.SignedIn()
		}

		t.Run("a session token names its account", func(t *testing.T) {
			token, err := s.StartSession(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Principal(ctx, token)
			if err != nil || !p.SignedIn() || p.User.ID != u.ID || p.SessionID != auth.HashToken(token) {
				t.Fatalf("principal %+v, %v", p, err)
			}
		})
		t.Run("unknown and empty tokens are anonymous", func(t *testing.T) {
			if signedIn(t, auth.NewToken()) || signedIn(t, "") {
				t.Fatal("signed in without a session")
			}
		})
		t.Run("ends after idle time", func(t *testing.T) {
			token, _ := s.StartSession(ctx, u.ID)
			c.Advance(s.Sessions.Idle - time.Second)
			if !signedIn(t, token) {
				t.Fatal("ended before the idle time")
			}
			c.Advance(s.Sessions.Idle)
			if signedIn(t, token) {
				t.Fatal("alive after the idle time")
			}
		})
		t.Run("use keeps it alive until its maximum age", func(t *testing.T) {
			token, _ := s.StartSession(ctx, u.ID)
			for elapsed := time.Duration(0); elapsed < s.Sessions.Max-30*time.Minute; elapsed += 30 * time.Minute {
				c.Advance(30 * time.Minute)
				if !signedIn(t, token) {
					t.Fatalf("ended after %v of use", elapsed+30*time.Minute)
				}
			}
			c.Advance(30 * time.Minute)
			if signedIn(t, token) {
				t.Fatal("alive past the maximum age")
			}
		})
		t.Run("sign-out ends one session, sign-out everywhere all", func(t *testing.T) {
			// A fresh account, so sessions of the subtests above do not count.
			v := mustUser(t, ctx, s, "jan@example.org", auth.RoleCitizen)
			a, _ := s.StartSession(ctx, v.ID)
			b, _ := s.StartSession(ctx, v.ID)
			o, _ := s.StartSession(ctx, u.ID)
			if n, err := s.CountSessions(ctx, v.ID); err != nil || n != 2 {
				t.Fatalf("CountSessions = %d, %v; want 2", n, err)
			}
			if err := s.EndSession(ctx, a); err != nil {
				t.Fatal(err)
			}
			if signedIn(t, a) || !signedIn(t, b) {
				t.Fatal("EndSession ended the wrong session")
			}
			n, err := s.EndAllSessions(ctx, v.ID)
			if err != nil || n != 1 {
				t.Fatalf("EndAllSessions = %d, %v; want 1", n, err)
			}
			if signedIn(t, b) || !signedIn(t, o) {
				t.Fatal("EndAllSessions ended the wrong sessions")
			}
		})
	})
}
