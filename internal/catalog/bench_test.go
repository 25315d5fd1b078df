package catalog

import (
	"testing"
	"time"
)

// benchSnapshot is a published catalog of n synthetic services.
func benchSnapshot(n int) *Snapshot {
	list := BenchServices(n, []int64{1, 2, 3})
	services := make([]*Service, len(list))
	for i := range list {
		list[i].ID = int64(i + 1)
		list[i].UpdatedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		services[i] = &list[i]
	}
	return newSnapshot(1, services, nil, nil)
}

func TestBenchServicesAreValidAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range BenchServices(600, []int64{1}) {
		if err := s.Validate(); err != nil {
			t.Fatalf("%s: %v", s.Slug, err)
		}
		if seen[s.Slug] {
			t.Fatalf("slug %s twice", s.Slug)
		}
		seen[s.Slug] = true
	}
}

// BenchmarkCatalogSearch searches a catalog of 500 services in memory, as
// /services?q= and /api/v1/services?q= do after the version check.
//
//	go test ./internal/catalog -run '^$' -bench CatalogSearch -benchtime=200x
func BenchmarkCatalogSearch(b *testing.B) {
	snap := benchSnapshot(500)
	for _, q := range []Query{
		{Text: "Hundesteuer", Lang: "de"},
		{Text: "Hund anmelden", Lang: "de"},
		{Text: "Gewerbeanmeldung", Lang: "de"},
		{Text: "Ausweis", Lang: "de"},
		{Text: "Xylophon", Lang: "de"},
		{Text: "parking permit", Lang: "en"},
		{Text: "Wie melde ich meinen Hund zur Hundesteuer an und was kostet die Hundemarke", Lang: "de"},
	} {
		b.Run(q.Lang+"/"+q.Text, func(b *testing.B) {
			for b.Loop() {
				snap.Search(q)
			}
		})
	}
}

// BenchmarkCatalogIndex builds the index of 500 services: what the first
// request after a change pays.
func BenchmarkCatalogIndex(b *testing.B) {
	list := benchSnapshot(500).Services
	for b.Loop() {
		newSnapshot(2, list, nil, nil)
	}
}
