package reports_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestAPIBBoxFindsWhatABruteForceFinds compares the bbox of GET
// requests.json, whichever index serves it (grid cells, R*Tree, the walk
// over the newest), with a filter over every report, for boxes from a
// few metres to the whole town, edges included.
func TestAPIBBoxFindsWhatABruteForceFinds(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		area := geo.BBox{MinLat: 52.30, MinLon: 9.60, MaxLat: 52.45, MaxLon: 9.90}
		now := time.Now().UTC()
		if _, err := reports.GenerateBenchData(town.ctx, reports.BenchData{N: 4000, Area: area,
			From: now.AddDate(0, 0, -80), To: now, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		var all []reports.Report
		for p := 1; ; p++ {
			page, err := town.svc.List(town.ctx, reports.Filter{Page: p, PageSize: reports.MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page.Reports...)
			if !page.More {
				break
			}
		}
		rng := rand.New(rand.NewPCG(9, 9))
		for i := range 40 {
			size := []float64{0.0005, 0.005, 0.014, 0.05, 0.3}[i%5]
			b := geo.BBox{MinLat: 52.30 + rng.Float64()*0.14, MinLon: 9.60 + rng.Float64()*0.29}
			b.MaxLat, b.MaxLon = b.MinLat+size*0.65, b.MinLon+size
			if i%7 == 0 {
				// A box whose south-west corner is a report: edges count.
				p := all[rng.IntN(len(all))].Location
				b = geo.BBox{MinLat: p.Lat, MinLon: p.Lon, MaxLat: p.Lat + 0.004, MaxLon: p.Lon + 0.006}
			}
			var want []string
			for _, r := range all {
				if r.Location != nil && b.Contains(*r.Location) && len(want) < 200 {
					want = append(want, r.Ref)
				}
			}
			query := fmt.Sprintf("page_size=200&bbox=%s,%s,%s,%s", ff(b.MinLon), ff(b.MinLat), ff(b.MaxLon), ff(b.MaxLat))
			if got := town.apiIDs(t, query); !slices.Equal(got, want) {
				t.Errorf("box %d (%s): %d reports, want %d", i, query, len(got), len(want))
			}
			// The second page and the map's points come from the same
			// cell-by-cell plan and must agree with it too.
			page2 := want[min(20, len(want)):min(40, len(want))]
			query = fmt.Sprintf("page=2&page_size=20&bbox=%s,%s,%s,%s", ff(b.MinLon), ff(b.MinLat), ff(b.MaxLon), ff(b.MaxLat))
			if got := town.apiIDs(t, query); !slices.Equal(got, page2) && !(len(got) == 0 && len(page2) == 0) {
				t.Errorf("box %d (%s): page 2 is %v, want %v", i, query, got, page2)
			}
			points, err := town.svc.MapPoints(town.ctx, reports.Filter{BBox: &b}, 30)
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, p := range points {
				refs = append(refs, p.Ref)
			}
			if top := want[:min(30, len(want))]; !slices.Equal(refs, top) && !(len(refs) == 0 && len(top) == 0) {
				t.Errorf("box %d: map points %v, want %v", i, refs, top)
			}
		}
	})
}

// ff writes f exactly, so a box edge on a report stays on it.
func ff(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
