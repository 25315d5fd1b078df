package reports_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestBenchDataFillsTheTownForLists(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		spec := reports.BenchData{N: 4_321, Area: domainTown, From: domainStart.AddDate(-2, 0, 0), To: domainStart, Seed: 7}
		n, err := reports.GenerateBenchData(env.ctx, spec)
		if err != nil || n != spec.N {
			t.Fatalf("generated %d, %v", n, err)
		}
		if c, _ := env.svc.Count(env.ctx, reports.Filter{Staff: true}); c != spec.N {
			t.Errorf("count %d, want %d", c, spec.N)
		}
		page, err := env.svc.List(env.ctx, reports.Filter{PageSize: 50})
		if err != nil || len(page.Reports) != 50 || !page.More {
			t.Fatalf("newest 50: %d, %v", len(page.Reports), err)
		}
		for i := 1; i < len(page.Reports); i++ {
			if page.Reports[i].CreatedAt.After(page.Reports[i-1].CreatedAt) {
				t.Fatalf("not newest first at %d", i)
			}
		}
		// A box of a 25th of the town holds about a 25th of the reports.
		c := domainTown.Center()
		box := geo.BBox{MinLat: c.Lat - 0.015, MaxLat: c.Lat + 0.015, MinLon: c.Lon - 0.03, MaxLon: c.Lon + 0.03}
		in, err := env.svc.Count(env.ctx, reports.Filter{Staff: true, BBox: &box})
		if err != nil || in < 120 || in > 230 {
			t.Errorf("%d reports in 4%% of the town, %v", in, err)
		}
		start := time.Now()
		if _, err := env.svc.List(env.ctx, reports.Filter{BBox: &box}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: bbox list over %d reports took %s", e, spec.N, time.Since(start))
	})
}
