package forms_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestStartPageSaysWhatTheFormAsks checks that the start page does not
// promise more or other than the form: who may apply, how many steps, which
// documents.
func TestStartPageSaysWhatTheFormAsks(t *testing.T) {
	tw := newTown(t, testkit.SQLite)
	guest := tw.client(auth.User{})
	cases := []struct {
		name, form    string
		want, wantNot []string
	}{
		{"account_form_asks_for_an_account", "gewerbe-anmelden",
			[]string{"Sie brauchen ein Konto", "Für diesen Antrag müssen Sie angemeldet sein"}, []string{"Mit oder ohne Konto"}},
		{"guest_form_offers_both", "meldebescheinigung",
			[]string{"Mit oder ohne Konto", "ohne Konto stellen"}, []string{"Sie brauchen ein Konto"}},
		{"pages_under_conditions_are_counted_as_up_to", "gewerbe-anmelden",
			[]string{"bis zu 5 Schritte – welche Sie sehen, hängt von Ihren Antworten ab"}, []string{"hat 5 Schritte"}},
		{"pages_without_conditions_are_counted_exactly", "bewohnerparkausweis",
			[]string{"Der Antrag hat 3 Schritte."}, []string{"bis zu"}},
		{"document_asked_for_in_some_cases_says_so", "bewohnerparkausweis",
			[]string{"<li>Fahrzeugschein (Zulassungsbescheinigung Teil I)</li>",
				"<li>Nachweis, dass Sie das Fahrzeug dauerhaft nutzen (nur in bestimmten Fällen"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := guest.Get("/forms/" + tc.form)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("start page: %d", r.StatusCode)
			}
			for _, s := range tc.want {
				if !strings.Contains(r.Body, s) {
					t.Errorf("start page of %s lacks %q:\n%s", tc.form, s, testkit.Excerpt(r.Body))
				}
			}
			for _, s := range tc.wantNot {
				if strings.Contains(r.Body, s) {
					t.Errorf("start page of %s says %q", tc.form, s)
				}
			}
		})
	}
}

// TestPageTextsFitTheirField checks hints and buttons that are built from
// the field: date examples inside the field's bounds and upload buttons
// that name their document.
func TestPageTextsFitTheirField(t *testing.T) {
	tw := newTown(t, testkit.SQLite) // today is 12.05.2026
	c := tw.client(tw.citizen)
	t.Run("birth_date_example_is_in_the_past", func(t *testing.T) {
		first := tw.begin(c, "meldebescheinigung")
		body := c.Get(strings.Replace(first, "/p/art", "/p/person", 1)).Body
		if !strings.Contains(body, "zum Beispiel 17.03.2006.") {
			t.Errorf("birth date hint without a past example:\n%s", testkit.Excerpt(body))
		}
	})
	t.Run("start_date_example_is_in_the_coming_months", func(t *testing.T) {
		first := tw.begin(c, "bewohnerparkausweis")
		body := c.Get(strings.Replace(first, "/p/person", "/p/dauer", 1)).Body
		if !strings.Contains(body, "zum Beispiel 17.06.2026.") {
			t.Errorf("start date hint without an example inside today … +3m:\n%s", testkit.Excerpt(body))
		}
	})
	t.Run("upload_buttons_name_their_document", func(t *testing.T) {
		first := tw.begin(c, "bewohnerparkausweis")
		vehicle := strings.Replace(first, "/p/person", "/p/fahrzeug", 1)
		post(t, c, vehicle, url.Values{"holder": {"other"}}, "save")
		p := parse(t, c.Get(vehicle).Body)
		var buttons []string
		each(p.doc, func(n *html.Node) {
			if n.Data == "button" && attr(n, "value") == "upload" {
				buttons = append(buttons, text(n))
			}
		})
		want := []string{"„Nachweis, dass Sie das Fahrzeug dauerhaft nutzen“ hochladen", "„Fahrzeugschein (Zulassungsbescheinigung Teil I)“ hochladen"}
		if strings.Join(buttons, "|") != strings.Join(want, "|") {
			t.Errorf("upload buttons %q, want %q", buttons, want)
		}
	})
}
