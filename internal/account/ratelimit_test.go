package account_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// wantRateRefused fails the test unless r is the form page again with the
// rate-limit message of lang, status 429 and a Retry-After of minutes.
func wantRateRefused(t *testing.T, r *testkit.Response, action, message string, minutes int) {
	t.Helper()
	wantStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.Body, `action="`+action+`"`) || !strings.Contains(r.Body, `class="error-summary"`) ||
		!strings.Contains(r.Body, fmt.Sprintf(message, minutes)) {
		t.Fatalf("not the form with the message %q:\n%s", fmt.Sprintf(message, minutes), testkit.Excerpt(r.Body))
	}
	if got := r.Header.Get("Retry-After"); got != fmt.Sprint(minutes*60) {
		t.Errorf("Retry-After %q, want %d", got, minutes*60)
	}
	if strings.Contains(r.Body, pw) {
		t.Error("the password was echoed")
	}
}

const (
	rateDE = "Bitte warten Sie %d Minuten"
	rateEN = "Please wait %d minutes"
)

func TestMailFormsAreLimitedPerAddress(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e)
		u := s.CreateUser("rosa@example.org", pw, auth.RoleCitizen)
		forgot := func(c *testkit.Client) *testkit.Response {
			return c.Post("/password/forgot", url.Values{"email": {"Rosa@example.org"}})
		}
		// Five mails to one address within 15 minutes, each from another
		// client (all from 127.0.0.1, far below the 20 per client).
		for range 5 {
			wantRedirect(t, forgot(s.Client()), "/password/forgot/sent")
		}
		if n := len(mailsTo(t, s, u.Email)); n != 5 {
			t.Fatalf("%d mails, want 5", n)
		}
		t.Run("the sixth is refused on the form page, without a mail", func(t *testing.T) {
			wantRateRefused(t, forgot(s.Client()), "/password/forgot", rateDE, 15)
			if n := len(mailsTo(t, s, u.Email)); n != 5 {
				t.Fatalf("%d mails, want still 5", n)
			}
		})
		t.Run("in English too", func(t *testing.T) {
			c := s.Client()
			c.Get("/?lang=en")
			wantRateRefused(t, forgot(c), "/password/forgot", rateEN, 15)
		})
		t.Run("the other mail forms share the count", func(t *testing.T) {
			wantRateRefused(t, s.Client().Post("/verify/resend", url.Values{"email": {u.Email}}), "/verify/resend", rateDE, 15)
			r := s.Client().Post("/register", registration(u.Email))
			wantRateRefused(t, r, "/register", rateDE, 15)
			if !strings.Contains(r.Body, `value="rosa@example.org"`) || !strings.Contains(r.Body, `value="Lena Lindner"`) {
				t.Fatalf("the typed entries were lost:\n%s", testkit.Excerpt(r.Body))
			}
		})
		t.Run("an address without an account is limited the same way", func(t *testing.T) {
			for range 5 {
				wantRedirect(t, s.Client().Post("/password/forgot", url.Values{"email": {"niemand@example.org"}}), "/password/forgot/sent")
			}
			wantRateRefused(t, s.Client().Post("/password/forgot", url.Values{"email": {"niemand@example.org"}}), "/password/forgot", rateDE, 15)
		})
		t.Run("other addresses are not affected", func(t *testing.T) {
			wantRedirect(t, s.Client().Post("/register", registration("otto@example.org")), "/register/sent")
		})
		t.Run("after the window it works again", func(t *testing.T) {
			clk.Advance(15*time.Minute + time.Second)
			wantRedirect(t, forgot(s.Client()), "/password/forgot/sent")
			if n := len(mailsTo(t, s, u.Email)); n != 6 {
				t.Fatalf("%d mails, want 6", n)
			}
		})
	})
}

func TestMailFormsAreLimitedPerClient(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, clk := newServer(t, e, testkit.BehindProxy)
		const bulk = "198.51.100.23"
		c := s.Client().ForwardedFor(bulk)
		// Forms with errors send nothing and do not count.
		for range 25 {
			wantStatus(t, c.Post("/register", url.Values{"email": {"not an address"}}), http.StatusUnprocessableEntity)
		}
		// 20 requests per client and hour, over the three forms.
		for i := range 20 {
			email := fmt.Sprintf("person%02d@example.org", i)
			var r *testkit.Response
			switch i % 3 {
			case 0:
				r = c.Post("/register", registration(email))
			case 1:
				r = c.Post("/password/forgot", url.Values{"email": {email}})
			case 2:
				r = c.Post("/verify/resend", url.Values{"email": {email}})
			}
			wantStatus(t, r, http.StatusSeeOther)
		}
		t.Run("the 21st is refused and creates no account", func(t *testing.T) {
			r := c.Post("/register", registration("person99@example.org"))
			wantRateRefused(t, r, "/register", rateDE, 60)
			if _, err := s.App.Auth.UserByEmail(s.Ctx(), "person99@example.org"); err == nil {
				t.Fatal("an account was created")
			}
			if n := len(mailsTo(t, s, "person99@example.org")); n != 0 {
				t.Fatalf("%d mails, want none", n)
			}
		})
		t.Run("another client behind the same proxy is not affected", func(t *testing.T) {
			wantRedirect(t, s.Client().ForwardedFor("203.0.113.77").Post("/register", registration("person99@example.org")), "/register/sent")
		})
		t.Run("after an hour it works again", func(t *testing.T) {
			clk.Advance(time.Hour + time.Second)
			wantRedirect(t, c.Post("/password/forgot", url.Values{"email": {"person98@example.org"}}), "/password/forgot/sent")
		})
	})
}

func TestUntrustedForwardedForChangesNothing(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		// No trusted proxy: every client is 127.0.0.1, whatever it claims.
		s, _ := newServer(t, e)
		for i := range 20 {
			c := s.Client().ForwardedFor(fmt.Sprintf("192.0.2.%d", i+1))
			wantRedirect(t, c.Post("/password/forgot", url.Values{"email": {fmt.Sprintf("p%d@example.org", i)}}), "/password/forgot/sent")
		}
		r := s.Client().ForwardedFor("192.0.2.99").Post("/password/forgot", url.Values{"email": {"p99@example.org"}})
		wantRateRefused(t, r, "/password/forgot", rateDE, 60)
	})
}
