package forms

import (
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

// Install parses src and, when it is valid and new, stores it as the next
// version of its form and puts it into service. A source equal to a stored
// version (same SHA-256) changes nothing and returns that version. An
// invalid source changes nothing and returns a *formdef.ParseError listing
// every "line N: reason". by is the account installing it (0: the system).
func (s *Service) Install(ctx context.Context, src []byte, by int64) (formdef.Form, error) {
	f, _, err := s.install(ctx, src, by, "")
	if err != nil {
		return formdef.Form{}, err
	}
	return *f, nil
}

// install is Install that also says whether a new version was stored.
func (s *Service) install(ctx context.Context, src []byte, by int64, ip string) (*formdef.Form, bool, error) {
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
	var version int
	created := false
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT version FROM form_versions WHERE form_id = ? AND sha256 = ?`, f.ID, sha).Scan(&version)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM form_versions WHERE form_id = ?`, f.ID).Scan(&version); err != nil {
			return err
		}
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
	if err != nil && db.IsUniqueViolation(err) {
		// Another instance installed the same file at the same moment.
		if err2 := db.From(ctx).QueryRow(ctx, `SELECT version FROM form_versions WHERE form_id = ? AND sha256 = ?`, f.ID, sha).Scan(&version); err2 == nil {
			err, created = nil, false
		}
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

var (
	departmentLine = regexp.MustCompile(`(?m)^department\s*:`)
	idLine         = regexp.MustCompile(`(?m)^id\s*:`)
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
				s.Logger.Error("form file invalid, running version stays", "file", file, "line", le.Line, "reason", le.Msg)
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
