// Package testkit gives tests real parts: a fresh database on each engine
// (SQLite always, PostgreSQL when RATHAUS_TEST_POSTGRES_URL is set), a running
// town hall on a free port, an SMTP server and a browser.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// PostgresEnv names the variable with the PostgreSQL server for tests. When
// it is set, a database that cannot be reached fails the tests.
const PostgresEnv = "RATHAUS_TEST_POSTGRES_URL"

// Engine is a database engine tests run on.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Engines returns the engines to test on: SQLite, and PostgreSQL when
// RATHAUS_TEST_POSTGRES_URL is set.
func Engines() []Engine {
	if os.Getenv(PostgresEnv) != "" {
		return []Engine{SQLite, Postgres}
	}
	return []Engine{SQLite}
}

// ForEachEngine runs fn as a subtest per engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, e Engine)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, e) })
	}
}

// DatabaseURL returns a URL for a fresh, empty database on engine e, removed
// when the test ends: a file in t.TempDir() for SQLite, a new schema for
// PostgreSQL (selected with search_path).
func DatabaseURL(t testing.TB, e Engine) string {
	t.Helper()
	if e == SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "rathaus.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresEnv)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("postgres at %s=%s unreachable: %v", PostgresEnv, base, err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// NewDB opens a fresh database on engine e with the given migrations applied.
func NewDB(t testing.TB, e Engine, migrations ...db.Migrations) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), DatabaseURL(t, e), t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", e, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background(), migrations...); err != nil {
		t.Fatalf("migrate %s: %v", e, err)
	}
	return d
}

// Context returns the test's context carrying d.
func Context(t testing.TB, d *db.DB) context.Context {
	return db.With(t.Context(), d)
}
