// Package db opens the town's database (embedded SQLite or PostgreSQL), runs
// the embedded migrations of every module and carries the database through
// the request context.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is one town's database. Reads go to a pool; on SQLite, writes go through
// a single connection so read-then-write transactions never fail with
// "database is locked" (see ../shared/design/STACK.md).
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	// Path is the SQLite file, empty for PostgreSQL.
	Path string
	// readStmts and writeStmts keep SQLite's statements prepared per pool;
	// nil on PostgreSQL.
	readStmts, writeStmts *stmtCache
}

// Open connects to url. An empty url means the embedded SQLite file
// rathaus.db in dataDir. A url starting with postgres:// or postgresql://
// selects PostgreSQL; sqlite:PATH selects another SQLite file.
func Open(ctx context.Context, rawURL, dataDir string) (*DB, error) {
	switch {
	case rawURL == "":
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", dataDir, err)
		}
		return openSQLite(ctx, filepath.Join(dataDir, "rathaus.db"))
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	default:
		return nil, fmt.Errorf("RATHAUS_DATABASE_URL: unsupported scheme in %q (want postgres://… or sqlite:PATH)", redact(rawURL))
	}
}

func sqliteDSN(path string, write bool) string {
	q := url.Values{}
	// WAL lets readers run beside the writer; foreign keys are off by default
	// in SQLite; busy_timeout waits for a checkpoint instead of failing.
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "busy_timeout(10000)")
	// NORMAL is durable in WAL mode except for power loss, not process
	// crashes (kill -9): a committed transaction is in the WAL file.
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_time_format", "sqlite")
	if write {
		q.Add("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	write, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// The writer creates the file and switches it to WAL before readers come.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{Dialect: SQLite, read: read, write: write, Path: path,
		readStmts: newStmtCache(read), writeStmts: newStmtCache(write)}, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(rawURL), err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", redact(rawURL), err)
	}
	return &DB{Dialect: Postgres, read: pool, write: pool}, nil
}

// redact hides a password in a database URL before it is logged.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable url)"
	}
	return u.Redacted()
}

// Close closes both pools.
func (d *DB) Close() error {
	if d.readStmts != nil {
		d.readStmts.close()
		d.writeStmts.close()
	}
	var errs []error
	errs = append(errs, d.read.Close())
	if d.write != d.read {
		errs = append(errs, d.write.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.read.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return d.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Rebind turns the ? placeholders we write into $1, $2 … for PostgreSQL.
// Question marks inside string literals are left alone.
func (d *DB) Rebind(query string) string {
	if d.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Query runs a read query on the read pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.prepared(ctx, d.readStmts, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.read.QueryContext(ctx, d.Rebind(query), args...)
}

// QueryRow runs a read query returning at most one row on the read pool.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.prepared(ctx, d.readStmts, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.read.QueryRowContext(ctx, d.Rebind(query), args...)
}

// Exec runs a single write statement outside an explicit transaction.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := d.prepared(ctx, d.writeStmts, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return d.write.ExecContext(ctx, d.Rebind(query), args...)
}

// prepared returns query's cached statement of c, nil without a cache.
func (d *DB) prepared(ctx context.Context, c *stmtCache, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	return c.get(ctx, query)
}

// Tx is a write transaction with placeholder rebinding.
type Tx struct {
	tx *sql.Tx
	db *DB
	// unprepared are statements of this transaction the writer's cache
	// lacks; InTx prepares them after the commit, when the transaction no
	// longer holds the writer's only connection.
	unprepared []string
}

// Dialect tells which engine the transaction runs on.
func (t *Tx) Dialect() Dialect { return t.db.Dialect }

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.db.Rebind(query), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.db.Rebind(query), args...)
}

// QueryRow runs a query returning at most one row in the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.db.Rebind(query), args...)
}

// prepared returns the writer's cached statement for query bound to the
// transaction (database/sql reuses it on the writer's one connection; the
// transaction closes it), nil without a cache or when the statement is
// not prepared yet: preparing on the pool now would wait for the
// connection this transaction holds.
func (t *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	c := t.db.writeStmts
	if c == nil {
		return nil
	}
	st := c.lookup(query)
	if st == nil {
		if !c.full() {
			t.unprepared = append(t.unprepared, query)
		}
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// InTx runs fn in one write transaction and commits when fn returns nil.
// On SQLite the transaction starts with BEGIN IMMEDIATE on the single writer.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer sqlTx.Rollback() //nolint:errcheck // a no-op after Commit
	tx := &Tx{tx: sqlTx, db: d}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, q := range tx.unprepared {
		d.writeStmts.get(ctx, q)
	}
	return nil
}

// Querier is what both *DB and *Tx offer, so store helpers can run inside or
// outside a transaction.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

type ctxKey struct{}

// With returns a context that carries d. One database per town is the
// tenancy model: code finds the town's database here, never in a global.
func With(ctx context.Context, d *DB) context.Context {
	return context.WithValue(ctx, ctxKey{}, d)
}

// From returns the database carried by ctx. It panics when there is none,
// because that is a wiring mistake that tests catch at once.
func From(ctx context.Context) *DB {
	d, ok := ctx.Value(ctxKey{}).(*DB)
	if !ok {
		panic("db: no database in context")
	}
	return d
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
