package forms

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// PurgeKind is the job that deletes expired drafts and their files.
const PurgeKind = "forms.purge"

// RegisterJobs registers the hourly purge of expired drafts on r.
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(PurgeKind, func(ctx context.Context, _ []byte) error {
		n, err := s.PurgeExpired(ctx)
		if n > 0 {
			s.Logger.Info("forms: expired drafts deleted", "drafts", n)
		}
		return err
	})
	r.Every(PurgeKind, time.Hour)
}

// purgeBatch bounds one purge transaction.
const purgeBatch = 200

// PurgeExpired deletes drafts whose time is up (unsent drafts after their
// resume period, sent ones a day after sending) with their files, and
// returns how many went.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	total := 0
	for {
		now := s.now()
		var keys []string
		n := 0
		err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
			rows, err := tx.Query(ctx, `SELECT id FROM drafts WHERE expires_at <= ? ORDER BY id LIMIT ?`, now, purgeBatch)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, id := range ids {
				k, err := s.draftBlobs(ctx, tx, id)
				if err != nil {
					return err
				}
				keys = append(keys, k...)
				if _, err := tx.Exec(ctx, `DELETE FROM draft_files WHERE draft_id = ?`, id); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `DELETE FROM drafts WHERE id = ?`, id); err != nil {
					return err
				}
			}
			n = len(ids)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("purge drafts: %w", err)
		}
		s.releaseBlobs(ctx, keys)
		total += n
		if n < purgeBatch {
			return total, nil
		}
	}
}
