package app_test

import (
	"net/url"
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
