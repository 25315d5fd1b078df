package forms

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// DraftFile is a file uploaded into a draft for the file field at Path.
type DraftFile struct {
	ID          int64
	Path        string
	Blob        string
	Name        string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

// draftFiles lists the files of a draft in upload order.
func (s *Service) draftFiles(ctx context.Context, q db.Querier, draftID int64) ([]DraftFile, error) {
	rows, err := q.Query(ctx, `SELECT id, path, blob, name, content_type, size, created_at FROM draft_files WHERE draft_id = ? ORDER BY id`, draftID)
	if err != nil {
		return nil, fmt.Errorf("files of draft %d: %w", draftID, err)
	}
	defer rows.Close()
	var out []DraftFile
	for rows.Next() {
		var f DraftFile
		if err := rows.Scan(&f.ID, &f.Path, &f.Blob, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt); err != nil {
			return nil, fmt.Errorf("files of draft %d: %w", draftID, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// putDraftFile records an upload for the field at path, replacing an earlier
// file of that field, and sets the field's answer. It returns the blob key
// the replaced file had ("" if none).
func (s *Service) putDraftFile(ctx context.Context, tx *db.Tx, d *Draft, f DraftFile) (replaced string, err error) {
	var old []DraftFile
	all, err := s.draftFiles(ctx, tx, d.ID)
	if err != nil {
		return "", err
	}
	for _, x := range all {
		if x.Path == f.Path {
			old = append(old, x)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM draft_files WHERE draft_id = ? AND path = ?`, d.ID, f.Path); err != nil {
		return "", fmt.Errorf("replace file of draft %d: %w", d.ID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO draft_files (draft_id, path, blob, name, content_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		d.ID, f.Path, f.Blob, f.Name, f.ContentType, f.Size, s.now()); err != nil {
		return "", fmt.Errorf("add file to draft %d: %w", d.ID, err)
	}
	setFileAnswer(d.Answers, f)
	if len(old) > 0 && old[0].Blob != f.Blob {
		return old[0].Blob, nil
	}
	return "", nil
}

// removeDraftFile drops the file of the field at path and its answer, and
// returns its blob key ("" if there was none).
func (s *Service) removeDraftFile(ctx context.Context, tx *db.Tx, d *Draft, path string) (string, error) {
	var key string
	all, err := s.draftFiles(ctx, tx, d.ID)
	if err != nil {
		return "", err
	}
	for _, x := range all {
		if x.Path == path {
			key = x.Blob
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM draft_files WHERE draft_id = ? AND path = ?`, d.ID, path); err != nil {
		return "", fmt.Errorf("remove file of draft %d: %w", d.ID, err)
	}
	delete(d.Answers, path)
	return key, nil
}

// setFileAnswer stores a file's answer as formdef expects it.
func setFileAnswer(a formdef.Answers, f DraftFile) {
	a[f.Path] = map[string]any{"blob": f.Blob, "name": f.Name, "type": f.ContentType, "size": float64(f.Size)}
}

// draftBlobs returns the blob keys of a draft's files.
func (s *Service) draftBlobs(ctx context.Context, q db.Querier, draftID int64) ([]string, error) {
	files, err := s.draftFiles(ctx, q, draftID)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(files))
	for _, f := range files {
		keys = append(keys, f.Blob)
	}
	return keys, nil
}

// releaseBlobs deletes stored content that no draft and nothing else refers
// to any more. A failure only leaves a file behind, which is logged (and
// tried again by the purge: the key is in draft_blobs_released).
func (s *Service) releaseBlobs(ctx context.Context, keys []string) {
	for _, key := range keys {
		if err := s.releaseBlob(ctx, key); err != nil {
			s.Logger.Warn("draft file kept", "blob", key, "err", err)
		}
	}
}

// releaseBlob deletes the content under key unless a draft or something
// else (BlobInUse) still refers to it: content is shared by hash.
func (s *Service) releaseBlob(ctx context.Context, key string) error {
	if key == "" || s.Blobs == nil {
		return nil
	}
	var n int
	if err := db.From(ctx).QueryRow(ctx, `SELECT COUNT(*) FROM draft_files WHERE blob = ?`, key).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if s.BlobInUse != nil {
		used, err := s.BlobInUse(ctx, key)
		if err != nil || used {
			return err
		}
	}
	return s.Blobs.Delete(ctx, key)
}
