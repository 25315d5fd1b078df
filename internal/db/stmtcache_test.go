package db

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// openTestSQLite opens a fresh SQLite database with one table.
func openTestSQLite(t *testing.T) (*DB, context.Context) {
	t.Helper()
	ctx := t.Context()
	d, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "t.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.write.ExecContext(ctx, "CREATE TABLE n (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	return d, ctx
}

func TestStatementCache(t *testing.T) {
	t.Run("a transaction never waits for its own connection to prepare", func(t *testing.T) {
		d, ctx := openTestSQLite(t)
		// Twice: the first run leaves the statement to be prepared after
		// the commit, the second uses it inside the transaction.
		for i := range 2 {
			err := d.InTx(ctx, func(tx *Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO n (v) VALUES (?)", fmt.Sprint(i))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if d.writeStmts.lookup("INSERT INTO n (v) VALUES (?)") == nil {
			t.Fatal("the transaction's statement was not prepared after its commit")
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM n").Scan(&n); err != nil || n != 2 {
			t.Fatalf("count = %d, %v; want 2", n, err)
		}
	})
	t.Run("a statement prepared beside a running transaction does not block it", func(t *testing.T) {
		d, ctx := openTestSQLite(t)
		inTx, done := make(chan struct{}), make(chan error, 1)
		go func() {
			done <- d.InTx(ctx, func(tx *Tx) error {
				close(inTx)
				// Let the Exec below start preparing on the writer's pool,
				// which waits for this transaction's connection.
				time.Sleep(100 * time.Millisecond)
				_, err := tx.Exec(ctx, "INSERT INTO n (v) VALUES ('in tx')")
				return err
			})
		}()
		<-inTx
		if _, err := d.Exec(ctx, "INSERT INTO n (v) VALUES ('beside')"); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the transaction and the statement beside it wait for each other")
		}
	})
	t.Run("readers share prepared statements concurrently", func(t *testing.T) {
		d, ctx := openTestSQLite(t)
		if _, err := d.Exec(ctx, "INSERT INTO n (v) VALUES ('a'), ('b')"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for range 64 {
			wg.Go(func() {
				rows, err := d.Query(ctx, "SELECT v FROM n WHERE v >= ? ORDER BY v", "a")
				if err != nil {
					errs <- err
					return
				}
				defer rows.Close()
				var got []string
				for rows.Next() {
					var v string
					rows.Scan(&v)
					got = append(got, v)
				}
				if len(got) != 2 {
					errs <- fmt.Errorf("got %v", got)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
	t.Run("a statement that does not prepare reports the engine's error", func(t *testing.T) {
		d, ctx := openTestSQLite(t)
		if _, err := d.Query(ctx, "SELECT nope FROM n"); err == nil {
			t.Fatal("no error for an unknown column")
		}
		if d.readStmts.lookup("SELECT nope FROM n") != nil {
			t.Fatal("a failing statement was cached")
		}
	})
	t.Run("the cache stops growing at its bound", func(t *testing.T) {
		d, ctx := openTestSQLite(t)
		for i := range maxCachedStmts + 20 {
			var v int
			if err := d.QueryRow(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&v); err != nil || v != i {
				t.Fatalf("SELECT %d = %d, %v", i, v, err)
			}
		}
		if n := len(d.readStmts.m); n != maxCachedStmts {
			t.Fatalf("cache holds %d statements, want %d", n, maxCachedStmts)
		}
	})
}
