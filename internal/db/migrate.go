package db

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are one module's schema changes, embedded in its package as
// files sqlite/NNN_name.sql and postgres/NNN_name.sql. Each module owns its
// tables; Name keeps the modules' version numbers apart.
type Migrations struct {
	Name string
	FS   fs.FS
}

type migration struct {
	version int
	file    string
}

func (m Migrations) list(d Dialect) ([]migration, error) {
	dir := string(d)
	entries, err := fs.ReadDir(m.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations of %s: %w", m.Name, err)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migrations of %s: %s: name must start with a number and _", m.Name, e.Name())
		}
		out = append(out, migration{version: v, file: path.Join(dir, e.Name())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations of %s: version %d twice", m.Name, out[i].version)
		}
	}
	return out, nil
}

// Migrate applies every migration not yet applied, module by module in the
// order given (later modules may refer to earlier ones' tables). It is safe to
// call from several instances at once: on PostgreSQL an advisory lock
// serialises them, on SQLite the immediate write transaction does.
func (d *DB) Migrate(ctx context.Context, sets ...Migrations) (applied int, err error) {
	err = d.InTx(ctx, func(tx *Tx) error {
		if d.Dialect == Postgres {
			// One lock per schema: instances of one town wait for each other,
			// while towns (and tests) in other schemas do not.
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7311001, hashtext(current_schema()))"); err != nil {
				return fmt.Errorf("lock for migrations: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			module TEXT NOT NULL,
			version INTEGER NOT NULL,
			PRIMARY KEY (module, version))`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		for _, set := range sets {
			list, err := set.list(d.Dialect)
			if err != nil {
				return err
			}
			done := map[int]bool{}
			rows, err := tx.Query(ctx, "SELECT version FROM schema_migrations WHERE module = ?", set.Name)
			if err != nil {
				return fmt.Errorf("read schema_migrations: %w", err)
			}
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					rows.Close()
					return err
				}
				done[v] = true
			}
			rows.Close()
			for _, m := range list {
				if done[m.version] {
					continue
				}
				body, err := fs.ReadFile(set.FS, m.file)
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, string(body)); err != nil {
					return fmt.Errorf("migration %s/%s: %w", set.Name, m.file, err)
				}
				if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (module, version) VALUES (?, ?)", set.Name, m.version); err != nil {
					return err
				}
				applied++
			}
		}
		return nil
	})
	return applied, err
}
