package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Due counts the queued jobs whose time has come, running ones included; a
// number that keeps growing means the workers do not keep up. The database
// comes from ctx.
func (r *Runner) Due(ctx context.Context) (int, error) {
	now := r.opts.Clock.Now()
	var n int
	err := db.From(ctx).QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND run_at <= ?`, dbTime(now)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count due jobs: %w", err)
	}
	return n, nil
}

// Purge deletes jobs that finished (done or failed) before cutoff and
// returns how many.
func Purge(ctx context.Context, q db.Querier, cutoff time.Time) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM jobs WHERE status <> 'queued' AND done_at < ?`, dbTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("purge jobs: %w", err)
	}
	return res.RowsAffected()
}
