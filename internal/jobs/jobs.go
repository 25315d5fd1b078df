// Package jobs is the durable background work queue: a job is a row first,
// committed with the change that caused it, and a Runner does it later, with
// retries and backoff. Several instances may share one PostgreSQL database:
// a job is claimed with FOR UPDATE SKIP LOCKED and a lease, so it runs once
// at a time and is taken over when its worker dies.
package jobs

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package.
var Migrations = db.Migrations{Name: "jobs", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// DefaultMaxAttempts is how often a job runs before it is marked failed,
// unless Job.MaxAttempts says otherwise. With the default backoff (30 s
// doubling up to 1 h) ten attempts span about three hours.
const DefaultMaxAttempts = 10

// Job describes work to be done later.
type Job struct {
	// Kind selects the handler registered with Runner.Register.
	Kind string
	// Payload is marshalled to JSON and handed to the handler.
	Payload any
	// RunAt is the earliest time to run; the zero time means at once.
	RunAt time.Time
	// MaxAttempts defaults to DefaultMaxAttempts.
	MaxAttempts int
}

// Enqueue stores a job of kind with payload (marshalled to JSON) to run at
// runAt or later. Pass the transaction of the change that causes the job, so
// both commit together, or nothing happens.
func Enqueue(ctx context.Context, q db.Querier, kind string, payload any, runAt time.Time) error {
	_, err := EnqueueJob(ctx, q, Job{Kind: kind, Payload: payload, RunAt: runAt})
	return err
}

// EnqueueJob is Enqueue with every setting, returning the job's id.
func EnqueueJob(ctx context.Context, q db.Querier, j Job) (int64, error) {
	if strings.TrimSpace(j.Kind) == "" {
		return 0, errors.New("enqueue job: empty kind")
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = DefaultMaxAttempts
	}
	payload, err := json.Marshal(j.Payload)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: payload: %w", j.Kind, err)
	}
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO jobs (kind, payload, run_at, max_attempts) VALUES (?, ?, ?, ?) RETURNING id`,
		j.Kind, string(payload), dbTime(j.RunAt), j.MaxAttempts).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", j.Kind, err)
	}
	// Wake this process's runners. Inside a transaction the job is not
	// visible until the commit, so a woken runner looks once more shortly
	// after; other instances find it at their next poll.
	notify()
	return id, nil
}

// dbTime is how times are stored: UTC, whole seconds, so SQLite's text
// comparison orders them.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so the runner marks the job failed at once instead of
// retrying it (a malformed payload, an address the mail server rejects).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was wrapped with Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
