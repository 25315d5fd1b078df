package formdef

import (
	"net/url"
	"strings"
	"testing"
)

func TestGroupItemErrorsNameTheItem(t *testing.T) {
	for _, tc := range []struct {
		name, itemLabel, lang, want string
	}{
		{"item_label_de", "\n        item_label: {de: Person, en: Person}", "de", "Person 2: Bitte füllen Sie „Vor- und Nachname“ aus."},
		{"item_label_en", "\n        item_label: {de: Person, en: Person}", "en", "Person 2: Please fill in “Full name”."},
		{"no_item_label_says_entry", "", "de", "Eintrag 2: Bitte füllen Sie „Vor- und Nachname“ aus."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := formWith(t, `      - name: people
        type: group
        label: {de: Personen, en: People}`+tc.itemLabel+`
        fields:
          - {name: full_name, type: text, label: {de: Vor- und Nachname, en: Full name}, required: true}`)
			a := post(f, in("people.0.full_name", "Erika", "people.1._item", "1"))
			if got := f.Validate(a, tc.lang, today)["people.1.full_name"]; got != tc.want {
				t.Errorf("error %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTooLongCountsOnlyWhatItKnows(t *testing.T) {
	f := formWith(t, `      - {name: text, type: textarea, label: Text, max_length: 100}`)
	for _, tc := range []struct {
		name, input, want string
	}{
		{"kept_answer_is_counted", strings.Repeat("x", 150), "(jetzt sind es 150)"},
		{"clipped_answer_says_more_than", strings.Repeat("x", 100_000), "(jetzt sind es mehr als 65000)"},
		{"clipped_multibyte_answer", strings.Repeat("€", 100_000), "(jetzt sind es mehr als 21000)"},
		{"answer_just_under_the_clip_rounds_down", strings.Repeat("x", maxInputBytes-2), "(jetzt sind es mehr als 65000)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(f, url.Values{"text": {tc.input}})
			if got := f.Validate(a, "de", today)["text"]; !strings.Contains(got, tc.want) {
				t.Errorf("error %q, want it to say %q", got, tc.want)
			}
		})
	}
}
