package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/photo"
)

// Photo files are written before the report that refers to them exists: a
// citizen's photos as soon as they are uploaded (the form may come back
// with errors, or never be sent), a report's photos before its
// transaction, so that SQLite's single writer never waits for a disk. Every
// key is noted in report_blobs before its file is written; the sweep
// deletes a file once its note is older than OrphanAge and no photo refers
// to it. Erasing a report's photos makes their notes due at once.
//
// Keys are content hashes, so two photos may share a file, and a sweep may
// meet an upload of the same content. The sweep deletes a file in the
// transaction that removes its due note. A transaction that refers to
// files first notes them again (keepBlobs): that waits for a sweep holding
// the note (PostgreSQL's row lock, SQLite's single writer), or keeps the
// sweep away until the commit; a file deleted in between is written again
// from the photo in memory. A draft's file deleted by such a sweep (only
// when a report with the very same photo was erased) is asked for again
// when the form is sent.

// OrphanAge is how long a photo file may stay without a report: a
// draft's photos wait this long for the form to be sent.
const OrphanAge = 24 * time.Hour

// sweepBatch bounds the files one sweep transaction deletes; SQLite's
// writer waits meanwhile.
const sweepBatch = 50

// storePhotos puts processed photos into the blob store, after noting
// their keys, and returns them as unsaved Photos.
func (s *Service) storePhotos(ctx context.Context, results []*photo.Result) ([]Photo, error) {
	if len(results) == 0 {
		return nil, nil
	}
	if s.deps.Blobs == nil {
		return nil, errors.New("reports: no blob store for photos")
	}
	// Keys are the SHA-256 of the content (blob.Object), so they are known
	// before the files are written.
	var keys []string
	for _, res := range results {
		keys = append(keys, blobKey(res.JPEG), blobKey(res.Thumb))
	}
	if err := s.touchBlobs(ctx, keys); err != nil {
		return nil, err
	}
	var out []Photo
	opts := blob.PutOptions{AllowedTypes: []string{"image/jpeg"}, MaxSize: maxStoredPhoto}
	for i, res := range results {
		img, err := s.deps.Blobs.Put(ctx, bytes.NewReader(res.JPEG), opts)
		if err != nil {
			return nil, fmt.Errorf("store photo: %w", err)
		}
		thumb, err := s.deps.Blobs.Put(ctx, bytes.NewReader(res.Thumb), opts)
		if err != nil {
			return nil, fmt.Errorf("store thumbnail: %w", err)
		}
		if img.Key != keys[2*i] || thumb.Key != keys[2*i+1] {
			return nil, errors.New("reports: the blob store's keys are not the content's SHA-256")
		}
		out = append(out, Photo{Key: img.Key, ThumbKey: thumb.Key, Width: res.Width, Height: res.Height})
	}
	return out, nil
}

func blobKey(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// touchBlobs notes keys as written now, in a transaction of its own that
// commits before the files are written.
func (s *Service) touchBlobs(ctx context.Context, keys []string) error {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	now := s.now()
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k, now)
	}
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO report_blobs (blob_key, touched_at) VALUES "+valueRows(len(keys))+
			" ON CONFLICT (blob_key) DO UPDATE SET touched_at = excluded.touched_at", args...)
		if err != nil {
			return fmt.Errorf("note photo files: %w", err)
		}
		return nil
	})
}

// valueRows is "(?, ?), (?, ?)…" for n rows of two columns.
func valueRows(n int) string {
	b := make([]byte, 0, n*8)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, "(?, ?)"...)
	}
	return string(b)
}

// keepBlobs starts a transaction that refers to the files of results (see
// above): it notes them as used now and writes again any file a sweep
// deleted since storePhotos.
func (s *Service) keepBlobs(ctx context.Context, tx *db.Tx, results []*photo.Result, now time.Time) error {
	files := map[string][]byte{}
	for _, res := range results {
		files[blobKey(res.JPEG)], files[blobKey(res.Thumb)] = res.JPEG, res.Thumb
	}
	opts := blob.PutOptions{AllowedTypes: []string{"image/jpeg"}, MaxSize: maxStoredPhoto}
	for _, k := range slices.Sorted(maps.Keys(files)) {
		if _, err := tx.Exec(ctx, `INSERT INTO report_blobs (blob_key, touched_at) VALUES (?, ?)
			ON CONFLICT (blob_key) DO UPDATE SET touched_at = excluded.touched_at`, k, now); err != nil {
			return fmt.Errorf("note photo file: %w", err)
		}
		rc, _, err := s.deps.Blobs.Open(ctx, k)
		if err == nil {
			rc.Close()
			continue
		}
		if errs.CodeOf(err) != errs.NotFound {
			return fmt.Errorf("check photo file: %w", err)
		}
		if _, err := s.deps.Blobs.Put(ctx, bytes.NewReader(files[k]), opts); err != nil {
			return fmt.Errorf("store photo again: %w", err)
		}
	}
	return nil
}

// releaseBlobs notes in tx that the photos of keys are gone from a report:
// their files are due for the sweep at once (deleteBlobs after the
// commit), unless another photo refers to them.
func releaseBlobs(ctx context.Context, tx *db.Tx, keys []string, now time.Time) error {
	due := now.Add(-OrphanAge)
	// In key order, as the sweep and keepBlobs lock notes: no deadlock.
	keys = slices.Sorted(slices.Values(keys))
	for _, k := range slices.Compact(keys) {
		if k == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_blobs (blob_key, touched_at) VALUES (?, ?)
			ON CONFLICT (blob_key) DO UPDATE SET touched_at = excluded.touched_at`, k, due); err != nil {
			return fmt.Errorf("note erased photo files: %w", err)
		}
	}
	return nil
}

// SweepBlobs deletes the photo files noted more than OrphanAge ago that no
// photo refers to: those of drafts never sent and of erased reports. It
// returns how many files it deleted. A file that cannot be deleted keeps
// its note and is tried again on the next run.
func (s *Service) SweepBlobs(ctx context.Context) (int, error) {
	if s.deps.Blobs == nil {
		return 0, nil
	}
	d := db.From(ctx)
	total := 0
	for {
		cutoff := s.now().Add(-OrphanAge)
		n, deleted := 0, 0
		err := d.InTx(ctx, func(tx *db.Tx) error {
			keys, err := dueBlobs(ctx, tx, cutoff)
			if err != nil {
				return err
			}
			n = len(keys)
			for _, k := range keys {
				// The note may have been refreshed since it was read: then an
				// upload needs the file.
				res, err := tx.Exec(ctx, "DELETE FROM report_blobs WHERE blob_key = ? AND touched_at <= ?", k, cutoff)
				if err != nil {
					return fmt.Errorf("sweep photo files: %w", err)
				}
				if gone, _ := res.RowsAffected(); gone == 0 {
					continue
				}
				var one int
				err = tx.QueryRow(ctx, `SELECT 1 FROM report_photos WHERE blob_key = ?
					UNION ALL SELECT 1 FROM report_photos WHERE thumb_key = ? LIMIT 1`, k, k).Scan(&one)
				if err == nil {
					continue // a report keeps it
				}
				if !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("sweep photo files: %w", err)
				}
				if err := s.deps.Blobs.Delete(ctx, k); err != nil {
					return fmt.Errorf("sweep photo file %s: %w", k, err)
				}
				deleted++
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += deleted
		if n < sweepBatch {
			return total, nil
		}
	}
}

func dueBlobs(ctx context.Context, tx *db.Tx, cutoff time.Time) ([]string, error) {
	keys, err := db.Column[string](ctx, tx, "SELECT blob_key FROM report_blobs WHERE touched_at <= ? ORDER BY blob_key LIMIT ?", cutoff, sweepBatch)
	if err != nil {
		return nil, fmt.Errorf("find orphaned photo files: %w", err)
	}
	return keys, nil
}

// deleteBlobs removes the files of erased photos (keys) right after the
// erasing transaction, as far as nothing else may still need them; the
// periodic sweep catches the rest and any failure.
func (s *Service) deleteBlobs(ctx context.Context, keys []string) {
	if len(keys) == 0 {
		return
	}
	if _, err := s.SweepBlobs(ctx); err != nil {
		s.deps.Logger.Warn("reports: delete erased photo files", "err", err)
	}
}
