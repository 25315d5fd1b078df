package reports_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// BenchmarkList measures the list queries of the public map, Open311 and
// the inbox over RATHAUS_BENCH_REPORTS synthetic reports (default 100,000;
// the target is 1,000,000) on SQLite, or on PostgreSQL with
// RATHAUS_BENCH_ENGINE=postgres.
//
//	RATHAUS_BENCH_REPORTS=1000000 go test -run '^$' -bench BenchmarkList -benchtime 200x ./internal/reports/
func BenchmarkList(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("RATHAUS_BENCH_REPORTS")); err == nil && v > 0 {
		n = v
	}
	engine := testkit.SQLite
	if os.Getenv("RATHAUS_BENCH_ENGINE") == "postgres" {
		engine = testkit.Postgres
	}
	migrations := []db.Migrations{auth.Migrations, jobs.Migrations, mail.Migrations, audit.Migrations, reports.Migrations}
	var d *db.DB
	if path := os.Getenv("RATHAUS_BENCH_DB"); path != "" {
		// A kept SQLite file: generated once, reused by later runs.
		var err error
		if d, err = db.Open(b.Context(), "sqlite:"+path, b.TempDir()); err != nil {
			b.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Migrate(b.Context(), migrations...); err != nil {
			b.Fatal(err)
		}
	} else {
		d = testkit.NewDB(b, engine, migrations...)
	}
	ctx := db.With(b.Context(), d)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	var have int
	d.QueryRow(ctx, "SELECT COUNT(*) FROM reports").Scan(&have)
	if _, err := reports.GenerateBenchData(ctx, reports.BenchData{N: n - have, Area: domainTown, From: now.AddDate(-5, 0, 0), To: now, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if engine == testkit.Postgres {
		d.Exec(ctx, "ANALYZE")
	}
	b.Logf("generated %d reports in %s", n, time.Since(start))
	area, _ := geo.AreaFromBBox(domainTown)
	c := clock.NewFixed(now)
	svc := reports.New(reports.Deps{Clock: c, Audit: &audit.Log{Clock: c}, Mail: &mail.Outbox{Clock: c},
		Area: func(context.Context) *geo.Area { return area }})
	center := domainTown.Center()
	box := func(share float64) *geo.BBox { // a box of share of the town's area
		h := (domainTown.MaxLat - domainTown.MinLat) / 2 * share
		w := (domainTown.MaxLon - domainTown.MinLon) / 2 * share
		return &geo.BBox{MinLat: center.Lat - h, MaxLat: center.Lat + h, MinLon: center.Lon - w, MaxLon: center.Lon + w}
	}
	var dept int64
	d.QueryRow(ctx, "SELECT id FROM departments WHERE slug = 'bench'").Scan(&dept)
	lists := []struct {
		name string
		f    reports.Filter
	}{
		{"newest50", reports.Filter{PageSize: 50}},
		{"open311_default_90days", reports.Filter{PageSize: 50, CreatedFrom: now.AddDate(0, 0, -90)}},
		{"bbox_1pct", reports.Filter{PageSize: 50, BBox: box(0.1)}},
		{"bbox_10pct", reports.Filter{PageSize: 50, BBox: box(0.316)}},
		{"bbox_whole", reports.Filter{PageSize: 50, BBox: box(1)}},
		{"bbox_1pct_open", reports.Filter{PageSize: 50, BBox: box(0.1), OpenOnly: true}},
		{"near_200m", reports.Filter{PageSize: 50, Near: &center, Radius: 200}},
		{"updated_after_1day", reports.Filter{PageSize: 50, UpdatedAfter: now.AddDate(0, 0, -1), Sort: reports.SortUpdated}},
		{"inbox_oldest_open", reports.Filter{Staff: true, PageSize: 50, DepartmentID: dept, OpenOnly: true, Sort: reports.SortOldest}},
		{"inbox_deadline", reports.Filter{Staff: true, PageSize: 50, DepartmentID: dept, OpenOnly: true, Sort: reports.SortDeadline}},
		{"overdue", reports.Filter{Staff: true, PageSize: 50, Overdue: true}},
	}
	for _, l := range lists {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.List(ctx, l.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("map_bbox_10pct", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.MapPoints(ctx, reports.Filter{BBox: box(0.316), OpenOnly: true}, 1000); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("nearby_50m", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Nearby(ctx, "bench-1", center, 50); err != nil {
				b.Fatal(err)
			}
		}
	})
}
