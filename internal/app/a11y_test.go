package app_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// visit is a page seen by a role in a language.
type visit struct {
	r    role
	path string
}

func (v visit) url(base, lang string) string {
	u, _ := url.Parse(base + v.path)
	q := u.Query()
	q.Set("lang", lang)
	u.RawQuery = q.Encode()
	return u.String()
}

// a11yRoles are the roles pages are looked at as: each page with the least
// privileged of them that may open it.
var a11yRoles = []role{anonymous, citizen, staff, lead, admin}

// a11yVisits lists every GET page of the shell with the role that sees it
// (the 404 page included), plus the start page as an admin (the fullest
// navigation), the department page as its lead and the later steps of
// reporting a defect.
func a11yVisits(w *world, routes []web.Route) []visit {
	var out []visit
	have := map[string]bool{}
	for _, r := range a11yRoles {
		for _, p := range w.pages(routes, r) {
			if have[p] {
				continue
			}
			have[p] = true
			// Downloads (such as the data export) are no pages.
			resp := w.client(r).Get(p)
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				continue
			}
			out = append(out, visit{r, p})
		}
	}
	// The department page as its lead, who also sees the forms for the
	// team, and the steps of reporting a defect, which need the earlier
	// steps' answers.
	code := url.QueryEscape(w.reports().category.Code)
	out = append(out, w.formVisits()...)
	out = append(out, w.catalogVisits()...)
	out = append(out, visit{anonymous, w.verifyLink()})
	// The case inbox with a filter in error and with every filter set.
	out = append(out, visit{staff, "/staff/cases?sort=sideways"},
		visit{staff, "/staff/cases?state=all&assignee=none&overdue=on&q=Gast&sort=newest"})
	return append(out, visit{admin, "/"}, visit{lead, fmt.Sprintf("/staff/departments/%d", w.deptA.ID)},
		visit{anonymous, "/reports/new/place?category=" + code},
		visit{anonymous, "/reports/new/details?category=" + code + "&address=Marktplatz+1"})
}

// TestAccessibility loads every page in German and English in Chromium and
// checks it with axe-core (WCAG 2.1 A and AA), then the error states of the
// forms, and that signing in and registering work without JavaScript.
func TestAccessibility(t *testing.T) {
	b := testkit.NewBrowser(t)
	// The checker must see a broken page, so a clean result means something.
	t.Run("axe_finds_violations_on_a_broken_page", func(t *testing.T) {
		if _, err := b.Open(`data:text/html,<html><body><img src="x.png"><input type="text"></body></html>`); err != nil {
			t.Fatal(err)
		}
		vs, err := b.Axe()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range vs {
			ids = append(ids, v.ID)
		}
		for _, want := range []string{"html-has-lang", "image-alt", "label"} {
			if !slices.Contains(ids, want) {
				t.Errorf("axe found %v on a page without lang, alt text and label; want %s among them", ids, want)
			}
		}
	})

	srv := testkit.NewServer(t, testkit.SQLite)
	w := newSharedWorld(t, srv)
	routes := srv.App.Site.Routes()

	// Two tabs with cookies of their own check pages side by side.
	tab2, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	tabs := []*testkit.Browser{b, tab2}
	signIn := func(t *testing.T, tab *testkit.Browser, r role) {
		t.Helper()
		if r == anonymous {
			if err := tab.DeleteCookie(srv.URL, web.SessionCookie); err != nil {
				t.Fatal(err)
			}
			return
		}
		token, err := srv.App.Auth.StartSession(srv.Ctx(), w.users[r].ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.SetCookie(srv.URL, web.SessionCookie, token); err != nil {
			t.Fatal(err)
		}
	}
	axe := func(t *testing.T, tab *testkit.Browser, what string) {
		t.Helper()
		vs, err := tab.Axe()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if len(vs) > 0 {
			t.Errorf("%s: %d accessibility violation(s):\n%s", what, len(vs), testkit.FormatViolations(vs))
		}
	}

	visits := a11yVisits(w, routes)
	type job struct {
		v    visit
		lang string
	}
	var jobs []job
	for _, lang := range []string{"de", "en"} {
		for _, v := range visits {
			jobs = append(jobs, job{v, lang})
		}
	}
	onTabs(t, "pages", tabs, len(jobs), func(i int) string {
		return fmt.Sprintf("%s/%s_as_%s", jobs[i].lang, jobs[i].v.path, jobs[i].v.r)
	}, func(t *testing.T, tab *testkit.Browser, i int) {
		v, lang := jobs[i].v, jobs[i].lang
		signIn(t, tab, v.r)
		resp, err := tab.Open(v.url(srv.URL, lang))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status >= 500 {
			t.Fatalf("%s: status %d", v.path, resp.Status)
		}
		got, err := testkit.BrowserRun(tab, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil || got != lang {
			t.Errorf("%s: <html lang=%q>, want %q (err %v)", v.path, got, lang, err)
		}
		axe(t, tab, fmt.Sprintf("%s as %s (%s, status %d)", v.path, v.r, lang, resp.Status))
	})

	// Without JavaScript: sign in with the form and reach one's account.
	t.Run("sign_in_without_javascript", func(t *testing.T) {
		signIn(t, b, anonymous)
		noScript(t, b)
		if _, err := b.Open(srv.URL + "/login"); err != nil {
			t.Fatal(err)
		}
		form := `main form[action="/login"] `
		if err := b.Do(
			chromedp.SendKeys(chromedp.CSS(form+`input[name="email"]`), w.users[citizen].Email),
			chromedp.SendKeys(chromedp.CSS(form+`input[name="password"]`), rolePassword),
		); err != nil {
			t.Fatal(err)
		}
		resp, err := b.Submit(chromedp.Click(chromedp.CSS(form + `button[type="submit"]`)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status >= 400 {
			t.Fatalf("sign-in answered %d at %s", resp.Status, resp.URL)
		}
		resp, err = b.Open(srv.URL + "/account")
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 200 || pathOf(resp.URL) != "/account" {
			t.Errorf("after signing in, /account answered %d at %s; want the account page", resp.Status, resp.URL)
		}
	})

	// Without JavaScript: fill in and send the registration form.
	t.Run("register_without_javascript", func(t *testing.T) {
		signIn(t, b, anonymous)
		page := w.client(anonymous).Get("/register")
		forms, err := parseForms("/register", page.Body)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(forms, func(f form) bool { return f.Method == "POST" && f.Action == "/register" })
		if i < 0 {
			t.Fatalf("no registration form on /register:\n%s", testkit.Excerpt(page.Body))
		}
		noScript(t, b)
		if _, err := b.Open(srv.URL + "/register"); err != nil {
			t.Fatal(err)
		}
		email := "ohne-javascript@example.org"
		sel := `main form[action="/register"] `
		var steps []chromedp.Action[chromedp.Void]
		for _, fl := range forms[i].Fields {
			css := chromedp.CSS(sel + fmt.Sprintf(`[name=%q]`, fl.Name))
			switch {
			case fl.Name == "" || fl.Tag != "input" && fl.Tag != "textarea":
			case fl.Type == "email" || fl.Name == "email":
				steps = append(steps, chromedp.SendKeys(css, email))
			case fl.Type == "password":
				steps = append(steps, chromedp.SendKeys(css, formPassword))
			case fl.Type == "checkbox":
				if fl.Required || consentRe.MatchString(fl.Name) {
					steps = append(steps, chromedp.Click(css))
				}
			case fl.textLike():
				steps = append(steps, chromedp.SendKeys(css, "Erika Mustermann"))
			}
		}
		if err := b.Do(steps...); err != nil {
			t.Fatal(err)
		}
		resp, err := b.Submit(chromedp.Click(chromedp.CSS(sel + `button[type="submit"]`)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status >= 400 {
			t.Fatalf("registration answered %d at %s", resp.Status, resp.URL)
		}
		if _, err := srv.App.Auth.UserByEmail(srv.Ctx(), email); err != nil {
			t.Errorf("no account for %s after registering without JavaScript (landed on %s): %v", email, resp.URL, err)
		}
	})

	// Error states: every form, sent empty, shows its errors accessibly.
	// Browsers would stop an empty required field, so the form is sent by
	// script, as a browser without validation would.
	type emptyForm struct {
		v visit
		n int // index among the page's forms with fields
	}
	var empties []emptyForm
	for _, v := range visits {
		if v.path == unknownPath {
			continue
		}
		for i := range formsWithFields(w.client(v.r).Get(v.path).Body) {
			empties = append(empties, emptyForm{v, i})
		}
	}
	onTabs(t, "empty_forms", tabs, len(empties), func(i int) string {
		return fmt.Sprintf("form_%d_on_%s_as_%s", empties[i].n, empties[i].v.path, empties[i].v.r)
	}, func(t *testing.T, tab *testkit.Browser, i int) {
		e := empties[i]
		signIn(t, tab, e.v.r)
		if _, err := tab.Open(e.v.url(srv.URL, "de")); err != nil {
			t.Fatal(err)
		}
		resp, err := tab.Submit(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`Array.from(document.querySelectorAll("main form")).filter(f =>
			f.method === "post" && f.querySelector("input:not([type=hidden]):not([type=submit]), textarea, select"))[%d].submit()`, e.n)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status >= 500 {
			t.Fatalf("status %d", resp.Status)
		}
		axe(t, tab, fmt.Sprintf("form %d of %s sent empty as %s (status %d, now at %s)", e.n, e.v.path, e.v.r, resp.Status, resp.URL))
	})
}

// noScript turns JavaScript off in b until the test ends.
func noScript(t *testing.T, b *testkit.Browser) {
	t.Helper()
	if err := b.SetJavaScript(false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.SetJavaScript(true); err != nil {
			t.Error(err)
		}
	})
	// Prove it: a page script that would rename the page must not run.
	if _, err := b.Open(`data:text/html,<title>ohne</title><script>document.title = "mit"</script>`); err != nil {
		t.Fatal(err)
	}
	if title, err := testkit.BrowserRun(b, chromedp.Title()); err != nil || title != "ohne" {
		t.Fatalf("JavaScript is still on: the page script renamed the page to %q (err %v)", title, err)
	}
}

// pathOf returns the path of an absolute URL.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// onTabs runs fn for jobs 0..n-1 as subtests of a group, the jobs shared
// out over the tabs, which work in parallel.
func onTabs(t *testing.T, group string, tabs []*testkit.Browser, n int, name func(int) string, fn func(*testing.T, *testkit.Browser, int)) {
	t.Run(group, func(t *testing.T) {
		for k, tab := range tabs {
			t.Run(fmt.Sprintf("tab%d", k), func(t *testing.T) {
				t.Parallel()
				for i := k; i < n; i += len(tabs) {
					t.Run(name(i), func(t *testing.T) { fn(t, tab, i) })
				}
			})
		}
	})
}

// formsWithFields returns how many post forms in the <main> of a page have a
// field a person fills in (counted as the browser script counts them).
func formsWithFields(body string) int {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return 0
	}
	n := 0
	each(doc, func(m *html.Node) {
		if m.Type != html.ElementNode || m.Data != "main" {
			return
		}
		each(m, func(f *html.Node) {
			if f.Type != html.ElementNode || f.Data != "form" || !strings.EqualFold(attr(f, "method"), "post") {
				return
			}
			found := false
			each(f, func(c *html.Node) {
				if c.Type != html.ElementNode {
					return
				}
				switch c.Data {
				case "textarea", "select":
					found = true
				case "input":
					if typ := strings.ToLower(attr(c, "type")); typ != "hidden" && typ != "submit" {
						found = true
					}
				}
			})
			if found {
				n++
			}
		})
	})
	return n
}
