package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// TestExpiredSessionPage sends the sign-in form from Chromium after its CSRF
// cookie is gone, as after a night with the page open: the answer is the
// "session expired" page, which passes axe in both languages, keeps the
// e-mail address and, sent again, reaches the sign-in handler.
func TestExpiredSessionPage(t *testing.T) {
	b := testkit.NewBrowser(t)
	srv := testkit.NewServer(t, testkit.SQLite)
	titles := map[string]string{"de": "Ihre Sitzung ist abgelaufen", "en": "Your session has expired"}
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			if _, err := b.Open(srv.URL + "/login?lang=" + lang); err != nil {
				t.Fatal(err)
			}
			email := "nachts-offen-" + lang + "@example.org"
			form := `main form[action^="/login"] `
			if err := b.Do(
				chromedp.SendKeys(chromedp.CSS(form+`input[name="email"]`), email),
				chromedp.SendKeys(chromedp.CSS(form+`input[name="password"]`), "ein-Passwort-123"),
			); err != nil {
				t.Fatal(err)
			}
			if err := b.DeleteCookie(srv.URL, web.CSRFCookie); err != nil {
				t.Fatal(err)
			}
			resp, err := b.Submit(chromedp.Click(chromedp.CSS(form + `button[type="submit"]`)))
			if err != nil {
				t.Fatal(err)
			}
			title, err := testkit.BrowserRun(b, chromedp.Evaluate[string](`document.querySelector("main h1").textContent`))
			if err != nil || resp.Status != 403 || title != titles[lang] {
				t.Fatalf("status %d, heading %q (err %v); want 403 %q", resp.Status, title, err, titles[lang])
			}
			vs, err := b.Axe()
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) > 0 {
				t.Errorf("%d accessibility violation(s):\n%s", len(vs), testkit.FormatViolations(vs))
			}
			resp, err = b.Submit(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := testkit.BrowserRun(b, chromedp.Evaluate[string](`(document.querySelector('main input[name="email"]') || {}).value || ""`))
			if err != nil || resp.Status == 403 || !strings.EqualFold(got, email) {
				t.Errorf("sent again: status %d, e-mail field %q (err %v); want the sign-in page past the CSRF check with %s",
					resp.Status, got, err, email)
			}
			if t.Failed() {
				body, _ := testkit.BrowserRun(b, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
				t.Logf("page:\n%s", body)
			}
		})
	}
}
