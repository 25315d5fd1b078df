package app_test

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// reflowWidth is a phone at 200 % zoom: WCAG 1.4.10 asks that content
// reflows at 320 CSS pixels without scrolling sideways.
const reflowWidth = 320

// TestPagesReflowAt320Pixels opens every kind of citizens' page of the demo
// town (whose texts have long words such as
// ordnungsamt@musterstadt.example) 320 CSS pixels wide and checks that
// nothing makes the page wider than the screen.
func TestPagesReflowAt320Pixels(t *testing.T) {
	b := testkit.NewBrowser(t)
	srv := testkit.NewServer(t, testkit.SQLite)
	ctx := srv.Ctx()
	if _, err := demo.Seed(ctx, srv.App); err != nil {
		t.Fatal(err)
	}
	citizen, err := srv.App.Auth.UserByEmail(ctx, "buerger@musterstadt.example")
	if err != nil {
		t.Fatal(err)
	}
	c := srv.Client()
	c.Login(citizen.Email, demo.Password)
	link := func(page string, re *regexp.Regexp) string {
		t.Helper()
		body := c.Get(page).Body
		m := re.FindString(body)
		if m == "" {
			t.Fatalf("no link %s on %s:\n%s", re, page, testkit.Excerpt(body))
		}
		return m
	}
	topic := link("/services/bewohnerparkausweis", regexp.MustCompile(`/services/topic/[a-z0-9-]+`))
	casePage := link("/my", regexp.MustCompile(`/my/cases/[A-Za-z0-9-]+`))
	_, guestDraft, err := srv.App.Forms.NewDraft(ctx, "meldebescheinigung", auth.Anonymous, "de")
	if err != nil {
		t.Fatal(err)
	}
	_, ownDraft, err := srv.App.Forms.NewDraft(ctx, "bewohnerparkausweis", &auth.Principal{User: &citizen}, "de")
	if err != nil {
		t.Fatal(err)
	}
	// The vehicle page sent empty: long labels, two uploads, an error
	// summary and messages.
	vehicle := "/forms/bewohnerparkausweis/d/" + ownDraft + "/p/fahrzeug"

	if err := b.Do(chromedp.EmulateViewport(reflowWidth, 640)); err != nil {
		t.Fatal(err)
	}
	// The check must see a page that is too wide, or passing means nothing.
	wide := `data:text/html,<div style="width:400px">x</div>`
	if got := scrollWidth(t, b, wide); got <= reflowWidth {
		t.Fatalf("a 400 px wide page measures %d px; the check cannot tell", got)
	}

	pages := []struct {
		name, path string
		signedIn   bool
		submit     string // CSS of a button to press before measuring
	}{
		{"home", "/", false, ""},
		{"services", "/services", false, ""},
		{"service_with_long_email", "/services/bewohnerparkausweis", false, ""},
		{"topic", topic, false, ""},
		{"form_start", "/forms/gewerbe-anmelden", false, ""},
		{"check_page", "/forms/meldebescheinigung/d/" + guestDraft + "/check", false, ""},
		{"report_new", "/reports/new", false, ""},
		{"login", "/login", false, ""},
		{"register", "/register", false, ""},
		{"register_with_errors", "/register", false, `main form[action="/register"] button[type="submit"]`},
		{"my", "/my", true, ""},
		{"case", casePage, true, ""},
		{"form_page_with_errors", vehicle, true, `.actions button[value="continue"]`},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			if p.signedIn {
				token, err := srv.App.Auth.StartSession(ctx, citizen.ID)
				if err != nil {
					t.Fatal(err)
				}
				if err := b.SetCookie(srv.URL, web.SessionCookie, token); err != nil {
					t.Fatal(err)
				}
			} else if err := b.DeleteCookie(srv.URL, web.SessionCookie); err != nil {
				t.Fatal(err)
			}
			url := srv.URL + p.path
			if p.submit != "" {
				if _, err := b.Open(url); err != nil {
					t.Fatal(err)
				}
				// Sent as a browser without validation would, so the
				// server's messages show.
				if err := b.Do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("form").forEach(f => f.noValidate = true)`)); err != nil {
					t.Fatal(err)
				}
				resp, err := b.Submit(chromedp.Click(chromedp.CSS(p.submit)))
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status < 400 {
					t.Fatalf("sending %s empty answered %d; want the page with errors", p.path, resp.Status)
				}
				url = ""
			}
			if got := scrollWidth(t, b, url); got > reflowWidth {
				t.Errorf("%s is %d px wide at %d px: it scrolls sideways (widest: %s)", p.path, got, reflowWidth, widest(t, b))
			}
		})
	}
}

// scrollWidth opens url (unless empty: the page already open) and returns
// the width of its content.
func scrollWidth(t *testing.T, b *testkit.Browser, url string) int {
	t.Helper()
	if url != "" {
		resp, err := b.Open(url)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status >= 400 {
			t.Fatalf("%s answered %d", url, resp.Status)
		}
	}
	w, err := testkit.BrowserRun(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// widest names the element that reaches furthest right, for the message.
func widest(t *testing.T, b *testkit.Browser) string {
	t.Helper()
	s, err := testkit.BrowserRun(b, chromedp.Evaluate[string](`(() => {
		let best = null, right = 0;
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect().right;
			if (r > right) { right = r; best = el; }
		}
		return best ? best.tagName.toLowerCase() + (best.className ? "." + best.className : "") + " «" + (best.textContent || "").trim().slice(0, 60) + "» to " + Math.round(right) + " px" : "";
	})()`))
	if err != nil {
		return err.Error()
	}
	return s
}
