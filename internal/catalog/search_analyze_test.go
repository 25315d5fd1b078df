package catalog

import "testing"

func TestAnalyzerBringsSpellingVariantsToOneTerm(t *testing.T) {
	for _, tc := range []struct {
		name  string
		a     analyzer
		words []string
	}{
		{"inflections of Hund", germanAnalyzer, []string{"Hund", "Hunde", "Hundes", "Hunden"}},
		{"noun and verb of anmelden", germanAnalyzer, []string{"Anmeldung", "anmelden", "Anmeldungen"}},
		{"umlaut typed as ue", germanAnalyzer, []string{"Bürgerbüro", "Buergerbuero", "BÜRGERBÜRO"}},
		{"umlaut typed without dots", germanAnalyzer, []string{"Gebühren", "Gebuehren", "Gebuhren"}},
		{"ß typed as ss", germanAnalyzer, []string{"Straße", "Strasse", "Straßen"}},
		{"ae for ä", germanAnalyzer, []string{"Ämter", "Aemter"}},
		{"oe for ö", germanAnalyzer, []string{"Öffnungszeiten", "Oeffnungszeiten"}},
		{"eu stays a diphthong", germanAnalyzer, []string{"Steuer", "Steuern"}},
		{"English plural", englishAnalyzer, []string{"dog", "dogs"}},
		{"English -ing", englishAnalyzer, []string{"park", "parking"}},
		{"English accents", englishAnalyzer, []string{"cafe", "café"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.a.term(lower(tc.words[0]))
			if want == "" {
				t.Fatalf("%q has no term", tc.words[0])
			}
			for _, w := range tc.words[1:] {
				if got := tc.a.term(lower(w)); got != want {
					t.Errorf("%q → %q, but %q → %q", w, got, tc.words[0], want)
				}
			}
		})
	}
}

func TestAnalyzerKeepsDifferentWordsApart(t *testing.T) {
	for _, pair := range [][2]string{{"Steuer", "Stuer"}, {"Quelle", "Qülle"}, {"Hund", "Hand"}, {"anmelden", "abmelden"}} {
		if a, b := germanAnalyzer.term(lower(pair[0])), germanAnalyzer.term(lower(pair[1])); a == b {
			t.Errorf("%q and %q both → %q", pair[0], pair[1], a)
		}
	}
}

func TestAnalyzerDropsStopWordsAndSplitsHyphens(t *testing.T) {
	got := germanAnalyzer.terms("Ich möchte den Kfz-Schein für meinen Hund")
	want := []string{"kfz", "schein", "hund"}
	if len(got) != len(want) {
		t.Fatalf("terms = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("terms = %q, want %q", got, want)
		}
	}
}

func lower(s string) string {
	w := words(s)
	if len(w) != 1 {
		return s
	}
	return w[0]
}
