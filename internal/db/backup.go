package db

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres explains that PostgreSQL is backed up with its own tools.
var ErrBackupPostgres = errors.New("backup: on PostgreSQL use pg_dump (for example: pg_dump --format=custom --file=rathaus.dump \"$RATHAUS_DATABASE_URL\"); restore with pg_restore --clean --dbname=…")

// Backup writes a consistent copy of a SQLite database to file while the
// server keeps serving. VACUUM INTO reads in one transaction, so the copy has
// every transaction committed before it started and none half-way.
func (d *DB) Backup(ctx context.Context, file string) error {
	if d.Dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name", file)
	}
	if _, err := d.read.ExecContext(ctx, "VACUUM INTO ?", file); err != nil {
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	return nil
}
