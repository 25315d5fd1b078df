package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// referenceAttempts bounds the retries on a reference collision; with 32^7
// references a second attempt is already a rarity.
const referenceAttempts = 8

// Intake turns a sent form into a case: reference, initial status (the
// first of the form's statuses), deadline (DeadlineDays working days in the
// town's Land), the files as documents, the first timeline event and the
// confirmation mail. It joins the transaction carried by ctx (db.WithTx;
// forms marks the draft sent in it) or opens its own. token is the guest's
// private link token ("" for accounts); only its hash is stored.
func (s *Service) Intake(ctx context.Context, in Intake) (c Case, token string, err error) {
	if err := checkIntake(in); err != nil {
		return Case{}, "", err
	}
	now := s.Now()
	retention := in.RetentionDays
	if retention <= 0 {
		retention = DefaultRetentionDays
	}
	days := in.DeadlineDays
	if days <= 0 {
		days = DefaultDeadlineDays
	}
	due := dbTime(s.calendar(ctx).AddWorkdays(now, days))
	var hash sql.NullString
	if in.AccountID == 0 {
		token = auth.NewToken()
		hash = sql.NullString{String: auth.HashToken(token), Valid: true}
	}
	lang := in.Lang
	if lang != "en" {
		lang = "de"
	}
	answers, err := marshalColumn(nonNilMap(in.Answers))
	if err != nil {
		return Case{}, "", fmt.Errorf("intake answers: %w", err)
	}
	summary, err := marshalColumn(nonNilSummary(in.Summary))
	if err != nil {
		return Case{}, "", fmt.Errorf("intake summary: %w", err)
	}
	statuses, err := marshalColumn(in.Statuses)
	if err != nil {
		return Case{}, "", fmt.Errorf("intake statuses: %w", err)
	}
	err = db.InTxFrom(ctx, func(tx *db.Tx) error {
		var dept int64
		err := tx.QueryRow(ctx, "SELECT id FROM departments WHERE slug = ?", in.Department).Scan(&dept)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("intake of form %s: department %q does not exist", in.FormID, in.Department)
		}
		if err != nil {
			return fmt.Errorf("intake: department: %w", err)
		}
		var id int64
		ref := ""
		for range referenceAttempts {
			ref = s.newReference()
			// ON CONFLICT keeps the caller's transaction usable on
			// PostgreSQL, where a failed INSERT would abort it.
			err = tx.QueryRow(ctx, `INSERT INTO cases (reference, form_id, form_version, service, title_de, title_en,
				department_id, account_id, applicant_name, search_name, applicant_email, lang, access_hash, answers,
				summary, statuses, status, due_at, created_at, updated_at, retention_days)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (reference) DO NOTHING RETURNING id`,
				ref, in.FormID, in.FormVersion, in.Service, in.Title["de"], in.Title["en"],
				dept, nullID(in.AccountID), oneLine(in.Name), searchName(in.Name), strings.TrimSpace(in.Email), lang, hash, answers, summary,
				statuses, in.Statuses[0].Key, due, now, now, retention).Scan(&id)
			if !errors.Is(err, sql.ErrNoRows) {
				break
			}
		}
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("intake: no free reference after %d attempts", referenceAttempts)
		}
		if err != nil {
			return fmt.Errorf("intake: insert case: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_forms (form_id, department_id, service, title_de, title_en, statuses, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (form_id) DO UPDATE SET department_id = excluded.department_id,
			service = excluded.service, title_de = excluded.title_de, title_en = excluded.title_en,
			statuses = excluded.statuses, updated_at = excluded.updated_at`,
			in.FormID, dept, in.Service, in.Title["de"], in.Title["en"], statuses, now); err != nil {
			return fmt.Errorf("intake: remember form: %w", err)
		}
		for _, f := range in.Files {
			if _, err := insertDocument(ctx, tx, Document{CaseID: id, Kind: DocAnswer, Field: f.Path, Name: f.Name,
				ContentType: f.ContentType, Size: f.Size, Blob: f.Blob, AuthorID: in.AccountID, CreatedAt: now}); err != nil {
				return err
			}
		}
		actorKind := ActorCitizen
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventSubmitted, Public: true, Status: in.Statuses[0].Key,
			ActorID: in.AccountID, ActorKind: actorKind, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.deps.Audit.Record(ctx, tx, audit.By(in.AccountID, "").Did("case.create", "case", strconv.FormatInt(id, 10))); err != nil {
			return err
		}
		if c, err = loadCase(ctx, tx, "c.id", id); err != nil {
			return err
		}
		return s.mailReceived(ctx, tx, c, token)
	})
	if err != nil {
		return Case{}, "", err
	}
	return c, token, nil
}

// checkIntake refuses a submission the form engine should never hand over:
// these are programming or definition errors, not the citizen's.
func checkIntake(in Intake) error {
	switch {
	case in.FormID == "":
		return errors.New("intake: no form id")
	case in.Department == "":
		return fmt.Errorf("intake of form %s: no department", in.FormID)
	case len(in.Statuses) == 0 || in.Statuses[0].Key == "":
		return fmt.Errorf("intake of form %s: no statuses", in.FormID)
	}
	return nil
}

// newReference is NewReference unless a test set another source.
func (s *Service) newReference() string {
	if s.refSource != nil {
		return s.refSource()
	}
	return NewReference()
}

func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func nonNilSummary(m map[string][]Line) map[string][]Line {
	if m == nil {
		return map[string][]Line{}
	}
	return m
}

// oneLine keeps a name on one line: it goes into mail texts.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// searchName is what the inbox's text search compares: the name in lower
// case by Unicode's rules (SQLite's LOWER knows only ASCII).
func searchName(s string) string { return strings.ToLower(oneLine(s)) }
