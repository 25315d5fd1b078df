package db_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestCollect(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, notes)
		ctx := testkit.Context(t, d)
		at := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
		for _, body := range []string{"b", "a", "c"} {
			if _, err := d.Exec(ctx, "INSERT INTO notes (body, at) VALUES (?, ?)", body, at); err != nil {
				t.Fatal(err)
			}
		}
		scanBody := func(r db.Scanner) (string, error) {
			var id int64
			var body string
			err := r.Scan(&id, &body)
			return body, err
		}
		boom := errors.New("boom")

		for _, tc := range []struct {
			name    string
			query   string
			scan    func(db.Scanner) (string, error)
			want    []string
			wantErr error
		}{
			{"scans every row in order", "SELECT id, body FROM notes ORDER BY body", scanBody, []string{"a", "b", "c"}, nil},
			{"no rows give nil", "SELECT id, body FROM notes WHERE body = 'none'", scanBody, nil, nil},
			{"a scan error stops and is returned", "SELECT id, body FROM notes ORDER BY body",
				func(r db.Scanner) (string, error) { return "", boom }, nil, boom},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rows, err := d.Query(ctx, tc.query)
				got, err := db.Collect(rows, err, tc.scan)
				if !errors.Is(err, tc.wantErr) || !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
					t.Fatalf("got %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
				}
			})
		}
		t.Run("a query error is returned", func(t *testing.T) {
			rows, err := d.Query(ctx, "SELECT nothing FROM nowhere")
			got, err := db.Collect(rows, err, scanBody)
			if err == nil || got != nil {
				t.Fatalf("got %q, %v; want the query's error", got, err)
			}
		})
		t.Run("rows are closed, so the transaction can go on", func(t *testing.T) {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				ids, err := db.Column[int64](ctx, tx, "SELECT id FROM notes ORDER BY body")
				if err != nil || len(ids) != 3 {
					t.Fatalf("ids %v, err %v", ids, err)
				}
				_, err = tx.Exec(ctx, "UPDATE notes SET done = TRUE WHERE id = ?", ids[0])
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
		t.Run("a column of strings comes in row order", func(t *testing.T) {
			got, err := db.Column[string](ctx, d, "SELECT body FROM notes WHERE at = ? ORDER BY body DESC", at)
			if err != nil || !slices.Equal(got, []string{"c", "b", "a"}) {
				t.Fatalf("got %q, %v", got, err)
			}
		})
	})
}
