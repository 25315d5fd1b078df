// Package mail is the e-mail outbox: a message is a row first, committed with
// the change that caused it, and a worker delivers it over SMTP with retries,
// so a mail server being down loses nothing.
package mail

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package; they need the jobs tables.
var Migrations = db.Migrations{Name: "mail", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// SendKind is the job kind that delivers one outbox message.
const SendKind = "mail.send"

// Message is one e-mail to one recipient, in plain text (an HTML part is
// optional).
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Outbox stores messages for delivery.
type Outbox struct {
	Clock clock.Clock
	// From is the sender address, e.g. "Rathaus Musterstadt <rathaus@musterstadt.de>".
	From string
	// Sender delivers; nil only for an outbox that just stores messages.
	Sender Sender
	Logger *slog.Logger
}

func (o *Outbox) now() time.Time {
	if o.Clock == nil {
		return clock.System{}.Now()
	}
	return o.Clock.Now()
}

func (o *Outbox) log() *slog.Logger {
	if o.Logger == nil {
		return slog.Default()
	}
	return o.Logger
}

// sendPayload is the payload of a mail.send job.
type sendPayload struct {
	ID int64 `json:"id"`
}

// Enqueue stores m for delivery. Pass the transaction of the change that
// causes the mail (q may be a *db.Tx or the *db.DB), so both commit together.
// An invalid recipient is an errs.Invalid error for the field "email".
func (o *Outbox) Enqueue(ctx context.Context, q db.Querier, m Message) error {
	to := strings.TrimSpace(m.To)
	if _, err := netmail.ParseAddress(to); err != nil {
		return &errs.Error{Code: errs.Invalid, Key: "field.email.invalid",
			Fields: []errs.FieldError{{Field: "email", Key: "field.email.invalid"}},
			Err:    fmt.Errorf("mail to %q: %w", to, err)}
	}
	if strings.TrimSpace(m.Text) == "" {
		return errors.New("mail: empty text")
	}
	now := o.now()
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO mail_outbox (recipient, subject, body_text, body_html, message_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		to, oneLine(m.Subject), m.Text, m.HTML, o.newMessageID(), now).Scan(&id)
	if err != nil {
		return fmt.Errorf("store mail: %w", err)
	}
	if err := jobs.Enqueue(ctx, q, SendKind, sendPayload{ID: id}, now); err != nil {
		return fmt.Errorf("store mail: %w", err)
	}
	return nil
}

// oneLine keeps a subject on one header line: subjects often carry a title
// a citizen typed, and a line break there must not start a new header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// newMessageID makes a globally unique Message-ID in the sender's domain
// (RFC 5322 §3.6.4), without the angle brackets.
func (o *Outbox) newMessageID() string {
	b := make([]byte, 16)
	rand.Read(b)
	domain := "localhost"
	if a, err := netmail.ParseAddress(o.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			domain = d
		}
	}
	return hex.EncodeToString(b) + "@" + domain
}

// Pending counts the messages waiting for delivery. The database comes from
// ctx.
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	if err := db.From(ctx).QueryRow(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count queued mail: %w", err)
	}
	return n, nil
}

// Purge deletes delivered and failed messages created before cutoff: they
// hold personal data and are needed only to answer "did the mail go out?"
// for a while.
func (o *Outbox) Purge(ctx context.Context, q db.Querier, cutoff time.Time) (int64, error) {
	res, err := q.Exec(ctx, `DELETE FROM mail_outbox WHERE status <> 'queued' AND created_at < ?`, cutoff.UTC().Truncate(time.Second))
	if err != nil {
		return 0, fmt.Errorf("purge mail: %w", err)
	}
	return res.RowsAffected()
}
