package app_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestAccountFormErrorsUseTheSharedMarkup checks that forms built on the
// shared partials (account, staff) say "Fehler:" to screen readers before
// each message and name their error summary, as the citizens' forms do.
func TestAccountFormErrorsUseTheSharedMarkup(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	cases := []struct{ lang, prefix, summary string }{
		{"de", `<span class="visually-hidden">Fehler: </span>`, `<h2 id="error-summary-title">Bitte prüfen Sie Ihre Angaben</h2>`},
		{"en", `<span class="visually-hidden">Error: </span>`, `<h2 id="error-summary-title">Please check your entries</h2>`},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			c := srv.Client()
			c.Get("/register?lang=" + tc.lang)
			r := c.Post("/register?lang="+tc.lang, url.Values{"email": {"kein-at-zeichen"}})
			if r.StatusCode < 400 || r.StatusCode >= 500 {
				t.Fatalf("registration without password answered %d", r.StatusCode)
			}
			for _, want := range []string{tc.prefix, tc.summary, `aria-labelledby="error-summary-title"`, `<p class="error-message" id="f-email-error">`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("/register with errors lacks %s:\n%s", want, testkit.Excerpt(r.Body))
				}
			}
		})
	}
}

// errorMessageRe finds the message under a control.
var errorMessageRe = regexp.MustCompile(`<p class="error-message"[^>]*>`)

// TestModuleFormErrorsUseTheSharedMarkup sends the forms of the
// Mängelmelder, staff administration and feedback pages with nothing (or
// nonsense) filled in: every message under a control must start with the
// hidden "Fehler:" and the summary must be named by its heading, in German
// and English.
func TestModuleFormErrorsUseTheSharedMarkup(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	w := newWorld(t, srv)
	rep := w.reports()
	reportID := strconv.FormatInt(rep.report.ID, 10)
	forms := []struct {
		name   string
		as     role
		method string
		path   string
		form   url.Values
		// ids are messages the page must show, so a form that stops
		// showing errors fails instead of passing with none.
		ids []string
	}{
		{"report without category", anonymous, "POST", "/reports/new", url.Values{}, []string{"f-category-error"}},
		{"report without place and description", anonymous, "POST", "/reports/new",
			url.Values{"category": {rep.category.Code}, "place_edit": {"1"}}, []string{"f-location-error", "f-description-error"}},
		{"staff moves a report to nowhere", staff, "POST", "/staff/reports/" + reportID + "/location",
			url.Values{"lat": {"Norden"}, "lon": {"Osten"}}, []string{"f-location-error"}},
		{"staff field view at no position", staff, "GET", "/staff/reports/field?lat=Norden&lon=Osten", nil, []string{"f-location-error"}},
		{"new report category", admin, "POST", "/admin/reports/categories/new", url.Values{}, []string{"f-code-error"}},
		{"new department", admin, "POST", "/admin/departments/new", url.Values{}, []string{"f-name-error"}},
		{"new staff account", admin, "POST", "/admin/users/new", url.Values{}, []string{"f-email-error"}},
		{"barrier feedback", anonymous, "POST", "/barrierefreiheit/feedback", url.Values{}, []string{"f-message-error"}},
	}
	langs := []struct{ lang, prefix, summary string }{
		{"de", `<span class="visually-hidden">Fehler: </span>`, `<h2 id="error-summary-title">Bitte prüfen Sie Ihre Angaben</h2>`},
		{"en", `<span class="visually-hidden">Error: </span>`, `<h2 id="error-summary-title">Please check your entries</h2>`},
	}
	for _, f := range forms {
		for _, l := range langs {
			t.Run(f.name+"/"+l.lang, func(t *testing.T) {
				c := w.client(f.as)
				sep := "?"
				if strings.Contains(f.path, "?") {
					sep = "&"
				}
				path := f.path + sep + "lang=" + l.lang
				var r *testkit.Response
				if f.method == "GET" {
					r = c.Get(path)
				} else {
					r = c.Post(path, f.form)
				}
				if r.StatusCode < 400 || r.StatusCode >= 500 {
					t.Fatalf("%s %s answered %d:\n%s", f.method, path, r.StatusCode, testkit.Excerpt(r.Body))
				}
				for _, id := range f.ids {
					if !strings.Contains(r.Body, `id="`+id+`"`) {
						t.Errorf("no message %s:\n%s", id, testkit.Excerpt(r.Body))
					}
				}
				for _, loc := range errorMessageRe.FindAllStringIndex(r.Body, -1) {
					if rest := r.Body[loc[1]:]; !strings.HasPrefix(rest, l.prefix) {
						t.Errorf("%s lacks the hidden prefix: %.200s", r.Body[loc[0]:loc[1]], rest)
					}
				}
				for _, want := range []string{l.summary, `aria-labelledby="error-summary-title"`} {
					if !strings.Contains(r.Body, want) {
						t.Errorf("the error summary lacks %s:\n%s", want, testkit.Excerpt(r.Body))
					}
				}
			})
		}
	}
}
