package forms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// Version is one stored version of a form definition.
type Version struct {
	FormID     string
	Version    int
	SHA256     string
	UploadedBy int64
	CreatedAt  time.Time
	Active     bool
	// Title is the version's German and English title (filled by lists).
	Title formdef.Text
}

// Running returns the running version of formID, or a NotFound error.
func (s *Service) Running(ctx context.Context, formID string) (*formdef.Form, error) {
	var version int
	var sha string
	err := db.From(ctx).QueryRow(ctx, `SELECT version, sha256 FROM form_versions WHERE form_id = ? AND active`, formID).
		Scan(&version, &sha)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("running version of form %q: %w", formID, err)
	}
	return s.cachedForm(sha, version, func() (string, error) { return s.source(ctx, formID, version) })
}

// FormVersion returns version of formID, running or not, or a NotFound
// error.
func (s *Service) FormVersion(ctx context.Context, formID string, version int) (*formdef.Form, error) {
	var sha string
	err := db.From(ctx).QueryRow(ctx, `SELECT sha256 FROM form_versions WHERE form_id = ? AND version = ?`, formID, version).
		Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("form %q version %d: %w", formID, version, err)
	}
	return s.cachedForm(sha, version, func() (string, error) { return s.source(ctx, formID, version) })
}

// Source returns the YAML of a stored version, or a NotFound error.
func (s *Service) Source(ctx context.Context, formID string, version int) (string, error) {
	return s.source(ctx, formID, version)
}

func (s *Service) source(ctx context.Context, formID string, version int) (string, error) {
	var src string
	err := db.From(ctx).QueryRow(ctx, `SELECT source FROM form_versions WHERE form_id = ? AND version = ?`, formID, version).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return "", fmt.Errorf("source of form %q version %d: %w", formID, version, err)
	}
	return src, nil
}

// Versions lists every stored version, by form and newest first.
func (s *Service) Versions(ctx context.Context) ([]Version, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT form_id, version, sha256, COALESCE(uploaded_by, 0), created_at, active
		FROM form_versions ORDER BY form_id, version DESC`)
	out, err := db.Collect(rows, err, func(r db.Scanner) (Version, error) {
		var v Version
		err := r.Scan(&v.FormID, &v.Version, &v.SHA256, &v.UploadedBy, &v.CreatedAt, &v.Active)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("list form versions: %w", err)
	}
	for i := range out {
		if f, err := s.FormVersion(ctx, out[i].FormID, out[i].Version); err == nil {
			out[i].Title = f.Title
		}
	}
	return out, nil
}

// RunningForms lists the running version of every form, by ID.
func (s *Service) RunningForms(ctx context.Context) ([]*formdef.Form, error) {
	ids, err := db.Column[string](ctx, db.From(ctx), `SELECT form_id FROM form_versions WHERE active ORDER BY form_id`)
	if err != nil {
		return nil, fmt.Errorf("list running forms: %w", err)
	}
	var out []*formdef.Form
	for _, id := range ids {
		f, err := s.Running(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Activate puts an older (or newer) stored version of formID into service.
func (s *Service) Activate(ctx context.Context, formID string, version int, by int64, ip string) error {
	if _, err := s.FormVersion(ctx, formID, version); err != nil {
		return err
	}
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE form_versions SET active = FALSE WHERE form_id = ? AND active`, formID); err != nil {
			return fmt.Errorf("activate form %q version %d: %w", formID, version, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE form_versions SET active = TRUE WHERE form_id = ? AND version = ?`, formID, version); err != nil {
			return fmt.Errorf("activate form %q version %d: %w", formID, version, err)
		}
		return s.Audit.Record(ctx, tx, auditEntry(by, ip, "form.activate", formID, fmt.Sprintf("version %d", version)))
	})
}
