package forms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// moveDraft gives the draft that where (with args) selects a new link
// token and returns it with the token; only hashes are stored, so the old
// address cannot be shown again. The old token's hash is kept in
// draft_moves, so a tab still open there learns where the draft went. No
// draft selected is sql.ErrNoRows.
func (s *Service) moveDraft(ctx context.Context, where string, args ...any) (Draft, string, error) {
	token := auth.NewToken()
	var d Draft
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		// Two devices resuming at once both keep the same old hash: the
		// second insert is a no-op.
		if _, err := tx.Exec(ctx, `INSERT INTO draft_moves (token_hash, draft_id, moved_at)
			SELECT token_hash, id, ? FROM drafts WHERE `+where+` ON CONFLICT (token_hash) DO NOTHING`,
			append([]any{s.now()}, args...)...); err != nil {
			return fmt.Errorf("remember old link: %w", err)
		}
		var err error
		d, err = scanDraft(tx.QueryRow(ctx, `UPDATE drafts SET token_hash = ? WHERE `+where+` RETURNING `+draftColumns,
			append([]any{auth.HashToken(token)}, args...)...))
		return err
	})
	if err != nil {
		return Draft{}, "", err
	}
	return d, token, nil
}

// movedError answers an old address of a draft that was continued
// elsewhere: the handlers show where to go on (410 Gone) instead of "page
// not found". Elsewhere it is a NotFound error.
type movedError struct {
	formID string
	owner  bool // the visitor is the draft's signed-in account
	resume bool // a guest draft with a mailed resume link
	sent   bool
}

func (e *movedError) Error() string {
	return "forms: draft " + e.formID + " continued at another address"
}

func (e *movedError) Unwrap() error { return errs.E(errs.NotFound, "forms.moved.title") }

// movedDraft looks up token among the old addresses of drafts of form
// formID. A draft of an account is only named to that account; for anyone
// else, and for a token never used, it is NotFound as in draftAndForm.
func (s *Service) movedDraft(ctx context.Context, formID, token string, p *auth.Principal) error {
	var (
		id, account  int64
		form, resume string
		expires      time.Time
		sent         sql.NullTime
		notFound     = errs.E(errs.NotFound, "error.not_found")
	)
	err := db.From(ctx).QueryRow(ctx, `SELECT d.id, d.form_id, COALESCE(d.account_id, 0), COALESCE(d.resume_hash, ''), d.expires_at, d.sent_at
		FROM draft_moves m JOIN drafts d ON d.id = m.draft_id WHERE m.token_hash = ?`, auth.HashToken(token)).
		Scan(&id, &form, &account, &resume, &expires, &sent)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound
	case err != nil:
		return fmt.Errorf("old draft address: %w", err)
	case form != formID:
		return notFound
	}
	owner := account != 0 && p.SignedIn() && p.User.ID == account
	if account != 0 && !owner {
		return notFound
	}
	if !sent.Valid && !s.now().Before(expires) {
		return errExpired
	}
	return &movedError{formID: form, owner: owner, resume: account == 0 && resume != "", sent: sent.Valid}
}
