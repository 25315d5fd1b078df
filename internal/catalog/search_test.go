package catalog

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// searchFixture is a small catalog whose texts are written so that each
// search case below needs one feature of the search: stems, compounds,
// spelling variants, field ranking, English.
func searchFixture() *Snapshot {
	tax := Topic{ID: 1, Slug: "steuern", Name: Text{"Steuern und Abgaben", "Taxes and charges"}}
	moving := Topic{ID: 2, Slug: "umzug", Name: Text{"Umzug", "Moving house"}}
	ref := func(t Topic) Ref { return Ref{ID: t.ID, Slug: t.Slug, Name: t.Name} }
	svc := func(slug, de, en, descDE, descEN, kwDE string, businesses bool, refs ...Ref) *Service {
		s := &Service{Slug: slug, Name: Text{de, en}, Description: Text{descDE, descEN}, Keywords: Text{kwDE, ""},
			ForCitizens: !businesses, ForBusinesses: businesses, InPerson: true, Published: true}
		for _, r := range refs {
			if r.ID == tax.ID {
				s.Topics = append(s.Topics, r)
			} else {
				s.Life = append(s.Life, r)
			}
		}
		return s
	}
	services := []*Service{
		// No keywords on purpose: "Hundesteuer" must find it by its parts.
		svc("hund-anmelden", "Hund anmelden", "Register a dog",
			"Wer einen Hund hält, meldet ihn an und zahlt dafür Steuer.", "If you keep a dog, register it and pay the tax.", "", false, ref(tax)),
		svc("grundsteuer", "Grundsteuer", "Property tax", "Die Steuer für Grundstücke.", "The tax on land.", "", false, ref(tax)),
		svc("gewerbe-anmelden", "Gewerbe anmelden", "Register a trade", "Wer ein Gewerbe beginnt, meldet es an.", "Register a new trade.", "Selbstständigkeit", true),
		svc("wohnsitz-anmelden", "Wohnsitz anmelden", "Register your address", "Nach dem Zuzug melden Sie sich an.", "Register after moving in.",
			"Ummeldung, Umzug", false, ref(moving)),
		svc("meldebescheinigung", "Meldebescheinigung beantragen", "Certificate of registration", "Bestätigt Ihre Anschrift.", "Confirms your address.", "", false),
		svc("bewohnerparkausweis", "Bewohnerparkausweis beantragen", "Resident parking permit", "Parken in Ihrer Zone.", "Park in your zone.", "Anwohnerparken", false, ref(moving)),
		svc("personalausweis", "Personalausweis beantragen", "Identity card", "Den Ausweis gibt es im Rathaus.", "Get your ID at the town hall.", "Perso", false),
		svc("halteverbot-umzug", "Halteverbot für den Umzug", "No-parking zone for a move", "Platz für den Umzugswagen.", "Space for the removal van.", "", false, ref(moving)),
		svc("buergerbuero", "Termin im Bürgerbüro", "Appointment at the citizens' office", "Gebuehren zahlen Sie bar oder mit Karte.", "Pay fees in cash or by card.", "", false),
		svc("strassenreinigung", "Straßenreinigung", "Street cleaning", "Wann Ihre Straße gekehrt wird.", "When your street is swept.", "", false),
		svc("eheschliessung", "Eheschließung anmelden", "Give notice of marriage", "Vor der Trauung melden Sie die Ehe an.", "Before the wedding, give notice.", "Hochzeit, Heirat", false),
		svc("kita", "Kita-Platz beantragen", "Daycare place", "Betreuung ab dem ersten Geburtstag.", "Childcare from the first birthday.", "Kindergarten", false),
		svc("fundbuero", "Fundsache abgeben", "Hand in lost property", "Gefundenes bringen Sie ins Rathaus.", "Bring found items to the town hall.", "", false),
		svc("service-center", "Servicecenter", "Service centre", "Auskünfte aller Art.", "Information of all kinds.", "Fundsache, Formulare", false),
	}
	for i, s := range services {
		s.ID = int64(i + 1)
		s.UpdatedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	return newSnapshot(1, services, []Topic{tax}, []LifeSituation{moving})
}

func slugs(list []*Service) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, s.Slug)
	}
	return out
}

func TestSearchFindsServicesTheWayPeopleAskForThem(t *testing.T) {
	snap := searchFixture()
	for _, tc := range []struct {
		name, query, lang string
		first             string   // the best result, "" for none
		also              []string // further expected results
		not               []string // results that must not appear
	}{
		{name: "compound Hundesteuer finds Hund anmelden", query: "Hundesteuer", first: "hund-anmelden", not: []string{"gewerbe-anmelden"}},
		{name: "genitive Hundes finds Hund", query: "Hundes", first: "hund-anmelden"},
		{name: "plural Hunde finds Hund", query: "Hunde", first: "hund-anmelden"},
		{name: "noun Anmeldung finds verb anmelden", query: "Anmeldung", also: []string{"hund-anmelden", "gewerbe-anmelden", "wohnsitz-anmelden", "eheschliessung"}, not: []string{"meldebescheinigung"}},
		{name: "two words need both", query: "Hund anmelden", first: "hund-anmelden", not: []string{"gewerbe-anmelden", "wohnsitz-anmelden"}},
		{name: "compound Gewerbeanmeldung finds Gewerbe anmelden, not every anmelden", query: "Gewerbeanmeldung", first: "gewerbe-anmelden",
			not: []string{"hund-anmelden", "wohnsitz-anmelden"}},
		{name: "head of a compound finds the compound", query: "Bescheinigung", first: "meldebescheinigung"},
		{name: "modifier of a compound finds the compound", query: "Grund", first: "grundsteuer"},
		{name: "part of a three-part compound", query: "Parkausweis", first: "bewohnerparkausweis", not: []string{"personalausweis"}},
		{name: "half a compound when nothing has it whole", query: "Hundeausweis", also: []string{"hund-anmelden", "personalausweis"}},
		{name: "umlaut typed as ue", query: "Buergerbuero", first: "buergerbuero"},
		{name: "umlaut typed with dots", query: "Bürgerbüro", first: "buergerbuero"},
		{name: "text with ue found by umlaut", query: "Gebühren", first: "buergerbuero"},
		{name: "ß typed as ss", query: "Strasse", first: "strassenreinigung"},
		{name: "ss typed as ß", query: "Eheschliessung", first: "eheschliessung"},
		{name: "synonym in the keywords", query: "Hochzeit", first: "eheschliessung"},
		{name: "hyphenated name", query: "Kita-Platz", first: "kita"},
		{name: "lower case", query: "kita", first: "kita"},
		{name: "word being typed", query: "Persona", first: "personalausweis"},
		{name: "life situation counts", query: "Umzug", first: "halteverbot-umzug", also: []string{"wohnsitz-anmelden", "bewohnerparkausweis"}},
		{name: "a name beats the keywords", query: "Fundsache", first: "fundbuero", also: []string{"service-center"}},
		{name: "question with stop words", query: "Wie melde ich meinen Hund an?", first: "hund-anmelden"},
		{name: "nothing fits", query: "Xylophon"},
		{name: "only stop words", query: "und die der"},
		{name: "German query does not search the English texts", query: "dog"},
		{name: "English word", query: "dog", lang: "en", first: "hund-anmelden"},
		{name: "English plural", query: "dogs", lang: "en", first: "hund-anmelden"},
		{name: "English two words", query: "parking permit", lang: "en", first: "bewohnerparkausweis"},
		{name: "English page finds German names too", query: "Meldebescheinigung", lang: "en", first: "meldebescheinigung"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lang := tc.lang
			if lang == "" {
				lang = "de"
			}
			got := slugs(snap.Search(Query{Text: tc.query, Lang: lang}))
			if tc.first == "" && len(tc.also) == 0 {
				if len(got) > 0 {
					t.Errorf("Search(%q) = %v, want nothing", tc.query, got)
				}
				return
			}
			if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
				t.Errorf("Search(%q) = %v, want %s first", tc.query, got, tc.first)
			}
			for _, s := range tc.also {
				if !slices.Contains(got, s) {
					t.Errorf("Search(%q) = %v, want %s among them", tc.query, got, s)
				}
			}
			for _, s := range tc.not {
				if slices.Contains(got, s) {
					t.Errorf("Search(%q) = %v, want no %s", tc.query, got, s)
				}
			}
		})
	}
}

func TestSearchFilters(t *testing.T) {
	snap := searchFixture()
	for _, tc := range []struct {
		name string
		q    Query
		want []string
	}{
		{"audience businesses", Query{Text: "anmelden", Audience: Businesses}, []string{"gewerbe-anmelden"}},
		{"topic without text, by name", Query{Topic: 1}, []string{"grundsteuer", "hund-anmelden"}},
		{"life situation and text", Query{Text: "anmelden", Life: 2}, []string{"wohnsitz-anmelden"}},
		{"filter that nothing fits", Query{Text: "Hund", Audience: Businesses}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Lang = "de"
			if got := slugs(snap.Search(tc.q)); !slices.Equal(got, tc.want) {
				t.Errorf("Search(%+v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestListsAreSortedAsReadersExpect(t *testing.T) {
	snap := searchFixture()
	got := slugs(snap.ByName("de", nil))
	// "Eheschließung" between "Bewohner…" and "Fundsache"; "Straßenreinigung"
	// before "Termin im Bürgerbüro"; case and umlauts do not push names to
	// the end.
	for _, pair := range [][2]string{{"bewohnerparkausweis", "eheschliessung"}, {"eheschliessung", "fundbuero"}, {"strassenreinigung", "buergerbuero"}} {
		if slices.Index(got, pair[0]) > slices.Index(got, pair[1]) {
			t.Errorf("by name: %v, want %s before %s", got, pair[0], pair[1])
		}
	}
	en := slugs(snap.ByName("en", nil))
	if en[0] != "buergerbuero" { // "Appointment at …"
		t.Errorf("by English name: %v, want the appointment first", en)
	}
}

func TestSearchBoundsHostileQueries(t *testing.T) {
	snap := searchFixture()
	long := strings.Repeat("Hundesteuerbescheid ", 2000)
	start := time.Now()
	got := snap.Search(Query{Text: long, Lang: "de"})
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("a 40,000-character query took %v", d)
	}
	if len(got) == 0 || got[0].Slug != "hund-anmelden" {
		t.Errorf("a long query of one repeated word = %v, want the dog first", slugs(got))
	}
	if w := queryWords(long); len(w) != maxQueryWords {
		t.Errorf("queryWords kept %d words, want %d", len(w), maxQueryWords)
	}
}
