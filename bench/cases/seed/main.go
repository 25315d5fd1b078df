// Command seed fills a town hall's data directory with synthetic cases for
// bench/cases/run.sh: N cases of the department "bench-cases" (the
// generator of internal/cases) created over the two years before now, five
// staff members of it, and prints a session cookie of the first one on
// stdout, so the load run is signed in without a login form.
//
// Usage: go run ./bench/cases/seed -data DIR -n 100000
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
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

func main() {
	dir := flag.String("data", "", "data directory of the town hall (SQLite)")
	n := flag.Int("n", 100_000, "number of cases")
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
	dept, err := a.Auth.SaveDepartment(ctx, auth.Department{Slug: "bench-cases", Name: "Bench"})
	if err != nil {
		log.Fatalf("seed: department: %v", err)
	}
	var staff []int64
	for i := range 5 {
		u, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: fmt.Sprintf("bench%d@example.org", i), Name: fmt.Sprintf("Bench %d", i),
			Password: "bench-password-2026", Role: auth.RoleStaff, EmailVerified: true})
		if err != nil {
			log.Fatalf("seed: staff: %v", err)
		}
		if err := a.Auth.SetMembership(ctx, u.ID, dept.ID, false); err != nil {
			log.Fatalf("seed: membership: %v", err)
		}
		staff = append(staff, u.ID)
	}
	start := time.Now()
	now := time.Now().UTC()
	got, err := cases.GenerateBenchData(ctx, cases.BenchData{N: *n, Department: dept.Slug, From: now.AddDate(-2, 0, 0), To: now,
		Assignees: staff, Seed: 1})
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	fmt.Fprintf(os.Stderr, "seed: %d cases in %s\n", got, time.Since(start).Round(time.Second))
	if _, err := a.DB.Exec(ctx, "ANALYZE"); err != nil {
		log.Fatalf("seed: analyze: %v", err)
	}
	token, err := a.Auth.StartSession(ctx, staff[0])
	if err != nil {
		log.Fatalf("seed: session: %v", err)
	}
	fmt.Println(token)
}
