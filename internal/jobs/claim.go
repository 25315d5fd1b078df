package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// claimed is a job this worker holds the lease of.
type claimed struct {
	ID          int64
	Kind        string
	Payload     []byte
	Attempts    int
	MaxAttempts int
	Every       time.Duration
}

// claim takes the lease of the oldest due job of one of kinds. On
// PostgreSQL, SKIP LOCKED lets concurrent workers pass over a row another
// worker is claiming at this moment; on SQLite the write transaction is
// BEGIN IMMEDIATE on the single writer, so claims are serialised anyway.
// The attempt is counted here, not after the run, so a job that crashes its
// worker still runs out of attempts.
func (r *Runner) claim(ctx context.Context, d *db.DB, kinds []string) (claimed, bool, error) {
	now := r.opts.Clock.Now()
	lock := ""
	if d.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")
	due := `SELECT id FROM jobs
		WHERE status = 'queued' AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
		AND kind IN (` + marks + `)
		ORDER BY run_at, id LIMIT 1`
	dueArgs := []any{dbTime(now), dbTime(now)}
	for _, k := range kinds {
		dueArgs = append(dueArgs, k)
	}
	// Look on the read pool first: an idle poll then takes no write lock
	// (SQLite has one writer, shared with every request).
	var probe int64
	if err := d.QueryRow(ctx, due, dueArgs...).Scan(&probe); errors.Is(err, sql.ErrNoRows) {
		return claimed{}, false, nil
	} else if err != nil {
		return claimed{}, false, fmt.Errorf("look for due jobs: %w", err)
	}
	query := `UPDATE jobs SET attempts = attempts + 1, locked_until = ?, locked_by = ?
		WHERE id = (` + due + lock + `)
		RETURNING id, kind, payload, attempts, max_attempts, every_seconds`
	args := append([]any{dbTime(now.Add(r.opts.Lease)), r.opts.ID}, dueArgs...)
	var j claimed
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var payload string
		var every int64
		err := tx.QueryRow(ctx, query, args...).Scan(&j.ID, &j.Kind, &payload, &j.Attempts, &j.MaxAttempts, &every)
		j.Payload = []byte(payload)
		j.Every = time.Duration(every) * time.Second
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return claimed{}, false, nil
	}
	if err != nil {
		return claimed{}, false, fmt.Errorf("claim job: %w", err)
	}
	return j, true, nil
}

// maxErrorLen bounds last_error; a mail server may answer at length.
const maxErrorLen = 2000

// finish records the outcome of j. Each update requires that this worker
// still holds the lease of this attempt: when the lease ran out and another
// worker took the job over, the other worker's outcome counts.
func (r *Runner) finish(ctx context.Context, d *db.DB, j claimed, runErr error) error {
	now := r.opts.Clock.Now()
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
		if len(msg) > maxErrorLen {
			msg = msg[:maxErrorLen]
		}
	}
	const held = ` WHERE id = ? AND locked_by = ? AND attempts = ? AND status = 'queued'`
	lost := false
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var res sql.Result
		var err error
		final := false
		switch {
		case j.Every > 0:
			// A periodic job is never failed for good: the next run is
			// the retry.
			res, err = tx.Exec(ctx, `UPDATE jobs SET run_at = ?, attempts = 0, locked_until = NULL, locked_by = '', last_error = ?, done_at = ?`+held,
				dbTime(now.Add(j.Every)), msg, dbTime(now), j.ID, r.opts.ID, j.Attempts)
		case runErr == nil:
			res, err = tx.Exec(ctx, `UPDATE jobs SET status = 'done', done_at = ?, locked_until = NULL, last_error = ''`+held,
				dbTime(now), j.ID, r.opts.ID, j.Attempts)
		case j.Attempts >= j.MaxAttempts || IsPermanent(runErr):
			final = true
			res, err = tx.Exec(ctx, `UPDATE jobs SET status = 'failed', done_at = ?, locked_until = NULL, last_error = ?`+held,
				dbTime(now), msg, j.ID, r.opts.ID, j.Attempts)
		default:
			res, err = tx.Exec(ctx, `UPDATE jobs SET run_at = ?, locked_until = NULL, locked_by = '', last_error = ?`+held,
				dbTime(now.Add(r.backoff(j.Attempts))), msg, j.ID, r.opts.ID, j.Attempts)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			lost = true
			return nil
		}
		if final {
			r.mu.Lock()
			f := r.failures[j.Kind]
			r.mu.Unlock()
			if f != nil {
				if err := f(ctx, tx, j.Payload, runErr); err != nil {
					return fmt.Errorf("failure handler of %s: %w", j.Kind, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish job %d: %w", j.ID, err)
	}
	switch {
	case lost:
		r.log.Warn("job lease lost before it finished; another worker took it over", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
	case runErr == nil:
	case j.Every > 0:
		r.log.Warn("periodic job failed", "job", j.ID, "kind", j.Kind, "err", runErr)
	case j.Attempts >= j.MaxAttempts || IsPermanent(runErr):
		r.log.Error("job failed for good", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", runErr)
	default:
		r.log.Warn("job failed, will retry", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "of", j.MaxAttempts, "err", runErr)
	}
	return nil
}

// backoff is the wait after the attempt-th failure: base·2^(attempt-1),
// capped, plus up to half again as jitter, rounded up to whole seconds
// (times are stored in whole seconds).
func (r *Runner) backoff(attempt int) time.Duration {
	d := r.opts.BackoffBase
	for i := 1; i < attempt && d < r.opts.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, r.opts.BackoffMax)
	d += rand.N(d/2 + 1)
	return (d + time.Second - 1).Truncate(time.Second)
}

// schedule makes sure each periodic job has its one row. Several instances
// starting at once insert it once (the unique key); a shorter interval than
// before takes effect at once.
func (r *Runner) schedule(ctx context.Context, d *db.DB, every map[string]time.Duration) error {
	now := r.opts.Clock.Now()
	for kind, interval := range every {
		next := dbTime(now.Add(interval))
		_, err := d.Exec(ctx, `INSERT INTO jobs (kind, payload, run_at, max_attempts, every_seconds, unique_key)
			VALUES (?, 'null', ?, 1, ?, ?)
			ON CONFLICT (unique_key) DO UPDATE SET every_seconds = excluded.every_seconds,
				run_at = CASE WHEN jobs.run_at > ? THEN ? ELSE jobs.run_at END`,
			kind, dbTime(now), int64(interval/time.Second), "every:"+kind, next, next)
		if err != nil {
			return fmt.Errorf("schedule periodic job %s: %w", kind, err)
		}
	}
	return nil
}
