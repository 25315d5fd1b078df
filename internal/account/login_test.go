package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		citizen := s.CreateUser("anna@example.org", pw, auth.RoleCitizen)
		s.CreateUser("admin@stadt.example", pw, auth.RoleAdmin)
		staff := s.CreateUser("paula@stadt.example", pw, auth.RoleStaff)
		dept, err := s.App.Auth.SaveDepartment(s.Ctx(), auth.Department{Name: "Ordnungsamt", Slug: "ordnungsamt"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.App.Auth.SetMembership(s.Ctx(), staff.ID, dept.ID, false); err != nil {
			t.Fatal(err)
		}
		s.CreateUser("lonely@stadt.example", pw, auth.RoleStaff)

		redirects := []struct {
			name, email, next, want string
		}{
			{"citizen lands on the account", "anna@example.org", "", "/account"},
			{"address in other case works", " ANNA@Example.org ", "", "/account"},
			{"staff lands in the staff area", "paula@stadt.example", "", "/staff"},
			{"admin lands in the staff area", "admin@stadt.example", "", "/staff"},
			{"staff without department lands on the account", "lonely@stadt.example", "", "/account"},
			{"next sends back to the page asked for", "anna@example.org", "/account/export?x=1", "/account/export?x=1"},
			{"refuses a next on another host", "anna@example.org", "https://evil.example/", "/account"},
			{"refuses a scheme-relative next", "anna@example.org", "//evil.example/login", "/account"},
			{"refuses a backslash next", "anna@example.org", "/\\evil.example", "/account"},
			{"refuses a javascript next", "anna@example.org", "javascript:alert(1)", "/account"},
		}
		for _, tc := range redirects {
			t.Run(tc.name, func(t *testing.T) {
				c := s.Client()
				r := c.Post("/login", url.Values{"email": {tc.email}, "password": {pw}, "next": {tc.next}})
				wantRedirect(t, r, tc.want)
				if !signedIn(t, c) {
					t.Fatal("no working session after sign-in")
				}
			})
		}

		t.Run("the login page keeps next from the redirect", func(t *testing.T) {
			c := s.Client()
			r := c.Get("/account/export")
			wantRedirect(t, r, "/login?next=%2Faccount%2Fexport")
			page := c.Get(r.Header.Get("Location"))
			wantStatus(t, page, http.StatusOK)
			if !strings.Contains(page.Body, `name="next" value="/account/export"`) {
				t.Fatalf("next not in the form:\n%s", testkit.Excerpt(page.Body))
			}
		})
		t.Run("wrong password says so, keeps the address, not the password", func(t *testing.T) {
			c := s.Client()
			r := c.Post("/login", url.Values{"email": {"anna@example.org"}, "password": {"wrong password 123"}})
			wantStatus(t, r, http.StatusUnauthorized)
			if !strings.Contains(r.Body, "E-Mail-Adresse oder Passwort stimmen nicht") {
				t.Fatalf("no message:\n%s", testkit.Excerpt(r.Body))
			}
			if !strings.Contains(r.Body, `value="anna@example.org"`) || strings.Contains(r.Body, "wrong password 123") {
				t.Fatalf("address not kept or password echoed:\n%s", testkit.Excerpt(r.Body))
			}
			if signedIn(t, c) {
				t.Fatal("signed in with a wrong password")
			}
		})
		t.Run("unknown address gets the same answer", func(t *testing.T) {
			r := s.Client().Post("/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password 123"}})
			wantStatus(t, r, http.StatusUnauthorized)
			if !strings.Contains(r.Body, "E-Mail-Adresse oder Passwort stimmen nicht") {
				t.Fatalf("no message:\n%s", testkit.Excerpt(r.Body))
			}
		})
		t.Run("missing fields are marked", func(t *testing.T) {
			r := s.Client().Post("/login", url.Values{"email": {""}, "password": {""}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			for _, id := range []string{`id="f-email-error"`, `id="f-password-error"`} {
				if !strings.Contains(r.Body, id) {
					t.Fatalf("no %s:\n%s", id, testkit.Excerpt(r.Body))
				}
			}
		})
		t.Run("signed-in visitors skip the login page", func(t *testing.T) {
			c := s.Client()
			c.Login("anna@example.org", pw)
			wantRedirect(t, c.Get("/login"), "/account")
		})
		t.Run("a form without CSRF token is refused", func(t *testing.T) {
			r := s.Client().Send(http.MethodPost, "/login", url.Values{"email": {"anna@example.org"}, "password": {pw}})
			wantStatus(t, r, http.StatusForbidden)
		})
		t.Run("sign-in and failure are audited", func(t *testing.T) {
			got := audited(t, s, citizen.ID)
			if !contains(got, "login.success") || !contains(got, "login.failure") {
				t.Fatalf("audit log of the account: %v", got)
			}
		})
		t.Run("sign-in replaces an earlier session", func(t *testing.T) {
			c := s.Client()
			c.Login("anna@example.org", pw)
			before, _ := s.App.Auth.CountSessions(s.Ctx(), citizen.ID)
			c.Login("anna@example.org", pw)
			after, _ := s.App.Auth.CountSessions(s.Ctx(), citizen.ID)
			if after != before {
				t.Fatalf("sessions went from %d to %d; the old one should have ended", before, after)
			}
		})
	})
}

func TestLoginUnverified(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		_, err := s.App.Auth.CreateUser(s.Ctx(), auth.NewUser{Email: "new@example.org", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		c := s.Client()
		r := c.Post("/login", url.Values{"email": {"new@example.org"}, "password": {pw}})
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.Body, "noch nicht bestätigt") || !strings.Contains(r.Body, `action="/verify/resend"`) {
			t.Fatalf("no explanation or resend form:\n%s", testkit.Excerpt(r.Body))
		}
		if signedIn(t, c) {
			t.Fatal("unverified citizen got a session")
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e) // 3 per account, 6 per address, 10 minutes
		s.CreateUser("bert@example.org", pw, auth.RoleCitizen)
		s.CreateUser("carla@example.org", pw, auth.RoleCitizen)
		try := func(email, password string) *testkit.Response {
			return s.Client().Post("/login", url.Values{"email": {email}, "password": {password}})
		}

		t.Run("per account", func(t *testing.T) {
			for range 3 {
				wantStatus(t, try("bert@example.org", "wrong password!"), http.StatusUnauthorized)
			}
			r := try("bert@example.org", pw)
			wantStatus(t, r, http.StatusTooManyRequests)
			if !strings.Contains(r.Body, "Bitte warten Sie 10 Minuten") {
				t.Fatalf("no retry time:\n%s", testkit.Excerpt(r.Body))
			}
			wantRedirect(t, try("carla@example.org", pw), "/account")
			clk.Advance(10*time.Minute + time.Second)
			wantRedirect(t, try("bert@example.org", pw), "/account")
		})
		t.Run("per address", func(t *testing.T) {
			clk.Advance(10*time.Minute + time.Second)
			// Each guess is at another account, so only the address limit
			// counts; the test clients all come from 127.0.0.1.
			for i := range 6 {
				wantStatus(t, try(string(rune('a'+i))+"-guess@example.org", "wrong password!"), http.StatusUnauthorized)
			}
			wantStatus(t, try("carla@example.org", pw), http.StatusTooManyRequests)
			clk.Advance(10*time.Minute + time.Second)
			wantRedirect(t, try("carla@example.org", pw), "/account")
		})
	})
}

func TestSessionLifetime(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e) // idle 1 h, max 8 h
		s.CreateUser("dora@example.org", pw, auth.RoleCitizen)

		t.Run("ends after an idle hour", func(t *testing.T) {
			c := s.Client()
			c.Login("dora@example.org", pw)
			clk.Advance(59 * time.Minute)
			if !signedIn(t, c) {
				t.Fatal("ended before the idle time")
			}
			clk.Advance(time.Hour)
			if signedIn(t, c) {
				t.Fatal("alive after an idle hour")
			}
		})
		t.Run("ends at its maximum age despite use", func(t *testing.T) {
			c := s.Client()
			c.Login("dora@example.org", pw)
			for range 15 {
				clk.Advance(30 * time.Minute)
				if !signedIn(t, c) {
					t.Fatal("ended while in use before the maximum age")
				}
			}
			clk.Advance(30 * time.Minute)
			if signedIn(t, c) {
				t.Fatal("alive after the maximum age")
			}
		})
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u := s.CreateUser("emil@example.org", pw, auth.RoleCitizen)

		t.Run("ends this session only", func(t *testing.T) {
			c, other := s.Client(), s.Client()
			c.Login(u.Email, pw)
			other.Login(u.Email, pw)
			wantRedirect(t, c.Post("/logout", nil), "/")
			if signedIn(t, c) {
				t.Fatal("still signed in after sign-out")
			}
			if !signedIn(t, other) {
				t.Fatal("sign-out ended another device's session")
			}
			if home := c.Get("/"); !strings.Contains(home.Body, "Sie sind abgemeldet") {
				t.Fatalf("no confirmation:\n%s", testkit.Excerpt(home.Body))
			}
		})
		t.Run("is harmless when not signed in", func(t *testing.T) {
			wantRedirect(t, s.Client().Post("/logout", nil), "/")
		})
		t.Run("everywhere ends a second client's session", func(t *testing.T) {
			c, other := s.Client(), s.Client()
			c.Login(u.Email, pw)
			other.Login(u.Email, pw)
			wantRedirect(t, c.Post("/account/sessions/end", nil), "/login")
			if signedIn(t, c) || signedIn(t, other) {
				t.Fatal("a session survived sign-out everywhere")
			}
			if n, _ := s.App.Auth.CountSessions(s.Ctx(), u.ID); n != 0 {
				t.Fatalf("%d sessions left", n)
			}
			if !contains(audited(t, s, u.ID), "session.end_all") {
				t.Fatal("sign-out everywhere not audited")
			}
		})
		t.Run("everywhere needs a session", func(t *testing.T) {
			wantStatus(t, s.Client().Post("/account/sessions/end", nil), http.StatusUnauthorized)
		})
	})
}
