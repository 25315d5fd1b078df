// Command seed fills a town hall's data directory for bench/catalog/run.sh:
// the demo town Musterstadt (its 26 services) plus N synthetic services, so
// the search runs over a catalog of a realistic size.
//
// Usage: go run ./bench/catalog/seed -data DIR -n 500 [-demo=false]
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
	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/demo"
)

func main() {
	dir := flag.String("data", "", "data directory of the town hall (SQLite)")
	n := flag.Int("n", 500, "synthetic services besides the demo's")
	withDemo := flag.Bool("demo", true, "seed the demo town first (else one department only)")
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
	if *withDemo {
		if _, err := demo.Seed(ctx, a); err != nil {
			log.Fatalf("seed: demo: %v", err)
		}
	} else if _, err := a.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
		log.Fatalf("seed: %v", err)
	}
	deps, err := a.Auth.Departments(ctx)
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	var ids []int64
	for _, d := range deps {
		ids = append(ids, d.ID)
	}
	for _, s := range catalog.BenchServices(*n, ids) {
		if _, err := a.Catalog.Save(ctx, s, audit.By(0, "")); err != nil {
			log.Fatalf("seed: service %s: %v", s.Slug, err)
		}
	}
	snap, err := a.Catalog.Published(ctx)
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	fmt.Fprintf(os.Stderr, "seed: %d published services in %s\n", len(snap.Services), time.Since(start).Round(time.Second))
}
