package forms

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// Draft is a form being filled in.
type Draft struct {
	ID        int64
	FormID    string
	Version   int
	AccountID int64 // 0 for a guest
	Email     string
	Lang      string
	Answers   formdef.Answers
	Page      string // the page last shown
	CreatedAt time.Time
	UpdatedAt time.Time
	ExpiresAt time.Time
	SentAt    *time.Time
	// receiptRaw is the sealed receipt of a sent draft (see receipt.go).
	receiptRaw string
}

// Sent reports whether the draft has been sent.
func (d Draft) Sent() bool { return d.SentAt != nil }

const draftColumns = `id, form_id, version, COALESCE(account_id, 0), email, lang, answers, page, created_at, updated_at, expires_at, sent_at, receipt`

// draftColumnsD is draftColumns of the drafts table called d in a join.
const draftColumnsD = `d.id, d.form_id, d.version, COALESCE(d.account_id, 0), d.email, d.lang, d.answers, d.page, d.created_at, d.updated_at, d.expires_at, d.sent_at, d.receipt`

// scanDraft reads a row of draftColumns, then the more destinations.
func scanDraft(row interface{ Scan(...any) error }, more ...any) (Draft, error) {
	var d Draft
	var answers string
	var sent sql.NullTime
	dest := append([]any{&d.ID, &d.FormID, &d.Version, &d.AccountID, &d.Email, &d.Lang, &answers, &d.Page,
		&d.CreatedAt, &d.UpdatedAt, &d.ExpiresAt, &sent, &d.receiptRaw}, more...)
	if err := row.Scan(dest...); err != nil {
		return d, err
	}
	d.Answers = formdef.Answers{}
	if err := json.Unmarshal([]byte(answers), &d.Answers); err != nil {
		return d, fmt.Errorf("draft %d answers: %w", d.ID, err)
	}
	if sent.Valid {
		t := sent.Time.UTC()
		d.SentAt = &t
	}
	d.CreatedAt, d.UpdatedAt, d.ExpiresAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC(), d.ExpiresAt.UTC()
	return d, nil
}

// createDraft stores a new draft of f and returns it with its link token.
func (s *Service) createDraft(ctx context.Context, f *formdef.Form, accountID int64, lang string, a formdef.Answers) (Draft, string, error) {
	token := auth.NewToken()
	now := s.now()
	answers, err := json.Marshal(a)
	if err != nil {
		return Draft{}, "", fmt.Errorf("new draft: %w", err)
	}
	account := sql.NullInt64{Int64: accountID, Valid: accountID != 0}
	first := ""
	if pages := f.VisiblePages(a); len(pages) > 0 {
		first = pages[0].ID
	}
	row := db.From(ctx).QueryRow(ctx, `INSERT INTO drafts (token_hash, form_id, version, account_id, lang, answers, page, created_at, updated_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+draftColumns,
		auth.HashToken(token), f.ID, f.Version, account, lang, string(answers), first, now, now, s.expiry(f, now))
	d, err := scanDraft(row)
	if err != nil {
		return Draft{}, "", fmt.Errorf("new draft of %q: %w", f.ID, err)
	}
	return d, token, nil
}

// expiry is when a draft saved at t stops working.
func (s *Service) expiry(f *formdef.Form, t time.Time) time.Time {
	days := f.ResumeDays
	if days <= 0 {
		days = 30
	}
	return t.AddDate(0, 0, days)
}

// DraftByToken returns the draft of a link token for the principal p. An
// unknown token, a draft of another form and another account's draft are
// all NotFound, so tokens cannot be probed; an expired unsent draft is a
// Gone error (errExpired), and an address the draft had before it was
// continued elsewhere a *movedError.
func (s *Service) DraftByToken(ctx context.Context, formID, token string, p *auth.Principal) (Draft, error) {
	d, _, err := s.draftAndForm(ctx, formID, token, p)
	return d, err
}

// draftAndForm is DraftByToken that also returns the draft's form version,
// read with the draft in one query (every page of a form loads both).
func (s *Service) draftAndForm(ctx context.Context, formID, token string, p *auth.Principal) (Draft, *formdef.Form, error) {
	var sha string
	row := db.From(ctx).QueryRow(ctx, `SELECT `+draftColumnsD+`, v.sha256 FROM drafts d
		JOIN form_versions v ON v.form_id = d.form_id AND v.version = d.version WHERE d.token_hash = ?`, auth.HashToken(token))
	d, err := scanDraft(row, &sha)
	if errors.Is(err, sql.ErrNoRows) {
		// Perhaps an address the draft had before it was continued elsewhere.
		return Draft{}, nil, s.movedDraft(ctx, formID, token, p)
	}
	if err == nil && d.FormID != formID {
		return Draft{}, nil, errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return Draft{}, nil, fmt.Errorf("draft: %w", err)
	}
	if d.AccountID != 0 && (!p.SignedIn() || p.User.ID != d.AccountID) {
		return Draft{}, nil, errs.E(errs.NotFound, "error.not_found")
	}
	if !s.now().Before(d.ExpiresAt) {
		return Draft{}, nil, errExpired
	}
	f, err := s.cachedForm(sha, d.Version, func() (string, error) { return s.source(ctx, d.FormID, d.Version) })
	if err != nil {
		return Draft{}, nil, err
	}
	return d, f, nil
}

// errExpired is the error of an expired draft or resume link: the handlers
// answer it with 410 Gone and a way to start again.
var errExpired = errs.E(errs.NotFound, "forms.expired.title")

// saveDraft stores the draft's answers and page and extends its life.
func (s *Service) saveDraft(ctx context.Context, q db.Querier, f *formdef.Form, d *Draft) error {
	answers, err := json.Marshal(d.Answers)
	if err != nil {
		return fmt.Errorf("save draft %d: %w", d.ID, err)
	}
	now := s.now()
	d.UpdatedAt, d.ExpiresAt = now, s.expiry(f, now)
	res, err := q.Exec(ctx, `UPDATE drafts SET answers = ?, page = ?, updated_at = ?, expires_at = ? WHERE id = ? AND sent_at IS NULL`,
		string(answers), d.Page, d.UpdatedAt, d.ExpiresAt, d.ID)
	if err != nil {
		return fmt.Errorf("save draft %d: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errAlreadySent
	}
	return nil
}

// errAlreadySent answers a change to a draft that was sent meanwhile (in
// another tab): the handlers show the confirmation instead.
var errAlreadySent = errs.E(errs.Conflict, "forms.sent.already")

// DraftSummary is one of an account's open drafts.
type DraftSummary struct {
	FormID    string
	Title     formdef.Text
	UpdatedAt time.Time
	ExpiresAt time.Time
	ID        int64
}

// AccountDrafts lists the open, unexpired drafts of an account, newest
// first.
func (s *Service) AccountDrafts(ctx context.Context, accountID int64) ([]DraftSummary, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT id, form_id, version, updated_at, expires_at FROM drafts
		WHERE account_id = ? AND sent_at IS NULL AND expires_at > ? ORDER BY updated_at DESC, id DESC LIMIT 100`, accountID, s.now())
	if err != nil {
		return nil, fmt.Errorf("drafts of account %d: %w", accountID, err)
	}
	type row struct {
		DraftSummary
		version int
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.ID, &r.FormID, &r.version, &r.UpdatedAt, &r.ExpiresAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("drafts of account %d: %w", accountID, err)
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("drafts of account %d: %w", accountID, err)
	}
	out := make([]DraftSummary, 0, len(list))
	for _, r := range list {
		if f, err := s.FormVersion(ctx, r.FormID, r.version); err == nil {
			r.Title = f.Title
		}
		out = append(out, r.DraftSummary)
	}
	return out, nil
}

// reopenDraft gives an account's own draft a new link token (only hashes
// are stored, so the old link cannot be shown again) and returns it.
func (s *Service) reopenDraft(ctx context.Context, id, accountID int64) (Draft, string, error) {
	d, token, err := s.moveDraft(ctx, `id = ? AND account_id = ? AND sent_at IS NULL AND expires_at > ?`, id, accountID, s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, "", errs.E(errs.NotFound, "error.not_found")
	}
	if err != nil {
		return Draft{}, "", fmt.Errorf("reopen draft %d: %w", id, err)
	}
	return d, token, nil
}

// deleteDraft removes an unsent draft and its files.
func (s *Service) deleteDraft(ctx context.Context, d Draft) error {
	keys, err := s.draftBlobs(ctx, db.From(ctx), d.ID)
	if err != nil {
		return err
	}
	if _, err := db.From(ctx).Exec(ctx, `DELETE FROM drafts WHERE id = ? AND sent_at IS NULL`, d.ID); err != nil {
		return fmt.Errorf("delete draft %d: %w", d.ID, err)
	}
	s.releaseBlobs(ctx, keys)
	return nil
}
