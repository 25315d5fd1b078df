package forms_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestFillAndSendWithoutJavaScript fills in the Meldebescheinigung in
// Chromium with JavaScript turned off, as a guest, with one mistake on the
// way, and sends it; then the pages pass axe-core with scripts back on.
func TestFillAndSendWithoutJavaScript(t *testing.T) {
	b := testkit.NewBrowser(t)
	tw := newTown(t, testkit.SQLite)
	tw.srv.App.Forms.Submitter = tw.cases
	if err := b.SetJavaScript(false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.SetJavaScript(true) })
	if _, err := b.Open(`data:text/html,<title>ohne</title><script>document.title = "mit"</script>`); err != nil {
		t.Fatal(err)
	}
	if title, err := testkit.BrowserRun(b, chromedp.Title()); err != nil || title != "ohne" {
		t.Fatalf("JavaScript is still on (title %q, %v)", title, err)
	}
	var visited []string
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) string {
		t.Helper()
		if len(actions) > 1 {
			if err := b.Do(actions[:len(actions)-1]...); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		resp, err := b.Submit(actions[len(actions)-1])
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if resp.Status >= 500 {
			t.Fatalf("%s: status %d at %s", what, resp.Status, resp.URL)
		}
		visited = append(visited, resp.URL)
		return resp.URL
	}
	cont := chromedp.Click(chromedp.CSS(`.actions button[value="continue"]`))
	id := func(s string) chromedp.CSS { return chromedp.CSS(`[id="` + s + `"]`) }

	if _, err := b.Open(tw.srv.URL + "/forms/meldebescheinigung"); err != nil {
		t.Fatal(err)
	}
	visited = append(visited, tw.srv.URL+"/forms/meldebescheinigung")
	step("start", chromedp.Click(chromedp.CSS(`main form[action="/forms/meldebescheinigung"] button[type="submit"]`)))
	step("kind and purpose",
		chromedp.Click(id("f-kind")),
		chromedp.SetAttributeValue(chromedp.CSS(`[id="f-purpose"] option[value="employer"]`), "selected", "selected"),
		cont)
	// A mistake first: the e-mail address.
	person := step("person with a mistake",
		chromedp.SendKeys(id("f-name"), "Erika Mustermann"),
		chromedp.SetAttributeValue(id("f-birth_date"), "value", "1980-03-27"),
		chromedp.SendKeys(id("f-address.street"), "Marktplatz"),
		chromedp.SendKeys(id("f-address.house_number"), "1"),
		chromedp.SendKeys(id("f-address.postal_code"), "31535"),
		chromedp.SendKeys(id("f-address.city"), "Musterstadt"),
		chromedp.SendKeys(id("f-email"), "erika@"),
		cont)
	if !strings.HasSuffix(person, "/p/person") {
		t.Fatalf("after a wrong e-mail the browser is at %s, want the same page", person)
	}
	if errText, err := testkit.BrowserRun(b, chromedp.Text(id("f-email-error"))); err != nil || errText == "" {
		t.Fatalf("no error next to the e-mail (%v)", err)
	}
	if u := step("person corrected", chromedp.SetAttributeValue(id("f-email"), "value", "erika@example.org"), cont); !strings.HasSuffix(u, "/p/zustellung") {
		body, _ := testkit.BrowserRun(b, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("after correcting the e-mail the browser is at %s:\n%s", u, body)
	}
	check := step("delivery", chromedp.Click(id("f-delivery")), cont)
	if strings.Contains(check, "/p/zustellung") {
		// Posting made more questions appear (the other address question).
		check = step("delivery follow-up", chromedp.Click(id("f-post_other-1")), cont)
	}
	if !strings.HasSuffix(check, "/check") {
		t.Fatalf("after the pages the browser is at %s, want the check page", check)
	}
	done := step("send", chromedp.Click(chromedp.CSS(`main form[action$="/send"] button[type="submit"]`)))
	if !strings.HasSuffix(done, "/done") {
		t.Fatalf("after sending the browser is at %s, want the confirmation", done)
	}
	if ref, err := testkit.BrowserRun(b, chromedp.Text(chromedp.CSS(".ref"))); err != nil || len(ref) < 6 {
		t.Fatalf("no reference on the confirmation (%q, %v)", ref, err)
	}

	// With scripts on again, every page seen passes axe.
	if err := b.SetJavaScript(true); err != nil {
		t.Fatal(err)
	}
	for _, u := range visited {
		if _, err := b.Open(u); err != nil {
			t.Fatal(err)
		}
		vs, err := b.Axe()
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) > 0 {
			t.Errorf("%s: %d accessibility violation(s):\n%s", u, len(vs), testkit.FormatViolations(vs))
		}
	}
}

// TestErrorSummaryTakesFocus posts an empty page in Chromium with
// JavaScript on: the page comes back with the error summary focused, so
// keyboard and screen-reader users start at the list of what to fix.
func TestErrorSummaryTakesFocus(t *testing.T) {
	b := testkit.NewBrowser(t)
	tw := newTown(t, testkit.SQLite)
	if _, err := b.Open(tw.srv.URL + "/forms/meldebescheinigung"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Submit(chromedp.Click(chromedp.CSS(`main form[action="/forms/meldebescheinigung"] button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	resp, err := b.Submit(chromedp.Click(chromedp.CSS(`.actions button[value="continue"]`)))
	if err != nil || resp.Status != 422 {
		t.Fatalf("empty page posted: %v, %v; want 422", resp, err)
	}
	focused, err := testkit.BrowserRun(b, chromedp.Evaluate[bool](`document.activeElement.hasAttribute("data-error-summary")`))
	if err != nil {
		t.Fatal(err)
	}
	if !focused {
		t.Error("after a failed post the error summary does not have the focus")
	}
}
