package account_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func registration(email string) url.Values {
	return url.Values{"name": {"Lena Lindner"}, "email": {email}, "password": {pw}, "password_confirm": {pw}, "consent": {"on"}}
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		cases := []struct {
			name, field string
			change      func(url.Values)
		}{
			{"missing e-mail", "email", func(v url.Values) { v.Del("email") }},
			{"invalid e-mail", "email", func(v url.Values) { v.Set("email", "lena@") }},
			{"short password", "password", func(v url.Values) { v.Set("password", "short"); v.Set("password_confirm", "short") }},
			{"confirmation differs", "password_confirm", func(v url.Values) { v.Set("password_confirm", pw+"!") }},
			{"no consent", "consent", func(v url.Values) { v.Del("consent") }},
			{"long name", "name", func(v url.Values) { v.Set("name", strings.Repeat("n", 201)) }},
		}
		for _, tc := range cases {
			t.Run("refuses "+tc.name, func(t *testing.T) {
				form := registration("lena@example.org")
				tc.change(form)
				r := s.Client().Post("/register", form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				if !strings.Contains(r.Body, `id="f-`+tc.field+`-error"`) || !strings.Contains(r.Body, `class="error-summary"`) {
					t.Fatalf("no error at %s:\n%s", tc.field, testkit.Excerpt(r.Body))
				}
				if strings.Contains(r.Body, pw) {
					t.Fatal("the password was echoed")
				}
				if tc.field != "email" && !strings.Contains(r.Body, `value="lena@example.org"`) {
					t.Fatal("the typed address was lost")
				}
				if _, err := s.App.Auth.UserByEmail(s.Ctx(), "lena@example.org"); err == nil {
					t.Fatal("an account was created")
				}
			})
		}
		t.Run("the form links the privacy policy", func(t *testing.T) {
			r := s.Client().Get("/register")
			wantStatus(t, r, http.StatusOK)
			if !strings.Contains(r.Body, `href="/datenschutz"`) || !strings.Contains(r.Body, `name="consent"`) {
				t.Fatalf("no consent with privacy link:\n%s", testkit.Excerpt(r.Body))
			}
		})
	})
}

func TestRegisterVerifyLogin(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e)
		c := s.Client()
		c.Get("/?lang=en") // the account and its mails follow the visitor's language

		wantRedirect(t, c.Post("/register", registration(" Lena@Example.org")), "/register/sent")
		if page := c.Get("/register/sent"); !strings.Contains(page.Body, "Please check your inbox") {
			t.Fatalf("no inbox page:\n%s", testkit.Excerpt(page.Body))
		}
		u, err := s.App.Auth.UserByEmail(s.Ctx(), "lena@example.org")
		if err != nil || u.Name != "Lena Lindner" || u.Role != auth.RoleCitizen || u.EmailVerified || u.Lang != "en" {
			t.Fatalf("account %+v, %v", u, err)
		}
		if !contains(audited(t, s, u.ID), "user.register") {
			t.Fatal("registration not audited")
		}
		m := lastMail(t, s, "lena@example.org")
		if m.Subject != "Please confirm your e-mail address" || !strings.Contains(m.Text, "48 hours") {
			t.Fatalf("mail %q:\n%s", m.Subject, m.Text)
		}
		link := linkTo(t, s, m, "/verify")

		// Not verified yet: no sign-in.
		wantStatus(t, c.Post("/login", url.Values{"email": {"lena@example.org"}, "password": {pw}}), http.StatusForbidden)

		clk.Advance(47 * time.Hour)
		if r := c.Get(link); !strings.Contains(r.Body, "Confirm your e-mail address") {
			t.Fatalf("no confirm page:\n%s", testkit.Excerpt(r.Body))
		}
		if u, _ := s.App.Auth.UserByEmail(s.Ctx(), "lena@example.org"); u.EmailVerified {
			t.Fatal("opening the link confirmed the address: a mail scanner would do it")
		}
		r := confirmVerify(t, c, link)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, "E-mail address confirmed") {
			t.Fatalf("no confirmation:\n%s", testkit.Excerpt(r.Body))
		}
		c.Login("lena@example.org", pw)
		if !signedIn(t, c) {
			t.Fatal("not signed in after verification")
		}

		t.Run("a second click says the address is confirmed", func(t *testing.T) {
			for name, r := range map[string]*testkit.Response{
				"open": s.Client().Get(link), "send again": postVerify(s.Client(), link),
			} {
				wantStatus(t, r, http.StatusOK)
				if !strings.Contains(r.Body, "Ihre Adresse ist bereits bestätigt. Bitte melden Sie sich an.") || !hasLink(r.Body, "/login") {
					t.Fatalf("%s: no sign-in hint:\n%s", name, testkit.Excerpt(r.Body))
				}
			}
		})
		t.Run("a missing or made-up token is refused with a way to get a new one", func(t *testing.T) {
			for _, r := range []*testkit.Response{s.Client().Get("/verify"), s.Client().Get("/verify?token=made-up"),
				postVerify(s.Client(), "/verify?token=made-up"), s.Client().Post("/verify", nil)} {
				wantStatus(t, r, http.StatusBadRequest)
				if !strings.Contains(r.Body, `href="/verify/resend"`) {
					t.Fatalf("no way to a new link:\n%s", testkit.Excerpt(r.Body))
				}
			}
		})
	})
}

func TestVerifyLinkExpires(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e)
		c := s.Client()
		wantRedirect(t, c.Post("/register", registration("mia@example.org")), "/register/sent")
		old := linkTo(t, s, lastMail(t, s, "mia@example.org"), "/verify")
		clk.Advance(48 * time.Hour)
		wantStatus(t, c.Get(old), http.StatusBadRequest)

		t.Run("resend answers the same for every address", func(t *testing.T) {
			for _, email := range []string{"mia@example.org", "nobody@example.org"} {
				wantRedirect(t, s.Client().Post("/verify/resend", url.Values{"email": {email}}), "/verify/sent")
			}
			if ms := mailsTo(t, s, "nobody@example.org"); len(ms) != 0 {
				t.Fatalf("mail to an address without account: %v", ms)
			}
			wantStatus(t, s.Client().Post("/verify/resend", url.Values{"email": {"not an address"}}), http.StatusUnprocessableEntity)
		})
		t.Run("the new link works", func(t *testing.T) {
			ms := mailsTo(t, s, "mia@example.org")
			if len(ms) != 2 || ms[1].Subject != "Bitte bestätigen Sie Ihre E-Mail-Adresse" {
				t.Fatalf("mails %+v; want a second German verification mail", ms)
			}
			wantStatus(t, confirmVerify(t, c, linkTo(t, s, ms[1], "/verify")), http.StatusOK)
			c.Login("mia@example.org", pw)
		})
		t.Run("verified accounts get no more links", func(t *testing.T) {
			wantRedirect(t, s.Client().Post("/verify/resend", url.Values{"email": {"mia@example.org"}}), "/verify/sent")
			if n := len(mailsTo(t, s, "mia@example.org")); n != 2 {
				t.Fatalf("%d mails; want no new one", n)
			}
		})
	})
}

func TestRegisterTakenAddress(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		owner := s.CreateUser("nora@example.org", pw, auth.RoleCitizen)
		if err := s.App.Auth.SetLang(s.Ctx(), owner.ID, "en"); err != nil {
			t.Fatal(err)
		}
		fresh := s.Client().Post("/register", registration("otto@example.org"))
		taken := s.Client().Post("/register", registration("NORA@example.org"))

		wantRedirect(t, taken, "/register/sent")
		if fresh.StatusCode != taken.StatusCode || fresh.Header.Get("Location") != taken.Header.Get("Location") {
			t.Fatalf("answers differ: new %d %s, taken %d %s", fresh.StatusCode, fresh.Header.Get("Location"), taken.StatusCode, taken.Header.Get("Location"))
		}
		m := lastMail(t, s, "nora@example.org")
		if m.Subject != "You already have an account" {
			t.Fatalf("mail to the owner %q:\n%s", m.Subject, m.Text)
		}
		linkTo(t, s, m, "/login")
		reset := linkTo(t, s, m, "/password/reset")
		if got, _ := s.App.Auth.UserByID(s.Ctx(), owner.ID); got.Name != owner.Name {
			t.Fatal("the existing account was changed")
		}
		// The owner can use the mail's link to get back in.
		c := s.Client()
		wantStatus(t, c.Get(reset), http.StatusOK)
		r := c.Post("/password/reset", url.Values{"token": {tokenOf(t, reset)}, "password": {"nora's new passphrase"}, "password_confirm": {"nora's new passphrase"}})
		wantRedirect(t, r, "/login")
		c.Login("nora@example.org", "nora's new passphrase")
	})
}

func tokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no token in %q", link)
	}
	return u.Query().Get("token")
}

func TestRegisterLeadsBackToNext(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		const next = "/forms/meldebescheinigung/d/abc/save"
		q := "?next=" + url.QueryEscape(next)
		c := s.Client()

		if login := c.Get("/login" + q); !hasLink(login.Body, "/register"+q) {
			t.Errorf("sign-in page's registration link loses next:\n%s", testkit.Excerpt(login.Body))
		}
		form := c.Get("/register" + q)
		if !strings.Contains(form.Body, `name="next" value="`+next+`"`) || !hasLink(form.Body, "/login"+q) {
			t.Fatalf("registration form does not keep next:\n%s", testkit.Excerpt(form.Body))
		}

		t.Run("a refused form keeps next", func(t *testing.T) {
			v := registration("")
			v.Set("next", next)
			r := c.Post("/register", v)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, `name="next" value="`+next+`"`) {
				t.Fatalf("next lost:\n%s", testkit.Excerpt(r.Body))
			}
		})

		v := registration("nora@example.org")
		v.Set("next", next)
		wantRedirect(t, c.Post("/register", v), "/register/sent"+q)
		if sent := c.Get("/register/sent" + q); !hasLink(sent.Body, "/login"+q) {
			t.Errorf("inbox page's sign-in link loses next:\n%s", testkit.Excerpt(sent.Body))
		}
		link := linkTo(t, s, lastMail(t, s, "nora@example.org"), "/verify")
		if u, _ := url.Parse(link); u.Query().Get("next") != next {
			t.Fatalf("verification link %s does not carry next", link)
		}
		verified := confirmVerify(t, c, link)
		wantStatus(t, verified, http.StatusOK)
		if !hasLink(verified.Body, "/login"+q) {
			t.Fatalf("confirmation page's sign-in link loses next:\n%s", testkit.Excerpt(verified.Body))
		}
		r := c.Post("/login", url.Values{"email": {"nora@example.org"}, "password": {pw}, "next": {next}})
		wantRedirect(t, r, next)

		t.Run("an address of another site is dropped", func(t *testing.T) {
			for _, bad := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example"} {
				v := registration("otto" + strconv.Itoa(len(bad)) + "@example.org")
				v.Set("next", bad)
				wantRedirect(t, s.Client().Post("/register", v), "/register/sent")
				link := linkTo(t, s, lastMail(t, s, v.Get("email")), "/verify")
				if strings.Contains(link, "next=") {
					t.Errorf("next %q reached the mail: %s", bad, link)
				}
				// The language switch keeps the query as it is; the sign-in
				// link must not take it up.
				if page := s.Client().Get("/verify/sent?next=" + url.QueryEscape(bad)); !hasLink(page.Body, "/login") {
					t.Errorf("next %q: the inbox page's sign-in link is not plain /login", bad)
				}
			}
		})
	})
}

// hasLink reports whether body links to href; html/template writes
// escapes in lower case ("%2f").
func hasLink(body, href string) bool {
	return strings.Contains(strings.ToLower(body), strings.ToLower(`href="`+href+`"`))
}
