package catalog_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestPublicPagesShowTheCatalog(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		for _, tc := range []struct {
			name, path string
			status     int
			want, not  []string
		}{
			{name: "start page lists life situations, topics and services A to Z", path: "/services", status: 200,
				want: []string{"<h1>Leistungen</h1>", `href="/services/life/hund"`, `href="/services/topic/steuern"`,
					`href="/services/hund-anmelden"`, `href="/services/bewohnerparkausweis"`, `role="search"`, `name="q"`},
				not: []string{"Geheimer Entwurf"}},
			{name: "the main navigation leads here", path: "/", status: 200, want: []string{`<a href="/services"`, ">Leistungen</a>"}},
			{name: "search result", path: "/services?q=Hundesteuer", status: 200,
				want: []string{"1 Leistung zu „Hundesteuer“", `href="/services/hund-anmelden"`, `value="Hundesteuer"`, "<title>Suche nach „Hundesteuer“"},
				not:  []string{`href="/services/bewohnerparkausweis"`}},
			{name: "search in English", path: "/services?q=dog&lang=en", status: 200,
				want: []string{"1 service for “dog”", "Register a dog"}},
			{name: "search without a result gives tips", path: "/services?q=Xylophon", status: 200,
				want: []string{"0 Leistungen zu „Xylophon“", "keine Leistung gefunden", `href="/services"`}},
			{name: "a draft is not found", path: "/services?q=Entwurf", status: 200, not: []string{"Geheimer Entwurf"}},
			{name: "service with an online form", path: "/services/hund-anmelden", status: 200,
				want: []string{"<h1>Hund anmelden</h1>", `<a class="button" href="/forms/hund-anmelden">Online beantragen</a>`,
					"Chipnummer", "96 Euro im Jahr</span> (96,00 €)", "Kämmerei", "mailto:kasse@example.org", "99104004001000",
					"Hundesteuersatzung", `href="/services/topic/steuern"`, `href="/services/life/hund"`, `datetime="`}},
			{name: "service in English", path: "/services/hund-anmelden?lang=en", status: 200,
				want: []string{"<h1>Register a dog</h1>", ">Apply online</a>", "96 euros a year</span> (€96.00)", "Microchip number"}},
			{name: "service without a form says how to get it", path: "/services/bewohnerparkausweis", status: 200,
				want: []string{"So geht&#39;s", "Bringen Sie den Fahrzeugschein ins Ordnungsamt.", "Mit Termin im Rathaus.", "Unternehmen"},
				not:  []string{"/forms/", "Online beantragen"}},
			{name: "a draft has no page", path: "/services/entwurf", status: 404},
			{name: "an unknown service has no page", path: "/services/gibt-es-nicht", status: 404},
			{name: "topic page", path: "/services/topic/steuern", status: 200,
				want: []string{"<h1>Steuern und Abgaben</h1>", `href="/services/hund-anmelden"`}, not: []string{"bewohnerparkausweis"}},
			{name: "German text on an English page is marked as German", path: "/services/bewohnerparkausweis?lang=en", status: 200,
				want: []string{`<h1>Resident parking permit</h1>`, `<span lang="de">30,70 Euro pro Jahr</span>`}},
			{name: "life situation page", path: "/services/life/hund?lang=en", status: 200,
				want: []string{"<h1>Getting a dog</h1>", "Register a dog"}},
			{name: "unknown topic", path: "/services/topic/gibt-es-nicht", status: 404},
			{name: "unknown life situation", path: "/services/life/gibt-es-nicht", status: 404},
			{name: "search words come back escaped", path: "/services?q=%3Cscript%3Ealert(1)%3C/script%3E", status: 200,
				want: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, not: []string{"<script>alert"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// A client of its own: ?lang= sets a cookie.
				r := s.srv.Client().Get(tc.path)
				if r.StatusCode != tc.status {
					t.Fatalf("GET %s: %d, want %d:\n%s", tc.path, r.StatusCode, tc.status, testkit.Excerpt(r.Body))
				}
				for _, w := range tc.want {
					if !strings.Contains(r.Body, w) {
						t.Errorf("GET %s: no %q in\n%s", tc.path, w, testkit.Excerpt(r.Body))
					}
				}
				for _, n := range tc.not {
					if strings.Contains(r.Body, n) {
						t.Errorf("GET %s: %q should not be there", tc.path, n)
					}
				}
			})
		}
		noMissingMessages(t, s)
	})
}

// noMissingMessages fails when a catalog page asked for a message that no
// locale file has (other modules' keys are their tests' business).
func noMissingMessages(t *testing.T, s *site) {
	t.Helper()
	var missing []string
	for _, k := range s.srv.App.Site.Catalog().Missing() {
		_, key, _ := strings.Cut(k, ":")
		for _, prefix := range []string{"catalog.", "field.", "error.", "form.", "layout."} {
			if strings.HasPrefix(key, prefix) {
				missing = append(missing, k)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("messages missing from the locales: %v", missing)
	}
}

func TestPublicPagesAnswerBadInputWithoutServerErrors(t *testing.T) {
	s := newSite(t, testkit.SQLite)
	c := s.srv.Client()
	for _, path := range []string{
		"/services?q=" + strings.Repeat("Hundesteuer", 500),
		"/services?q=%22%27%3B--",
		"/services?q=%E2%80%AE%F0%9F%90%95",
		"/services/%2e%2e",
		"/services/topic/%3Cb%3E",
		"/services?q=und+oder+die",
	} {
		r := c.Get(path)
		if r.StatusCode >= 500 || (r.StatusCode != http.StatusOK && r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusBadRequest) {
			t.Errorf("GET %.60s: status %d", path, r.StatusCode)
		}
	}
}

func TestSearchPageShowsTheFirstResultsAndAsksForBetterWords(t *testing.T) {
	s := newSite(t, testkit.SQLite)
	for _, v := range catalog.BenchServices(60, []int64{s.ordnung.ID}) {
		if _, err := s.srv.App.Catalog.Save(s.srv.Ctx(), v, admin); err != nil {
			t.Fatal(err)
		}
	}
	r := s.srv.Client().Get("/services?q=melden")
	if n := strings.Count(r.Body, `<li class="card">`); n != 50 {
		t.Errorf("%d results shown, want the first 50", n)
	}
	for _, want := range []string{"Hier stehen die ersten 50 Treffer", "Leistungen zu „melden“"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("no %q in\n%s", want, testkit.Excerpt(r.Body))
		}
	}
}
