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
		// Post, redirect, get: the page that says where the link went can
		// be reloaded without mailing again.
		sent := location(t, c.Post(save, url.Values{"email": {"gerda@example.org"}}), "save")
		if sent != save+"/sent" {
			t.Fatalf("save went to %s, want %s/sent", sent, save)
		}
		for range 2 {
			r = c.Get(sent)
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "gerda@example.org") || !strings.Contains(r.Body, "19.05.2026") {
				t.Fatalf("sent page: %d, want the address and the date until which the link works\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
		}
		if n := outboxCount(t, tw); n != 1 {
			t.Errorf("%d mails after the sent page was shown twice, want 1", n)
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

		// "Send again" is a real button: it posts the address the page
		// shows and mails a new link, which replaces the old one.
		again := parse(t, c.Get(sent).Body)
		if in := again.inputs("email"); len(in) != 1 || attr(in[0], "type") != "hidden" || attr(in[0], "value") != "gerda@example.org" {
			t.Fatalf("sent page has no send-again button that posts the address")
		}
		if got := location(t, c.Post(save, url.Values{"email": {"gerda@example.org"}}), "send again"); got != sent {
			t.Errorf("send again went to %s, want %s", got, sent)
		}
		msgs = smtp.WaitFor(t, 2, 10*time.Second)
		if r := tw.client(auth.User{}).Get("/forms/resume?token=" + url.QueryEscape(token)); r.StatusCode != http.StatusNotFound {
			t.Errorf("first link after sending again: %d, want 404", r.StatusCode)
		}
		link = resumeLinkRe.FindStringSubmatch(msgs[1].Text())
		if link == nil {
			t.Fatalf("no resume link in the second mail:\n%s", msgs[1].Text())
		}
		token, _ = url.QueryUnescape(link[1])

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
		// The tab still open on the first device is told that the draft
		// went on elsewhere (it has a new address), not "page not found",
		// and can change nothing there.
		for _, r := range []*testkit.Response{c.Get(first), post(t, c, first, url.Values{"name": {"Alter Tab"}}, "")} {
			if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "an anderer Stelle fortgesetzt") ||
				!strings.Contains(r.Body, "Link aus unserer E-Mail") || !strings.Contains(r.Body, `href="/forms/alle-felder"`) {
				t.Errorf("the old address after resuming: %d, want 410 saying where the draft went:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
		}
		if p := parse(t, other.Get(resumed).Body); p.value("name") != "Gerda Gast" {
			t.Errorf("the old tab changed the draft: name %q", p.value("name"))
		}

		// A week and a day later the link has expired: the page the link
		// opens says so at once (410, a way to start again, no button), and
		// so does the button of a page opened before.
		tw.clock.Advance(8 * 24 * time.Hour)
		r = other.Get("/forms/resume?token=" + url.QueryEscape(token))
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "Der Link ist abgelaufen") ||
			!strings.Contains(r.Body, `href="/forms/alle-felder"`) || strings.Contains(r.Body, `action="/forms/resume"`) {
			t.Errorf("expired link opened: status %d, want 410 with a link to start again and no button:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		r = other.Post("/forms/resume", url.Values{"token": {token}})
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, `href="/forms/alle-felder"`) {
			t.Errorf("expired link: status %d, want 410 with a link to start again:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		if r := c.Get(first); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "Der Link ist abgelaufen") {
			t.Errorf("old address of the expired draft: %d, want 410 saying it expired", r.StatusCode)
		}
		if r := other.Get(resumed); r.StatusCode != http.StatusGone {
			t.Errorf("expired draft page: status %d, want 410", r.StatusCode)
		}

		// The purge job deletes it; the link is then unknown.
		// (The town's hourly purge job may have been first: count what is left.)
		if _, err := tw.srv.App.Forms.PurgeExpired(tw.srv.Ctx()); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := tw.srv.App.DB.QueryRow(tw.srv.Ctx(), `SELECT COUNT(*) FROM drafts`).Scan(&left); err != nil || left != 0 {
			t.Fatalf("%d drafts left after the purge (%v), want 0", left, err)
		}
		if r := other.Get("/forms/resume?token=" + url.QueryEscape(token)); r.StatusCode != http.StatusNotFound {
			t.Errorf("purged draft's link: status %d, want 404", r.StatusCode)
		}
	})
}

// outboxCount is the number of mails queued so far.
func outboxCount(t *testing.T, tw *town) int {
	t.Helper()
	var n int
	if err := tw.srv.App.DB.QueryRow(tw.srv.Ctx(), `SELECT COUNT(*) FROM mail_outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveForLaterMailsAreRateLimited(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		save := location(t, post(t, c, first, url.Values{"name": {"Gerda Gast"}}, "save"), "save")
		limit := auth.DefaultMailLimits.PerAddress.Max
		for i := range limit {
			if r := c.Post(save, url.Values{"email": {"gerda@example.org"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("mail %d: status %d, want 303", i+1, r.StatusCode)
			}
		}
		r := c.Post(save, url.Values{"email": {"gerda@example.org"}})
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("mail %d: status %d, Retry-After %q; want 429 with Retry-After", limit+1, r.StatusCode, r.Header.Get("Retry-After"))
		}
		if msg := parse(t, r.Body).fieldError(t, "email"); !strings.Contains(msg, "Minuten") {
			t.Errorf("refusal says %q next to the address, want the minutes to wait", msg)
		}
		if n := outboxCount(t, tw); n != limit {
			t.Errorf("%d mails queued, want %d", n, limit)
		}
	})
}

func TestGuestSignsInAndKeepsTheDraft(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		guest := tw.client(auth.User{})
		first := tw.begin(guest, "alle-felder")
		save := location(t, post(t, guest, first, url.Values{"name": {"Erika M."}}, "save"), "save")
		p := parse(t, guest.Get(save).Body)
		for _, want := range []string{"/login?next=" + url.QueryEscape(save), "/register?next=" + url.QueryEscape(save)} {
			if !strings.Contains(p.body, `href="`+want+`"`) {
				t.Errorf("save page lacks a link to %s", want)
			}
		}
		if start := guest.Get("/forms/alle-felder").Body; !strings.Contains(start, `href="/login?next=%2Fforms%2Falle-felder"`) ||
			!strings.Contains(start, `href="/register?next=%2Fforms%2Falle-felder"`) {
			t.Error("start page of a guest form offers no sign-in and registration that lead back")
		}

		// The sign-in page leads back to the save page, where the visitor
		// keeps the draft in the account.
		c := guest
		r := c.Post("/login", url.Values{"email": {tw.citizen.Email}, "password": {password}, "next": {save}})
		if got := location(t, r, "sign in"); got != save {
			t.Fatalf("sign-in went to %s, want back to %s", got, save)
		}
		if r := c.Get(save); !strings.Contains(r.Body, `value="claim"`) {
			t.Fatalf("save page for a signed-in visitor offers no saving in the account:\n%s", testkit.Excerpt(r.Body))
		}
		if got := location(t, c.Post(save, url.Values{"action": {"claim"}}), "claim"); got != save {
			t.Errorf("claim went to %s, want %s", got, save)
		}
		if list := c.Get("/forms/drafts"); !strings.Contains(list.Body, "Alle Felder") {
			t.Errorf("the draft is not among the account's drafts:\n%s", testkit.Excerpt(list.Body))
		}
		if r := tw.client(auth.User{}).Get(save); r.StatusCode != http.StatusNotFound {
			t.Errorf("the draft's link without the account: %d, want 404", r.StatusCode)
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

		// The address from before opening it again tells the owner where
		// the draft is now; for anyone else it stays unknown.
		if r := c.Get(first); r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "an anderer Stelle fortgesetzt") ||
			!strings.Contains(r.Body, `href="/forms/drafts"`) {
			t.Errorf("owner at the old address: %d, want 410 with a link to the drafts:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		for name, other := range map[string]*testkit.Client{"another account": tw.client(tw.other), "a guest": tw.client(auth.User{})} {
			if r := other.Get(first); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s at the old address: %d, want 404", name, r.StatusCode)
			}
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

func TestOldAddressOfADraftSentElsewhere(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		first := tw.begin(c, "alle-felder")
		location(t, post(t, c, first, url.Values{"name": {"Erika M."}}, "save"), "save")
		m := regexp.MustCompile(`/forms/drafts/(\d+)/open`).FindStringSubmatch(c.Get("/forms/drafts").Body)
		if m == nil {
			t.Fatal("the draft is not in the account's list")
		}
		// Another device of the same account opens it and sends it.
		device := tw.client(tw.citizen)
		opened := location(t, device.Post(m[0], nil), "open")
		check := location(t, post(t, device, opened, goodAnswers(), ""), "answers")
		if done := location(t, device.Post(strings.Replace(check, "/check", "/send", 1), nil), "send"); !strings.HasSuffix(done, "/done") {
			t.Fatalf("sending went to %s", done)
		}
		r := c.Get(first)
		if r.StatusCode != http.StatusGone || !strings.Contains(r.Body, "bereits abgesendet") || !strings.Contains(r.Body, `href="/my"`) {
			t.Errorf("old address of the sent draft: %d, want 410 saying it was sent, with a link to the account's cases:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
	})
}
