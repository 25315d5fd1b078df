package auth

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// RateLimit allows Max events per key within Window.
type RateLimit struct {
	Max    int
	Window time.Duration
}

// Rate is one key counted under a limit, such as "mail-to:<address>".
type Rate struct {
	Key   string
	Limit RateLimit
}

// maxRateWindow is how long rate events are kept (PurgeExpired); no limit
// may look further back.
const maxRateWindow = 24 * time.Hour

// rateLockClass keeps the advisory locks of rate keys apart from other
// advisory locks (the migration lock).
const rateLockClass = 7301

// TakeRate counts one event under every rate, or, when any of them has had
// Limit.Max events within its window, counts nothing and returns a TooMany
// error whose argument is that window in minutes ("try again in N
// minutes"). It joins the transaction carried by ctx.
func (s *Service) TakeRate(ctx context.Context, rates ...Rate) error {
	for _, r := range rates {
		if r.Limit.Max < 1 || r.Limit.Window <= 0 || r.Limit.Window > maxRateWindow {
			return fmt.Errorf("rate %q: limit %+v out of range (1 or more events within at most %v)", r.Key, r.Limit, maxRateWindow)
		}
	}
	now := s.Clock.Now()
	return db.InTxFrom(ctx, func(tx *db.Tx) error {
		if tx.Dialect() == db.Postgres {
			// Count and insert must not interleave with another request for
			// the same key; SQLite's single writer already ensures that.
			// Sorted, so two requests never wait for each other in a circle.
			keys := make([]string, len(rates))
			for i, r := range rates {
				keys[i] = r.Key
			}
			sort.Strings(keys)
			for _, k := range keys {
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(?))", rateLockClass, k); err != nil {
					return fmt.Errorf("lock rate %q: %w", k, err)
				}
			}
		}
		for _, r := range rates {
			var n int
			err := tx.QueryRow(ctx, "SELECT count(*) FROM rate_events WHERE key = ? AND at > ?", r.Key, now.Add(-r.Limit.Window)).Scan(&n)
			if err != nil {
				return fmt.Errorf("count rate %q: %w", r.Key, err)
			}
			if n >= r.Limit.Max {
				return errs.E(errs.TooMany, "rate.too_many", int(math.Ceil(r.Limit.Window.Minutes())))
			}
		}
		for _, r := range rates {
			if _, err := tx.Exec(ctx, "INSERT INTO rate_events (key, at) VALUES (?, ?)", r.Key, now); err != nil {
				return fmt.Errorf("count rate %q: %w", r.Key, err)
			}
		}
		return nil
	})
}
