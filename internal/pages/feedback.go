package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	outbox "github.com/offenes-rathaus/rathaus/internal/mail"
)

// Feedback is a report of a barrier sent through the form on the
// accessibility statement (BITV 2.0 § 7 Abs. 1: the feedback mechanism).
type Feedback struct {
	ID      int64
	Message string
	// Name, Email and Page are optional.
	Name, Email, Page string
	CreatedAt         time.Time
	// DoneAt is zero while the feedback is open.
	DoneAt time.Time
}

// Limits of the feedback form.
const (
	maxMessage = 5000
	maxName    = 200
	maxEmail   = 254
	maxPage    = 500
)

func (f *Feedback) normalize() {
	f.Message = strings.TrimSpace(strings.ReplaceAll(f.Message, "\r\n", "\n"))
	f.Name = strings.TrimSpace(f.Name)
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	f.Page = strings.TrimSpace(f.Page)
}

// Validate checks feedback and returns field errors.
func (f Feedback) Validate() error {
	var fe errs.Fields
	if f.Message == "" {
		fe.Add("message", "field.required")
	} else if len([]rune(f.Message)) > maxMessage {
		fe.Add("message", "field.too_long", maxMessage)
	}
	if len([]rune(f.Name)) > maxName {
		fe.Add("name", "field.too_long", maxName)
	}
	if f.Email != "" {
		if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email || len(f.Email) > maxEmail {
			fe.Add("email", "field.email.invalid")
		}
	}
	if len([]rune(f.Page)) > maxPage {
		fe.Add("page", "field.too_long", maxPage)
	}
	return fe.Err()
}

// SubmitFeedback stores feedback and, in the same transaction, queues a mail
// to every active admin account.
func (m *Module) SubmitFeedback(ctx context.Context, f Feedback) (Feedback, error) {
	f.normalize()
	if err := f.Validate(); err != nil {
		return f, err
	}
	f.CreatedAt = m.deps.Clock.Now()
	town := m.TownName(ctx)
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO accessibility_feedback (message, name, email, page_url, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, f.Message, f.Name, f.Email, f.Page, f.CreatedAt).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("store feedback: %w", err)
		}
		admins, err := activeAdmins(ctx, tx)
		if err != nil {
			return err
		}
		if len(admins) == 0 {
			m.deps.Logger.Warn("accessibility feedback stored, but there is no admin account to tell", "feedback", f.ID)
		}
		for _, a := range admins {
			if err := m.deps.Mail.Enqueue(ctx, tx, m.feedbackMail(a, f, town)); err != nil {
				return fmt.Errorf("queue feedback mail: %w", err)
			}
		}
		return nil
	})
	return f, err
}

type recipient struct{ email, lang string }

// activeAdmins lists the addresses of the admin accounts that are not
// disabled.
func activeAdmins(ctx context.Context, q db.Querier) ([]recipient, error) {
	rows, err := q.Query(ctx, "SELECT email, lang FROM users WHERE role = 'admin' AND disabled = FALSE ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list admins: %w", err)
	}
	defer rows.Close()
	var out []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.email, &r.lang); err != nil {
			return nil, err
		}
		if !i18n.Supported(r.lang) {
			r.lang = defaultLang
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (m *Module) feedbackMail(to recipient, f Feedback, town string) outbox.Message {
	cat := m.site.Catalog()
	orDash := func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	}
	return outbox.Message{
		To:      to.email,
		Subject: cat.T(to.lang, "pages.feedback.mail.subject", town),
		Text: cat.T(to.lang, "pages.feedback.mail.text", f.Message, orDash(f.Name), orDash(f.Email), orDash(f.Page),
			m.deps.BaseURL+"/admin/feedback"),
	}
}

// ListFeedback returns feedback, open items first, newest first.
func (m *Module) ListFeedback(ctx context.Context, limit int) ([]Feedback, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT id, message, name, email, page_url, created_at, done_at
		FROM accessibility_feedback
		ORDER BY CASE WHEN done_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		var f Feedback
		var done sql.NullTime
		if err := rows.Scan(&f.ID, &f.Message, &f.Name, &f.Email, &f.Page, &f.CreatedAt, &done); err != nil {
			return nil, fmt.Errorf("list feedback: %w", err)
		}
		f.DoneAt = done.Time
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkFeedbackDone closes a feedback item, audited in the same transaction.
// Marking a closed item again changes nothing.
func (m *Module) MarkFeedbackDone(ctx context.Context, id int64, actor Actor) error {
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var done sql.NullTime
		err := tx.QueryRow(ctx, "SELECT done_at FROM accessibility_feedback WHERE id = ?", id).Scan(&done)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "error.not_found")
		}
		if err != nil {
			return fmt.Errorf("load feedback %d: %w", id, err)
		}
		if done.Valid {
			return nil
		}
		var by sql.NullInt64
		if actor.ID != 0 {
			by = sql.NullInt64{Int64: actor.ID, Valid: true}
		}
		if _, err := tx.Exec(ctx, "UPDATE accessibility_feedback SET done_at = ?, done_by = ? WHERE id = ?",
			m.deps.Clock.Now(), by, id); err != nil {
			return fmt.Errorf("close feedback %d: %w", id, err)
		}
		return m.deps.Audit.Record(ctx, tx, actor.entry("feedback.done", "accessibility_feedback", fmt.Sprint(id), ""))
	})
}
