package db_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var notes = db.Migrations{Name: "notes", FS: fstest.MapFS{
	"sqlite/001_notes.sql":   {Data: []byte("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE, at TIMESTAMP NOT NULL, done BOOLEAN NOT NULL DEFAULT FALSE)")},
	"postgres/001_notes.sql": {Data: []byte("CREATE TABLE notes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body TEXT NOT NULL UNIQUE, at TIMESTAMPTZ NOT NULL, done BOOLEAN NOT NULL DEFAULT FALSE)")},
}}

func TestStore(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, notes)
		ctx := testkit.Context(t, d)
		at := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

		t.Run("migrations run once", func(t *testing.T) {
			n, err := d.Migrate(ctx, notes)
			if err != nil || n != 0 {
				t.Fatalf("second Migrate applied %d, err %v; want 0, nil", n, err)
			}
		})
		t.Run("insert returns id and times round-trip", func(t *testing.T) {
			var id int64
			err := d.InTx(ctx, func(tx *db.Tx) error {
				return tx.QueryRow(ctx, "INSERT INTO notes (body, at, done) VALUES (?, ?, ?) RETURNING id", "a '?' literal", at, true).Scan(&id)
			})
			if err != nil || id == 0 {
				t.Fatalf("insert: id %d, err %v", id, err)
			}
			var body string
			var got time.Time
			var done bool
			if err := d.QueryRow(ctx, "SELECT body, at, done FROM notes WHERE id = ? AND at <= ?", id, at).Scan(&body, &got, &done); err != nil {
				t.Fatal(err)
			}
			if body != "a '?' literal" || !got.Equal(at) || !done {
				t.Fatalf("got %q %v %v", body, got, done)
			}
		})
		t.Run("unique violation is recognised", func(t *testing.T) {
			_, err := d.Exec(ctx, "INSERT INTO notes (body, at) VALUES (?, ?)", "a '?' literal", at)
			if !db.IsUniqueViolation(err) {
				t.Fatalf("want unique violation, got %v", err)
			}
		})
		t.Run("failed transaction leaves nothing", func(t *testing.T) {
			boom := errors.New("boom")
			err := d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, "INSERT INTO notes (body, at) VALUES (?, ?)", "rolled back", at); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("want boom, got %v", err)
			}
			var n int
			d.QueryRow(ctx, "SELECT count(*) FROM notes WHERE body = ?", "rolled back").Scan(&n)
			if n != 0 {
				t.Fatalf("rolled back row is there")
			}
		})
	})
}

func TestRebind(t *testing.T) {
	pg := &db.DB{Dialect: db.Postgres}
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
	} {
		if got := pg.Rebind(tc.in); got != tc.want {
			t.Errorf("Rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConcurrentWritesOnSQLiteNeverLock(t *testing.T) {
	d := testkit.NewDB(t, testkit.SQLite, notes)
	ctx := testkit.Context(t, d)
	errc := make(chan error, 200)
	for i := range 200 {
		go func() {
			errc <- d.InTx(ctx, func(tx *db.Tx) error {
				var n int
				if err := tx.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, "INSERT INTO notes (body, at) VALUES (?, ?)", fmt.Sprintf("note %d", i), time.Now().UTC())
				return err
			})
		}()
	}
	for range 200 {
		if err := <-errc; err != nil {
			t.Fatalf("read-then-write transaction failed: %v", err)
		}
	}
}

func TestBackupOfPostgresExplainsPgDump(t *testing.T) {
	if len(testkit.Engines()) < 2 {
		t.Skip("PostgreSQL not configured")
	}
	d := testkit.NewDB(t, testkit.Postgres)
	if err := d.Backup(context.Background(), filepath.Join(t.TempDir(), "x")); !errors.Is(err, db.ErrBackupPostgres) {
		t.Fatalf("want ErrBackupPostgres, got %v", err)
	}
}
