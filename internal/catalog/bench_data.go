package catalog

import (
	"fmt"
	"strings"
)

// benchNouns and benchVerbs make synthetic services for benchmarks: names,
// compounds and synonyms as a real catalog has them.
var benchNouns = []struct{ de, en, keywords string }{
	{"Hund", "dog", "Hundesteuer, Hundemarke"}, {"Gewerbe", "trade", "Gewerbeschein, Selbstständigkeit"},
	{"Wohnsitz", "address", "Ummeldung, Umzug, Zuzug"}, {"Fahrzeug", "vehicle", "Kfz, Auto, Zulassung"},
	{"Baum", "tree", "Baumfällung, Baumschutz"}, {"Veranstaltung", "event", "Straßenfest, Flohmarkt"},
	{"Bewohnerparkausweis", "resident parking permit", "Anwohnerparken, Parkausweis"},
	{"Personalausweis", "identity card", "Perso, Ausweis"}, {"Reisepass", "passport", "Pass, Expresspass"},
	{"Führungszeugnis", "certificate of good conduct", "Vorstrafen"}, {"Geburt", "birth", "Geburtsurkunde, Baby"},
	{"Eheschließung", "marriage", "Hochzeit, Heirat, Trauung"}, {"Kita-Platz", "daycare place", "Kindergarten, Krippe"},
	{"Grundsteuer", "property tax", "Steuerbescheid"}, {"Sondernutzung", "special use", "Außengastronomie, Container"},
	{"Fundsache", "lost property", "Fundbüro"}, {"Briefwahl", "postal vote", "Wahlschein, Wahl"},
	{"Hausnummer", "house number", "Adresse"}, {"Sperrmüll", "bulky waste", "Abfuhr, Müll"},
	{"Wasseranschluss", "water connection", "Hausanschluss"}, {"Grabstelle", "grave", "Friedhof, Bestattung"},
	{"Fischereischein", "fishing licence", "Angeln"}, {"Schankerlaubnis", "licence to serve alcohol", "Gaststätte, Kneipe"},
	{"Straßenlaterne", "street light", "Beleuchtung"}, {"Zweitwohnung", "second home", "Zweitwohnungsteuer, Nebenwohnung"},
}

var benchVerbs = []struct{ de, en string }{
	{"anmelden", "register"}, {"abmelden", "deregister"}, {"ummelden", "change the registration of"},
	{"beantragen", "apply for"}, {"verlängern", "renew"}, {"ändern", "change"}, {"melden", "report"},
	{"bescheinigen lassen", "get a certificate for"},
}

// BenchServices returns n synthetic, valid, published services spread over
// the departments, every fifth with an online form. Benchmarks and
// bench/catalog use them; a town's catalog has a few hundred.
func BenchServices(n int, departments []int64) []Service {
	out := make([]Service, 0, n)
	for i := 0; i < n; i++ {
		noun := benchNouns[i%len(benchNouns)]
		verb := benchVerbs[(i/len(benchNouns))%len(benchVerbs)]
		round := i / (len(benchNouns) * len(benchVerbs))
		name, nameEN := noun.de+" "+verb.de, strings.ToUpper(verb.en[:1])+verb.en[1:]+" a "+noun.en
		// The number keeps the slugs apart from a real catalog's (the
		// demo's "hund-anmelden").
		slug := fmt.Sprintf("%s-%d", slugify(noun.de+"-"+verb.de), i+1)
		if round > 0 {
			name += fmt.Sprintf(" (Ortsteil %d)", round)
			nameEN += fmt.Sprintf(" (district %d)", round)
		}
		s := Service{
			Slug: slug, Name: Text{name, nameEN},
			Description: Text{
				fmt.Sprintf("Hier erfahren Sie, wie Sie %s %s. Sie brauchen Ihren Personalausweis; die Gebühren richten sich nach der Satzung der Stadt.", noun.de, verb.de),
				fmt.Sprintf("How to %s %s. You need your identity card; the fees follow the town's by-laws.", verb.en, noun.en),
			},
			LeiKaKey:    fmt.Sprintf("99%012d", 100000000+i*1000),
			ForCitizens: true, ForBusinesses: i%3 == 0,
			Documents:  Text{"Personalausweis oder Reisepass", "Identity card or passport"},
			Fees:       Text{"nach Satzung", "according to the by-laws"},
			Department: Department{ID: departments[i%len(departments)]},
			InPerson:   true, Appointment: i%2 == 0,
			Keywords:  Text{noun.keywords, ""},
			Published: true,
		}
		if i%5 == 0 {
			s.Online, s.FormID = true, slug
		}
		out = append(out, s)
	}
	return out
}

// slugify makes a slug of German words.
func slugify(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", " ", "-").Replace(s)
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-")
}
