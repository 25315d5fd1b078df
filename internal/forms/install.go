package forms

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// Install parses src and, when it is valid and new, stores it as the
// version its file names and puts it into service. The file's version is
// authoritative: the same version with the same content (after
// formdef.Normalize) changes nothing and returns the stored version; a
// version not higher than every stored one, with different content, is
// refused. A refused source changes nothing and returns a
// *formdef.ParseError listing every "line N: reason". by is the account
// installing it (0: the system).
func (s *Service) Install(ctx context.Context, src []byte, by int64) (formdef.Form, error) {
	f, _, err := s.install(ctx, src, by, "")
	if err != nil {
		return formdef.Form{}, err
	}
	return *f, nil
}

// install is Install that also says whether a new version was stored.
//
// It stores the normalised source, not the uploaded bytes: the stored text
// is what the version page shows and what its SHA-256 identifies, so a
// re-saved file (BOM, CRLF, spaces at line ends) is recognised as the same
// version and never shows up as a second one.
func (s *Service) install(ctx context.Context, src []byte, by int64, ip string) (*formdef.Form, bool, error) {
	src = formdef.Normalize(src)
	f, err := formdef.Parse(src)
	if err != nil {
		return nil, false, err
	}
	if f.ID == "drafts" || f.ID == "resume" {
		return nil, false, &formdef.ParseError{Errors: []formdef.LineError{
			formdef.NewLineError(lineOf(src, idLine), 1, "reserved_id", formdef.Quoted(f.ID))}}
	}
	if err := s.checkDepartment(ctx, f, src); err != nil {
		return nil, false, err
	}
	sum := sha256.Sum256(src)
	sha := hex.EncodeToString(sum[:])
	version, created, err := s.store(ctx, f, src, sha, by, ip)
	if err != nil && db.IsUniqueViolation(err) {
		// Another instance stored this form at the same moment; what it
		// stored decides whether this one is unchanged or refused.
		version, created, err = s.store(ctx, f, src, sha, by, ip)
	}
	var pe *formdef.ParseError
	if errors.As(err, &pe) {
		return nil, false, pe
	}
	if err != nil {
		return nil, false, fmt.Errorf("install form %q: %w", f.ID, err)
	}
	installed, err := s.cachedForm(sha, version, func() (string, error) { return string(src), nil })
	if err != nil {
		return nil, false, err
	}
	return installed, created, nil
}

// store stores version f.Version of the normalised src unless it is stored
// already, and returns the stored version and whether it is new.
func (s *Service) store(ctx context.Context, f *formdef.Form, src []byte, sha string, by int64, ip string) (int, bool, error) {
	var version int
	created := false
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		v, found, err := sameSource(ctx, tx, f.ID, src, sha)
		if err != nil || found {
			version = v
			return err
		}
		var latest int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM form_versions WHERE form_id = ?`, f.ID).Scan(&latest); err != nil {
			return err
		}
		if f.Version <= latest {
			return versionTaken(src, latest)
		}
		version = f.Version
		if _, err := tx.Exec(ctx, `UPDATE form_versions SET active = FALSE WHERE form_id = ? AND active`, f.ID); err != nil {
			return err
		}
		uploader := sql.NullInt64{Int64: by, Valid: by != 0}
		if _, err := tx.Exec(ctx, `INSERT INTO form_versions (form_id, version, source, sha256, uploaded_by, created_at, active)
			VALUES (?, ?, ?, ?, ?, ?, TRUE)`, f.ID, version, string(src), sha, uploader, s.now()); err != nil {
			return err
		}
		created = true
		return s.Audit.Record(ctx, tx, auditEntry(by, ip, "form.install", f.ID, fmt.Sprintf("version %d, sha256 %s", version, sha[:12])))
	})
	return version, created, err
}

// sameSource finds the stored version of formID whose source is src. Rows
// stored before sources were normalised have the SHA-256 of the raw upload,
// so when no hash matches their sources are normalised and compared.
func sameSource(ctx context.Context, tx *db.Tx, formID string, src []byte, sha string) (int, bool, error) {
	var version int
	err := tx.QueryRow(ctx, `SELECT version FROM form_versions WHERE form_id = ? AND sha256 = ?`, formID, sha).Scan(&version)
	if err == nil {
		return version, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	rows, err := tx.Query(ctx, `SELECT version, source FROM form_versions WHERE form_id = ?`, formID)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var stored string
		if err := rows.Scan(&version, &stored); err != nil {
			return 0, false, err
		}
		if bytes.Equal(formdef.Normalize([]byte(stored)), src) {
			return version, true, nil
		}
	}
	return 0, false, rows.Err()
}

// versionTaken refuses a changed definition whose version is not above
// latest, the highest stored one, at its version line.
func versionTaken(src []byte, latest int) error {
	le := formdef.NewLineError(lineOf(src, versionLine), 1, "version_taken", latest, latest+1)
	if !versionLine.Match(src) {
		le = formdef.NewLineError(1, 1, "version_missing", latest, latest+1)
	}
	return &formdef.ParseError{Errors: []formdef.LineError{le}}
}

var (
	departmentLine = regexp.MustCompile(`(?m)^department\s*:`)
	idLine         = regexp.MustCompile(`(?m)^id\s*:`)
	versionLine    = regexp.MustCompile(`(?m)^version\s*:`)
)

// lineOf is the line of src where re first matches, or 1.
func lineOf(src []byte, re *regexp.Regexp) int {
	if loc := re.FindIndex(src); loc != nil {
		return 1 + strings.Count(string(src[:loc[0]]), "\n")
	}
	return 1
}

// checkDepartment refuses a form whose department does not exist: its
// cases would have nowhere to go.
func (s *Service) checkDepartment(ctx context.Context, f *formdef.Form, src []byte) error {
	if s.Auth == nil {
		return nil
	}
	_, err := s.Auth.DepartmentBySlug(ctx, f.Department)
	if err == nil {
		return nil
	}
	if errs.CodeOf(err) != errs.NotFound {
		return fmt.Errorf("department of form %q: %w", f.ID, err)
	}
	return &formdef.ParseError{Errors: []formdef.LineError{
		formdef.NewLineError(lineOf(src, departmentLine), 1, "unknown_department", formdef.Quoted(f.Department))}}
}

// LoadDir installs every *.yaml and *.yml file of dir (DATA_DIR/forms) that
// is valid and new. An invalid file is logged with its lines and reasons and
// the form's running version stays in service. A missing dir is no error.
func (s *Service) LoadDir(ctx context.Context, dir string) error {
	var files []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return fmt.Errorf("forms in %s: %w", dir, err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			s.Logger.Error("form file unreadable", "file", file, "err", err)
			continue
		}
		f, created, err := s.install(ctx, src, 0, "")
		var pe *formdef.ParseError
		switch {
		case errors.As(err, &pe):
			for _, le := range pe.Errors {
				s.Logger.Error("form file invalid, running version stays", "file", file, "line", le.Line, "col", le.Col, "reason", le.Msg)
			}
		case err != nil:
			return fmt.Errorf("form file %s: %w", file, err)
		case created:
			s.Logger.Info("form installed", "file", file, "form", f.ID, "version", f.Version)
		}
	}
	return nil
}

// auditEntry is an audit entry about form formID.
func auditEntry(by int64, ip, action, formID, detail string) audit.Entry {
	e := audit.By(by, ip).Did(action, "form", formID)
	e.Detail = detail
	return e
}
