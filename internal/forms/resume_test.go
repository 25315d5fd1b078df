package forms_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var resumeLinkRe = regexp.MustCompile(`https?://\S+/forms/resume\?token=([A-Za-z0-9_%-]+)`)

func TestSaveAndResumeAsGuest(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		smtp := testkit.NewSMTPServer(t)
		tw := newTown(t, e, testkit.WithSMTP(smtp.URL()))
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		v := url.Values{"name": {"Gerda Gast"}, "betrag": {"zwölf"}}
		save := location(t, post(t, c, first, v, "save"), "save")
		if !strings.HasSuffix(save, "/save") {
			t.Fatalf("save went to %s", save)
		}
		r := c.Post(save, url.Values{"email": {"gerda@"}})
		if r.StatusCode != http.StatusUnprocessableEntity || parse(t, r.Body).fieldError(t, "email") == "" {
			t.Fatalf("bad e-mail: status %d, want 422 with the error next to it", r.StatusCode)
		}
		r = c.Post(save, url.Values{"email": {"gerda@example.org"}})
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "gerda@example.org") {
			t.Fatalf("save: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		msgs := smtp.WaitFor(t, 1, 10*time.Second)
		m := msgs[0]
		if m.To[0] != "gerda@example.org" || !strings.Contains(m.Subject(), "Alle Felder") {
			t.Errorf("mail to %v, subject %q", m.To, m.Subject())
		}
		if !strings.Contains(m.Text(), "19.05.2026") {
			t.Errorf("mail does not say until when the link works (7 days):\n%s", m.Text())
		}
		link := resumeLinkRe.FindStringSubmatch(m.Text())
		if link == nil {
			t.Fatalf("no resume link in the mail:\n%s", m.Text())
		}
		token, _ := url.QueryUnescape(link[1])

		// Another device: the link opens a page with a button (mail
		// scanners only GET), the button opens the draft where it was left.
		other := tw.client(auth.User{})
		page := other.Get("/forms/resume?token=" + url.QueryEscape(token))
		if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `action="/forms/resume"`) {
			t.Fatalf("resume page %d:\n%s", page.StatusCode, testkit.Excerpt(page.Body))
		}
		resumed := location(t, other.Post("/forms/resume", url.Values{"token": {token}}), "resume")
		p := parse(t, other.Get(resumed).Body)
		if p.value("name") != "Gerda Gast" || p.value("betrag") != "zwölf" {
			t.Errorf("resumed draft shows name %q, amount %q; want what was typed", p.value("name"), p.value("betrag"))
		}
		if r := c.Get(first); r.StatusCode != http.StatusNotFound {
			t.Errorf("the old link answered %d after resuming, want 404 (a new link token)", r.StatusCode)
		}

		// A week and a day later the link has expired: 410 with a way to
		// start again.
		tw.clock.Advance(8 * 24 * time.Hour)
		r = other.Post("/forms/resume", url.Values{"token": {token}})
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, `href="/forms/alle-felder"`) {
			t.Errorf("expired link: status %d, want 410 with a link to start again:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		if r := other.Get(resumed); r.StatusCode != http.StatusGone {
			t.Errorf("expired draft page: status %d, want 410", r.StatusCode)
		}

		// The purge job deletes it; the link is then unknown.
		n, err := tw.srv.App.Forms.PurgeExpired(tw.srv.Ctx())
		if err != nil || n != 1 {
			t.Fatalf("purged %d drafts (%v), want 1", n, err)
		}
		if r := other.Get("/forms/resume?token=" + url.QueryEscape(token)); r.StatusCode != http.StatusNotFound {
			t.Errorf("purged draft's link: status %d, want 404", r.StatusCode)
		}
	})
}

func TestSaveAndResumeWithAccount(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		first := tw.begin(c, "hund-anmelden")
		save := location(t, post(t, c, first, url.Values{"name": {"Erika M."}}, "save"), "save")
		if r := c.Get(save); !strings.Contains(r.Body, `href="/forms/drafts"`) {
			t.Errorf("save page for an account does not point to the drafts:\n%s", testkit.Excerpt(r.Body))
		}
		list := c.Get("/forms/drafts")
		m := regexp.MustCompile(`/forms/drafts/(\d+)/open`).FindStringSubmatch(list.Body)
		if m == nil || !strings.Contains(list.Body, "Hund anmelden") {
			t.Fatalf("drafts list:\n%s", testkit.Excerpt(list.Body))
		}
		if !strings.Contains(c.Get("/forms/hund-anmelden").Body, "/forms/drafts/"+m[1]+"/open") {
			t.Error("the start page does not offer the started draft")
		}
		id, _ := strconv.Atoi(m[1])
		if r := tw.client(tw.other).Post("/forms/drafts/"+m[1]+"/open", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("another account opening the draft: %d, want 404", r.StatusCode)
		}
		if list := tw.client(tw.other).Get("/forms/drafts"); strings.Contains(list.Body, "/forms/drafts/"+m[1]+"/open") {
			t.Error("another account sees the draft in its list")
		}
		opened := location(t, c.Post("/forms/drafts/"+strconv.Itoa(id)+"/open", nil), "open")
		if p := parse(t, c.Get(opened).Body); p.value("name") != "Erika M." {
			t.Errorf("reopened draft shows %q", p.value("name"))
		}
	})
}

func TestDraftAccess(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		owner := tw.client(tw.citizen)
		first := tw.begin(owner, "hund-anmelden")
		for _, tc := range []struct {
			name string
			c    *testkit.Client
		}{{"another_account", tw.client(tw.other)}, {"a_guest", tw.client(auth.User{})}, {"an_admin", tw.client(tw.admin)}} {
			t.Run(tc.name+"_gets_404", func(t *testing.T) {
				for _, path := range []string{first, strings.Replace(first, "/p/halter", "/check", 1), strings.Replace(first, "/p/halter", "/save", 1)} {
					if r := tc.c.Get(path); r.StatusCode != http.StatusNotFound {
						t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
					}
				}
				if r := post(t, tc.c, first, url.Values{"name": {"Fremd"}}, ""); r.StatusCode != http.StatusNotFound {
					t.Errorf("POST: %d, want 404", r.StatusCode)
				}
			})
		}
		if p := parse(t, owner.Get(first).Body); p.value("name") == "Fremd" {
			t.Error("another visitor changed the draft")
		}

		t.Run("forms_without_guests_ask_to_sign_in", func(t *testing.T) {
			guest := tw.client(auth.User{})
			start := guest.Get("/forms/hund-anmelden")
			if start.StatusCode != http.StatusOK || !strings.Contains(start.Body, "/login?next=%2Fforms%2Fhund-anmelden") {
				t.Errorf("start page for a guest: %d, want a sign-in link:\n%s", start.StatusCode, testkit.Excerpt(start.Body))
			}
			r := guest.Post("/forms/hund-anmelden", nil)
			if got := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(got, "/login?next=") {
				t.Errorf("starting as a guest: %d %s, want the sign-in page", r.StatusCode, got)
			}
		})

		t.Run("guest_forms_start_without_account", func(t *testing.T) {
			guest := tw.client(auth.User{})
			if !strings.Contains(guest.Get("/forms/meldebescheinigung").Body, `action="/forms/meldebescheinigung"`) {
				t.Error("a guest form offers no start button to guests")
			}
			tw.begin(guest, "meldebescheinigung")
		})

		t.Run("unknown_form_and_token_are_404", func(t *testing.T) {
			guest := tw.client(auth.User{})
			for _, path := range []string{"/forms/gibt-es-nicht", "/forms/hund-anmelden/d/" + auth.NewToken() + "/check",
				"/forms/meldebescheinigung/d/" + draftToken(first) + "/check"} {
				if r := guest.Get(path); r.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
				}
			}
		})
	})
}
