// Command seed fills a town hall's data directory with synthetic reports for
// bench/reports/run.sh: N reports spread over a town of about 20 × 17 km
// (the generator of internal/reports), created over the two years before
// now, and an Open311 client whose key it prints on stdout.
//
// Usage: go run ./bench/reports/seed -data DIR -n 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
)

// Town is the area the reports are spread over; run.sh's bounding boxes lie
// in it.
var Town = geo.BBox{MinLat: 52.30, MinLon: 9.60, MaxLat: 52.45, MaxLon: 9.90}

func main() {
	dir := flag.String("data", "", "data directory of the town hall (SQLite)")
	n := flag.Int("n", 1_000_000, "number of reports")
	flag.Parse()
	if *dir == "" {
		log.Fatal("seed: -data is required")
	}
	cfg := config.Defaults()
	cfg.DataDir, cfg.DatabaseURL = *dir, ""
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	defer a.Close()
	ctx = db.With(ctx, a.DB)
	start := time.Now()
	now := time.Now().UTC()
	got, err := reports.GenerateBenchData(ctx, reports.BenchData{N: *n, Area: Town, From: now.AddDate(-2, 0, 0), To: now, Seed: 1})
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	fmt.Fprintf(os.Stderr, "seed: %d reports in %s\n", got, time.Since(start).Round(time.Second))
	// The daily retention job would otherwise start on the old closed
	// reports when the server first runs, and measure itself instead of
	// the API: leave the archive as the job leaves it.
	start = time.Now()
	erased, err := a.Reports.EraseExpired(ctx)
	if err != nil {
		log.Fatalf("seed: retention: %v", err)
	}
	fmt.Fprintf(os.Stderr, "seed: retention erased %d reports in %s\n", erased, time.Since(start).Round(time.Second))
	_, key, err := a.Reports.CreateAPIClient(ctx, fmt.Sprintf("bench-%d", now.Unix()), reports.SystemActor)
	if err != nil {
		log.Fatalf("seed: API client: %v", err)
	}
	fmt.Println(key)
}
