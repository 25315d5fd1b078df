package forms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// errNotReady is the error of sending a draft with mistakes or missing
// answers; the check page lists them.
type errNotReady struct{ Fields formdef.FieldErrors }

func (e *errNotReady) Error() string {
	return fmt.Sprintf("draft not ready: %d problems", len(e.Fields))
}

// Send validates every answer again and, in one transaction, marks the
// draft sent and hands the submission to the Submitter. Sending a draft
// that was sent already (a double click) returns the first receipt and
// creates nothing. p is who sends; lang the language of the page.
func (s *Service) Send(ctx context.Context, fl filling, p *auth.Principal, lang string) (Receipt, error) {
	if s.Submitter == nil {
		return Receipt{}, errors.New("forms: no submitter")
	}
	f := fl.form
	var receipt Receipt
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		d, err := s.lockDraft(ctx, tx, fl.draft.ID)
		if err != nil {
			return err
		}
		if d.SentAt != nil {
			receipt, err = openReceipt(fl.token, d.receiptText)
			return err
		}
		var files []DraftFile
		if formHasFile(f) {
			if files, err = s.draftFiles(ctx, tx, d.ID); err != nil {
				return err
			}
		}
		a := d.Answers
		for _, x := range files {
			setFileAnswer(a, x)
		}
		f.Compute(a)
		f.Clean(a)
		if fe := f.Validate(a, lang, s.today()); len(fe) > 0 {
			return &errNotReady{Fields: fe}
		}
		sub := s.submission(f, d, a, files, p, lang)
		now := s.now()
		receipt, err = s.Submitter.Submit(db.WithTx(ctx, tx), sub)
		if err != nil {
			return fmt.Errorf("submit draft %d: %w", d.ID, err)
		}
		sealed, err := sealReceipt(fl.token, receipt)
		if err != nil {
			return err
		}
		// The answers now live in the case; the draft keeps only what the
		// confirmation page needs, for a day. The row was read in this
		// transaction (locked on PostgreSQL), so no other send got here.
		res, err := tx.Exec(ctx, `UPDATE drafts SET sent_at = ?, answers = '{}', expires_at = ?, receipt = ? WHERE id = ? AND sent_at IS NULL`,
			now, now.AddDate(0, 0, 1), sealed, d.ID)
		if err != nil {
			return fmt.Errorf("mark draft %d sent: %w", d.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("mark draft %d sent: %d rows", d.ID, n)
		}
		// The files now belong to the case: the draft's rows go, the
		// stored content stays.
		if len(files) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM draft_files WHERE draft_id = ?`, d.ID); err != nil {
				return fmt.Errorf("hand over files of draft %d: %w", d.ID, err)
			}
		}
		// Case handling audits the new case (case.create) in this
		// transaction; sending needs no entry of its own.
		return nil
	})
	return receipt, err
}

// lockedDraft is a draft row read for sending.
type lockedDraft struct {
	Draft
	receiptText string
}

// lockDraft reads a draft in tx; on PostgreSQL the row stays locked until
// the transaction ends, so two sends of one draft run one after the other
// (SQLite's single writer does the same).
func (s *Service) lockDraft(ctx context.Context, tx *db.Tx, id int64) (lockedDraft, error) {
	q := `SELECT ` + draftColumns + ` FROM drafts WHERE id = ?`
	if tx.Dialect() == db.Postgres {
		q += ` FOR UPDATE`
	}
	d, err := scanDraft(tx.QueryRow(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return lockedDraft{}, errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return lockedDraft{}, fmt.Errorf("draft %d: %w", id, err)
	}
	return lockedDraft{Draft: d, receiptText: d.receiptRaw}, nil
}

// submission builds what case handling receives.
func (s *Service) submission(f *formdef.Form, d lockedDraft, a formdef.Answers, files []DraftFile, p *auth.Principal, lang string) Submission {
	sub := Submission{
		FormID: f.ID, FormVersion: f.Version, Service: f.Service, Department: f.Department, Title: f.Title,
		Lang: lang, Answers: a, Statuses: f.Statuses, RetentionDays: f.RetentionDays, DeadlineDays: f.DeadlineDays,
		Summary: map[string][]formdef.Line{"de": f.Summary(a, "de"), "en": f.Summary(a, "en")},
	}
	sub.Name, sub.Email = applicant(f, a)
	if sub.Email == "" {
		sub.Email = d.Email
	}
	if p.SignedIn() && p.User.ID == d.AccountID {
		sub.AccountID = p.User.ID
		if p.User.Name != "" && sub.Name == "" {
			sub.Name = p.User.Name
		}
		if sub.Email == "" {
			sub.Email = p.User.Email
		}
	}
	for _, x := range files {
		if _, kept := a[x.Path]; !kept {
			continue // a file of a question hidden by later answers
		}
		sub.Files = append(sub.Files, File{Path: x.Path, Name: x.Name, ContentType: x.ContentType, Size: x.Size, Blob: x.Blob})
	}
	return sub
}

// applicant finds the applicant's name and e-mail among the answers: the
// fields prefilled from the account, else fields named like them.
func applicant(f *formdef.Form, a formdef.Answers) (name, email string) {
	var first, last string
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			v, _ := a[fd.Name].(string)
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			switch {
			case fd.Prefill == "account.name" && name == "":
				name = v
			case fd.Prefill == "account.email" && email == "":
				email = v
			case fd.Type == formdef.TypeEmail && email == "":
				email = v
			case fd.Name == "name" || fd.Name == "full_name":
				if name == "" {
					name = v
				}
			case fd.Name == "first_name" || fd.Name == "vorname" || fd.Name == "given_name":
				first = v
			case fd.Name == "last_name" || fd.Name == "nachname" || fd.Name == "family_name":
				last = v
			}
		}
	}
	if name == "" {
		name = strings.TrimSpace(first + " " + last)
	}
	return name, email
}

// receiptFor reads the receipt of a sent draft.
func receiptFor(fl filling) (Receipt, error) {
	if fl.draft.receiptRaw == "" {
		return Receipt{}, errs.E(errs.NotFound, "error.not_found")
	}
	return openReceipt(fl.token, fl.draft.receiptRaw)
}
