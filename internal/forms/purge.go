package forms

import (
	"context"
	"fmt"
	"strings"
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
// returns how many went. It then deletes the files of drafts that went
// otherwise (see purgeReleased).
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	n, err := s.purgeExpiredDrafts(ctx)
	if err != nil {
		return n, err
	}
	return n, s.purgeReleased(ctx)
}

func (s *Service) purgeExpiredDrafts(ctx context.Context) (int, error) {
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

// purgeReleased deletes the content of draft files whose row went, which
// the draft_files_release trigger lists in draft_blobs_released: drafts
// deleted with an account go by ON DELETE CASCADE, past any Go code. Content
// still referred to stays; a key whose check fails stays listed for the next
// run. Keys are read in batches, in key order, so a kept key is not read
// twice in one run.
func (s *Service) purgeReleased(ctx context.Context) error {
	after, deleted := "", 0
	for {
		keys, err := releasedBlobs(ctx, after)
		if err != nil {
			return err
		}
		var done []any
		for _, key := range keys {
			if err := s.releaseBlob(ctx, key); err != nil {
				s.Logger.Warn("draft file kept", "blob", key, "err", err)
				continue
			}
			done = append(done, key)
		}
		if len(done) > 0 {
			in := strings.Repeat("?, ", len(done)-1) + "?"
			if _, err := db.From(ctx).Exec(ctx, `DELETE FROM draft_blobs_released WHERE blob IN (`+in+`)`, done...); err != nil {
				return fmt.Errorf("purge released draft files: %w", err)
			}
		}
		deleted += len(done)
		if len(keys) < purgeBatch {
			if deleted > 0 {
				s.Logger.Info("forms: files of deleted drafts checked", "files", deleted)
			}
			return nil
		}
		after = keys[len(keys)-1]
	}
}

// releasedBlobs returns the next batch of released keys after after.
func releasedBlobs(ctx context.Context, after string) ([]string, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT blob FROM draft_blobs_released WHERE blob > ? ORDER BY blob LIMIT ?`, after, purgeBatch)
	if err != nil {
		return nil, fmt.Errorf("released draft files: %w", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("released draft files: %w", err)
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}
