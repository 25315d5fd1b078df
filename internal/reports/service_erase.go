package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// erase removes the personal data of report id in tx: reporter name and
// e-mail, the manage token, subscriptions, the reporter's own words in the
// history, and reporter photos never released (they may show people). It
// returns the blob keys of removed photos, due for the sweep (deleteBlobs
// after the commit).
func erase(ctx context.Context, tx *db.Tx, id int64, by string, actorID int64, now time.Time) ([]string, error) {
	if _, err := tx.Exec(ctx, `UPDATE reports SET reporter_name = '', reporter_email = '', manage_token_hash = NULL,
		erased_at = ? WHERE id = ?`, now, id); err != nil {
		return nil, fmt.Errorf("erase personal data: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM report_subscribers WHERE report_id = ?", id); err != nil {
		return nil, fmt.Errorf("erase subscribers: %w", err)
	}
	if _, err := tx.Exec(ctx, "UPDATE report_events SET comment = '' WHERE report_id = ? AND by_kind = ?", id, ByReporter); err != nil {
		return nil, fmt.Errorf("erase comments: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT blob_key, thumb_key FROM report_photos
		WHERE report_id = ? AND released = FALSE AND by_staff = FALSE`, id)
	if err != nil {
		return nil, fmt.Errorf("erase photos: %w", err)
	}
	var keys []string
	for rows.Next() {
		var k, t string
		if err := rows.Scan(&k, &t); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM report_photos WHERE report_id = ? AND released = FALSE AND by_staff = FALSE", id); err != nil {
		return nil, fmt.Errorf("erase photos: %w", err)
	}
	if err := releaseBlobs(ctx, tx, keys, now); err != nil {
		return nil, err
	}
	if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: EventErased, At: now, By: by, ActorID: actorID}); err != nil {
		return nil, err
	}
	return keys, nil
}

// retentionBatch bounds one transaction of EraseExpired.
const retentionBatch = 500

// EraseExpired erases the personal data of reports closed more than
// Options.RetentionDays ago: name, e-mail, subscriptions, the manage
// token, the reporter's comments and reporter photos never released. The
// report stays as open data. It returns how many reports it erased.
func (s *Service) EraseExpired(ctx context.Context) (int, error) {
	d := db.From(ctx)
	now := s.now()
	cutoff := now.AddDate(0, 0, -s.opts.RetentionDays)
	total := 0
	for {
		var keys []string
		n := 0
		err := d.InTx(ctx, func(tx *db.Tx) error {
			rows, err := tx.Query(ctx, `SELECT id, ref FROM reports WHERE erased_at IS NULL AND closed_at IS NOT NULL AND closed_at < ?
				ORDER BY closed_at LIMIT ?`, cutoff, retentionBatch)
			if err != nil {
				return fmt.Errorf("find expired reports: %w", err)
			}
			type item struct {
				id  int64
				ref string
			}
			var items []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.id, &it.ref); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, it := range items {
				k, err := erase(ctx, tx, it.id, BySystem, 0, now)
				if err != nil {
					return err
				}
				keys = append(keys, k...)
				if err := s.audit(ctx, tx, SystemActor, "report.erase_expired", "report", it.id, it.ref); err != nil {
					return err
				}
			}
			n = len(items)
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		s.deleteBlobs(ctx, keys)
		if n < retentionBatch {
			break
		}
	}
	// An erased report may get new followers ("betrifft mich auch" stays
	// possible); they go after the same period.
	// Driven from the few subscribers, not the many closed reports.
	_, err := d.Exec(ctx, `DELETE FROM report_subscribers WHERE id IN (SELECT s.id FROM report_subscribers s
		JOIN reports r ON r.id = s.report_id WHERE r.erased_at IS NOT NULL AND r.closed_at IS NOT NULL AND r.closed_at < ?)`, cutoff)
	if err != nil {
		return total, fmt.Errorf("erase followers of closed reports: %w", err)
	}
	return total, nil
}
