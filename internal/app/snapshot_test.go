package app_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// volatileColumns change when a page is merely read (a session's last use),
// so snapshots leave them out.
var volatileColumns = map[string]bool{"last_seen_at": true}

// workerTables are worked through by background workers while a test runs
// (mail is sent, jobs are done): snapshots keep only their ids, which still
// shows a row that a request added or removed.
var workerTables = map[string]bool{"jobs": true, "mail_outbox": true}

// snapshot is the content of every table of a database, for proving that a
// refused request changed nothing.
type snapshot map[string][]string

// takeSnapshot reads every table of d.
func takeSnapshot(ctx context.Context, d *db.DB) (snapshot, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d.Dialect == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s := snapshot{}
	for _, table := range tables {
		lines, err := dumpTable(ctx, d, table)
		if err != nil {
			return nil, err
		}
		s[table] = lines
	}
	return s, nil
}

func dumpTable(ctx context.Context, d *db.DB, table string) ([]string, error) {
	rows, err := d.Query(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		var b strings.Builder
		for i, c := range cols {
			if volatileColumns[c] || workerTables[table] && c != "id" {
				continue
			}
			v := vals[i]
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", c, v)
		}
		out = append(out, b.String())
	}
	sort.Strings(out)
	return out, rows.Err()
}

// diff describes how after differs from s, or returns "" when they are
// equal.
func (s snapshot) diff(after snapshot) string {
	var b strings.Builder
	seen := map[string]bool{}
	for table, rows := range s {
		seen[table] = true
		if !slices.Equal(rows, after[table]) {
			fmt.Fprintf(&b, "table %s: %d rows before, %d after\n", table, len(rows), len(after[table]))
			for _, r := range missingFrom(rows, after[table]) {
				fmt.Fprintf(&b, "  - %s\n", r)
			}
			for _, r := range missingFrom(after[table], rows) {
				fmt.Fprintf(&b, "  + %s\n", r)
			}
		}
	}
	for table := range after {
		if !seen[table] {
			fmt.Fprintf(&b, "table %s appeared\n", table)
		}
	}
	return b.String()
}

// missingFrom returns up to five rows of a that b lacks.
func missingFrom(a, b []string) []string {
	var out []string
	for _, r := range a {
		if !slices.Contains(b, r) && len(out) < 5 {
			out = append(out, r)
		}
	}
	return out
}
