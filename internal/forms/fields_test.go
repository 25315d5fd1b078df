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

// goodAnswers fill every field of alle-felder correctly ("today" is
// 12.05.2026).
func goodAnswers() url.Values {
	return url.Values{
		"name": {"Erika Mustermann"}, "kennzeichen": {"H-AB 123"}, "text": {"kurz"}, "anzahl": {"3"}, "betrag": {"12,50"},
		"datum": {"2026-05-13"}, "email": {"erika@example.org"}, "telefon": {"0511 1234567"},
		"anschrift.street": {"Marktplatz"}, "anschrift.house_number": {"1a"}, "anschrift.postal_code": {"31535"}, "anschrift.city": {"Musterstadt"},
		"iban": {"DE89 3704 0044 0532 0130 00"}, "bic": {"COBADEFFXXX"}, "farbe": {"rot"}, "groesse": {"s"}, "extras": {"a", "b"},
		"einverstanden": {"yes"}, "kinder.0.vorname": {"Anna"}, "kinder.0.alter": {"5"},
	}
}

func TestFieldTypesThroughHTTP(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")

		t.Run("good_answers_go_to_the_check_page", func(t *testing.T) {
			r := post(t, c, first, goodAnswers(), "")
			if got := location(t, r, "good answers"); !strings.HasSuffix(got, "/check") {
				t.Errorf("went to %s, want the check page (the page for \"no\" is hidden)", got)
			}
			check := c.Get(strings.Replace(first, "/p/felder", "/check", 1))
			for _, want := range []string{"Erika Mustermann", "H-AB 123", "12,50 €", "13.05.2026", "DE89", "COBADEFFXXX", "Rot", "Klein", "Anna", "15,00 €"} {
				if !strings.Contains(check.Body, want) {
					t.Errorf("check page lacks %q", want)
				}
			}
		})

		for _, tc := range []struct {
			name, field, input string
			path               string // where the error shows; field when ""
			shown              string // the value shown again; input when ""
			mentions           string // part of the message
		}{
			{name: "text_required", field: "name", input: "", mentions: ""},
			{name: "text_too_long", field: "name", input: strings.Repeat("x", 41), mentions: "40"},
			{name: "text_pattern", field: "kennzeichen", input: "kein kennzeichen"},
			{name: "textarea_too_long", field: "text", input: strings.Repeat("Wort ", 20), shown: strings.TrimSpace(strings.Repeat("Wort ", 20)), mentions: "50"},
			{name: "number_not_a_number", field: "anzahl", input: "drei"},
			{name: "number_over_max", field: "anzahl", input: "11", mentions: "10"},
			{name: "number_not_whole", field: "anzahl", input: "2,5"},
			{name: "money_not_an_amount", field: "betrag", input: "zwölf Euro"},
			{name: "money_over_max", field: "betrag", input: "1000,01", shown: "1.000,01"},
			{name: "date_in_the_past", field: "datum", input: "2026-05-01"},
			{name: "date_impossible", field: "datum", input: "31.02.2026"},
			{name: "email_invalid", field: "email", input: "erika@"},
			{name: "phone_invalid", field: "telefon", input: "ruf mich an"},
			{name: "postal_code_four_digits", field: "anschrift.postal_code", input: "3153"},
			{name: "iban_checksum", field: "iban", input: "DE00 3704 0044 0532 0130 00", mentions: "IBAN"},
			{name: "bic_malformed", field: "bic", input: "XYZ"},
			{name: "radio_unknown_option", field: "farbe", input: "gruen", shown: "-"},
			{name: "select_unknown_option", field: "groesse", input: "xl", shown: "-"},
			{name: "yesno_missing", field: "einverstanden", input: "", shown: "-"},
			{name: "group_child_required", field: "kinder.0.vorname", input: ""},
			{name: "group_child_over_max", field: "kinder.0.alter", input: "18", mentions: "17"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v := goodAnswers()
				v.Set(tc.field, tc.input)
				r := post(t, c, first, v, "")
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				p := parse(t, r.Body)
				path := tc.path
				if path == "" {
					path = tc.field
				}
				msg := p.fieldError(t, path)
				if msg == "" {
					t.Fatalf("no error next to %s:\n%s", path, testkit.Excerpt(r.Body))
				}
				if tc.mentions != "" && !strings.Contains(msg, tc.mentions) {
					t.Errorf("error %q does not mention %q", msg, tc.mentions)
				}
				want := tc.shown
				if want == "" {
					want = tc.input
				}
				if want != "-" {
					if got := p.value(tc.field); got != want {
						t.Errorf("%s shows %q again, want %q as typed", tc.field, got, want)
					}
				}
				// The other answers are kept too.
				if got := p.value("name"); tc.field != "name" && got != "Erika Mustermann" {
					t.Errorf("name shows %q after an error elsewhere", got)
				}
				if !strings.Contains(r.Body, `class="error-summary"`) {
					t.Error("no error summary at the top")
				}
			})
		}

		t.Run("checkboxes_over_max", func(t *testing.T) {
			v := goodAnswers()
			v["extras"] = []string{"a", "b", "c"}
			r := post(t, c, first, v, "")
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			p := parse(t, r.Body)
			if msg := p.fieldError(t, "extras"); !strings.Contains(msg, "2") {
				t.Errorf("error next to extras %q, want the limit 2 named", msg)
			}
			if got := p.value("extras"); got != "a,b,c" {
				t.Errorf("extras show %q, want all three ticked as sent", got)
			}
		})

		t.Run("english_messages", func(t *testing.T) {
			v := goodAnswers()
			v.Set("iban", "DE00 3704 0044 0532 0130 00")
			r := post(t, c, first+"?lang=en", v, "")
			p := parse(t, r.Body)
			msg := p.fieldError(t, "iban")
			if msg == "" || strings.Contains(msg, "Bitte") {
				t.Errorf("English page shows %q next to the IBAN", msg)
			}
		})

		t.Run("controls_are_labelled_accessibly", func(t *testing.T) {
			p := parse(t, c.Get(first+"?lang=de").Body)
			for _, tc := range []struct{ name, attr, want string }{
				{"name", "autocomplete", "name"},
				{"email", "autocomplete", "email"},
				{"telefon", "autocomplete", "tel"},
				{"anschrift.street", "autocomplete", "address-line1"},
				{"anschrift.postal_code", "autocomplete", "postal-code"},
				{"anschrift.city", "autocomplete", "address-level2"},
				{"anzahl", "inputmode", "numeric"},
				{"betrag", "inputmode", "decimal"},
				{"iban", "inputmode", "text"},
				{"datum", "type", "date"},
			} {
				in := p.inputs(tc.name)
				if len(in) == 0 || attr(in[0], tc.attr) != tc.want {
					t.Errorf("%s: %s=%q, want %q", tc.name, tc.attr, attrOf(in, tc.attr), tc.want)
				}
			}
			for _, id := range []string{"f-anschrift", "f-kinder"} {
				if n := p.byID(id); n == nil || n.Data != "fieldset" {
					t.Errorf("%s is not a fieldset", id)
				}
			}
			if !strings.Contains(p.body, "<legend>Farbe") || !strings.Contains(p.body, "<legend>Extras") {
				t.Error("radio buttons and checkboxes lack a fieldset with legend")
			}
			if n := p.byID("f-summe"); n == nil || n.Data != "output" || len(p.inputs("summe")) > 0 {
				t.Error("the calculated fee is not shown read-only")
			}
			if in := p.inputs("datum"); len(in) == 0 || !strings.Contains(attr(in[0], "aria-describedby"), "f-datum-hint") {
				t.Error("the date's hint (text fallback) is not tied to it")
			}
		})
	})
}

func attrOf(ns []*html.Node, key string) string {
	if len(ns) == 0 {
		return "(no control)"
	}
	return attr(ns[0], key)
}

func TestRequiredAddressPartsAreMarkedForAssistiveTechnology(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		first := tw.begin(c, "bewohnerparkausweis")
		for _, tc := range []struct {
			name   string
			answer url.Values
			// invalid is the part that must say aria-invalid and point to its error.
			invalid string
		}{
			{"empty_page", nil, ""},
			{"four_digit_postcode", url.Values{"address.street": {"Ring"}, "address.house_number": {"1"}, "address.postal_code": {"3153"}, "address.city": {"Musterstadt"}}, "address.postal_code"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := parse(t, c.Get(first).Body)
				if tc.answer != nil {
					p = parse(t, post(t, c, first, tc.answer, "").Body)
				}
				for _, part := range []struct{ name, autocomplete string }{
					{"address.street", "address-line1"},
					{"address.house_number", ""},
					{"address.postal_code", "postal-code"},
					{"address.city", "address-level2"},
				} {
					in := p.inputs(part.name)
					if len(in) == 0 {
						t.Fatalf("no input %s", part.name)
					}
					if got := attr(in[0], "aria-required"); got != "true" {
						t.Errorf("%s: aria-required=%q, want true", part.name, got)
					}
					if got := attr(in[0], "autocomplete"); got != part.autocomplete {
						t.Errorf("%s: autocomplete=%q, want %q", part.name, got, part.autocomplete)
					}
					id := attr(in[0], "id")
					invalid := part.name == tc.invalid
					if got := attr(in[0], "aria-invalid") == "true"; got != invalid {
						t.Errorf("%s: aria-invalid %v, want %v", part.name, got, invalid)
					}
					if got := strings.Contains(attr(in[0], "aria-describedby"), id+"-error"); got != invalid {
						t.Errorf("%s: aria-describedby %q names the error: %v, want %v", part.name, attr(in[0], "aria-describedby"), got, invalid)
					}
					if invalid && p.byID(id+"-error") == nil {
						t.Errorf("%s: aria-describedby names %s-error, which is not on the page", part.name, id)
					}
				}
				if fs := p.byID("f-address"); fs == nil || !strings.Contains(attr(fs, "aria-describedby"), "f-address-hint") || p.byID("f-address-hint") == nil {
					t.Error("the address's hint is not tied to its fieldset")
				}
			})
		}
	})
}
