package forms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// SaveForLater mails a guest a link to continue the draft, valid as long as
// the draft (the form's ResumeDays from now), and remembers the address.
// Each save makes a new link; older links stop working. Mails are counted
// per address and per client ip (see auth.MailLimits): too many are a TooMany
// error, and nothing is sent.
func (s *Service) SaveForLater(ctx context.Context, fl filling, email, lang, ip string) error {
	email = auth.NormalizeEmail(email)
	var f errs.Fields
	if email == "" {
		f.Add("email", "forms.save.email_required")
	} else if !auth.ValidEmail(email) {
		f.Add("email", "field.email.invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	// Counted before the transaction, as the account module does: on
	// SQLite the count is a write of its own.
	if err := s.Auth.TakeRate(ctx, s.MailLimits.Rates(email, ip)...); err != nil {
		return err
	}
	token := auth.NewToken()
	d := fl.draft
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		if err := s.saveDraft(ctx, tx, fl.form, &d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE drafts SET resume_hash = ?, email = ? WHERE id = ?`, auth.HashToken(token), email, d.ID); err != nil {
			return fmt.Errorf("save draft %d for later: %w", d.ID, err)
		}
		link := s.BaseURL + "/forms/resume?token=" + url.QueryEscape(token)
		title := fl.form.Title.In(lang)
		until := d.ExpiresAt.In(zone).Format("02.01.2006")
		if lang == "en" {
			until = d.ExpiresAt.In(zone).Format("2 January 2006")
		}
		return s.Mail.Enqueue(ctx, tx, mail.Message{
			To:      email,
			Subject: s.Catalog.T(lang, "forms.mail.resume.subject", title),
			Text:    s.Catalog.T(lang, "forms.mail.resume.text", title, until, link),
		})
	})
}

// Resume opens the draft of a mailed resume link with a new link token
// (only hashes are stored, so the old one cannot be shown again). An
// unknown link is NotFound; an expired one errExpired.
func (s *Service) Resume(ctx context.Context, token string) (filling, error) {
	var id int64
	var formID string
	var version int
	err := db.From(ctx).QueryRow(ctx, `SELECT id, form_id, version FROM drafts WHERE resume_hash = ? AND sent_at IS NULL`,
		auth.HashToken(token)).Scan(&id, &formID, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return filling{}, errs.E(errs.NotFound, "forms.resume.unknown")
	}
	if err != nil {
		return filling{}, fmt.Errorf("resume link: %w", err)
	}
	d, fresh, err := s.moveDraft(ctx, `id = ? AND expires_at > ?`, id, s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return filling{draft: Draft{FormID: formID}}, errExpired
	}
	if err != nil {
		return filling{}, fmt.Errorf("resume draft %d: %w", id, err)
	}
	f, err := s.FormVersion(ctx, formID, version)
	if err != nil {
		return filling{}, err
	}
	return filling{form: f, draft: d, token: fresh}, nil
}

// resumeLink looks up a resume link without using it, for the page the
// mailed link opens: the draft's form, and whether its time is up. An
// unknown link (or one of a sent draft) is NotFound, as Resume answers it.
func (s *Service) resumeLink(ctx context.Context, token string) (formID string, expired bool, err error) {
	var expires time.Time
	err = db.From(ctx).QueryRow(ctx, `SELECT form_id, expires_at FROM drafts WHERE resume_hash = ? AND sent_at IS NULL`,
		auth.HashToken(token)).Scan(&formID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, errs.E(errs.NotFound, "forms.resume.unknown")
	}
	if err != nil {
		return "", false, fmt.Errorf("resume link: %w", err)
	}
	return formID, !s.now().Before(expires), nil
}

// claimDraft gives guest draft id to account: a guest who signed in finds
// it under their drafts. The old resume link stops working, as the draft
// now opens only for the account.
func (s *Service) claimDraft(ctx context.Context, id, account int64) error {
	res, err := db.From(ctx).Exec(ctx, `UPDATE drafts SET account_id = ?, resume_hash = NULL
		WHERE id = ? AND account_id IS NULL AND sent_at IS NULL`, account, id)
	if err != nil {
		return fmt.Errorf("claim draft %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errAlreadySent
	}
	return nil
}
