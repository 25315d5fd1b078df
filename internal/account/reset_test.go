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

const newPW = "a brand new passphrase"

func resetForm(token, password, confirm string) url.Values {
	return url.Values{"token": {token}, "password": {password}, "password_confirm": {confirm}}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e)
		u := s.CreateUser("paul@example.org", pw, auth.RoleCitizen)
		before := s.Client()
		before.Login(u.Email, pw)

		ask := func(email string) *testkit.Response {
			return s.Client().Post("/password/forgot", url.Values{"email": {email}})
		}
		t.Run("same answer whether or not the account exists", func(t *testing.T) {
			wantRedirect(t, ask("nobody@example.org"), "/password/forgot/sent")
			if len(mailsTo(t, s, "nobody@example.org")) != 0 {
				t.Fatal("mail to an address without account")
			}
			wantRedirect(t, ask("Paul@example.org"), "/password/forgot/sent")
			m := lastMail(t, s, u.Email)
			if m.Subject != "Neues Passwort für Ihr Konto" || !strings.Contains(m.Text, "60 Minuten") {
				t.Fatalf("mail %q:\n%s", m.Subject, m.Text)
			}
		})
		t.Run("an invalid address is marked", func(t *testing.T) {
			r := ask("paul@")
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, `id="f-email-error"`) {
				t.Fatalf("no error:\n%s", testkit.Excerpt(r.Body))
			}
		})

		link := linkTo(t, s, lastMail(t, s, u.Email), "/password/reset")
		token := tokenOf(t, link)
		c := s.Client()

		t.Run("the link shows the form without spending the token", func(t *testing.T) {
			for range 2 {
				r := c.Get(link)
				wantStatus(t, r, http.StatusOK)
				if !strings.Contains(r.Body, `name="token" value="`+token+`"`) {
					t.Fatalf("no token in the form:\n%s", testkit.Excerpt(r.Body))
				}
			}
		})
		t.Run("a mistyped confirmation does not spend the token", func(t *testing.T) {
			r := c.Post("/password/reset", resetForm(token, newPW, newPW+"x"))
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, `id="f-password_confirm-error"`) || !strings.Contains(r.Body, `value="`+token+`"`) {
				t.Fatalf("no error or token lost:\n%s", testkit.Excerpt(r.Body))
			}
		})
		t.Run("sets the password and ends all sessions", func(t *testing.T) {
			clk.Advance(59 * time.Minute)
			wantRedirect(t, c.Post("/password/reset", resetForm(token, newPW, newPW)), "/login")
			if page := c.Get("/login"); !strings.Contains(page.Body, "Ihr neues Passwort ist gespeichert") {
				t.Fatalf("no confirmation:\n%s", testkit.Excerpt(page.Body))
			}
			if signedIn(t, before) {
				t.Fatal("a session from before the reset survived")
			}
			wantStatus(t, s.Client().Post("/login", url.Values{"email": {u.Email}, "password": {pw}}), http.StatusUnauthorized)
			c.Login(u.Email, newPW)
			if !contains(audited(t, s, u.ID), "password.reset") {
				t.Fatal("reset not audited")
			}
		})
		t.Run("a used link is refused", func(t *testing.T) {
			r := s.Client().Post("/password/reset", resetForm(token, "yet another passphrase", "yet another passphrase"))
			wantStatus(t, r, http.StatusBadRequest)
			if !strings.Contains(r.Body, `href="/password/forgot"`) {
				t.Fatalf("no way to a new link:\n%s", testkit.Excerpt(r.Body))
			}
			s.Client().Login(u.Email, newPW)
		})
		t.Run("an expired link is refused", func(t *testing.T) {
			wantRedirect(t, ask(u.Email), "/password/forgot/sent")
			expired := tokenOf(t, linkTo(t, s, lastMail(t, s, u.Email), "/password/reset"))
			clk.Advance(time.Hour)
			wantStatus(t, s.Client().Post("/password/reset", resetForm(expired, "yet another passphrase", "yet another passphrase")), http.StatusBadRequest)
			s.Client().Login(u.Email, newPW)
		})
		t.Run("a missing token is refused", func(t *testing.T) {
			wantStatus(t, s.Client().Get("/password/reset"), http.StatusBadRequest)
			wantStatus(t, s.Client().Post("/password/reset", resetForm("", newPW, newPW)), http.StatusBadRequest)
		})
	})
}

func TestPasswordResetVerifiesAddress(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u, err := s.App.Auth.CreateUser(s.Ctx(), auth.NewUser{Email: "quirin@example.org", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, s.Client().Post("/password/forgot", url.Values{"email": {u.Email}}), "/password/forgot/sent")
		token := tokenOf(t, linkTo(t, s, lastMail(t, s, u.Email), "/password/reset"))
		wantRedirect(t, s.Client().Post("/password/reset", resetForm(token, newPW, newPW)), "/login")
		s.Client().Login(u.Email, newPW)
	})
}
