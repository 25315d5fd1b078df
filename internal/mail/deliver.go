package mail

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// Register makes r deliver this outbox's messages.
func (o *Outbox) Register(r *jobs.Runner) {
	r.Register(SendKind, o.deliver)
	r.OnFailure(SendKind, o.failed)
}

// deliver is the mail.send job: it sends one outbox message. A message that
// is no longer queued was sent by an earlier run that did not get to
// finish its job, and is not sent again.
func (o *Outbox) deliver(ctx context.Context, payload []byte) error {
	if o.Sender == nil {
		return errors.New("mail: no sender configured")
	}
	var p sendPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("mail.send payload %q: %w", payload, err))
	}
	d := db.From(ctx)
	out := Outgoing{ID: p.ID, From: o.From}
	var status string
	err := d.QueryRow(ctx, `SELECT recipient, subject, body_text, body_html, message_id, created_at, status
		FROM mail_outbox WHERE id = ?`, p.ID).
		Scan(&out.To, &out.Subject, &out.Text, &out.HTML, &out.MessageID, &out.Date, &status)
	if errors.Is(err, sql.ErrNoRows) {
		o.log().Warn("mail to send is gone (purged?)", "mail", p.ID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load mail %d: %w", p.ID, err)
	}
	if status != "queued" {
		return nil
	}
	out.Date = out.Date.UTC()
	sendErr := o.Sender.Send(ctx, out)
	// Record the attempt even when ctx ended during the send.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if sendErr != nil {
		if _, err := d.Exec(rctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`,
			truncate(sendErr.Error(), 2000), p.ID); err != nil {
			o.log().Error("record mail attempt", "mail", p.ID, "err", err)
		}
		return fmt.Errorf("send mail %d: %w", p.ID, sendErr)
	}
	if _, err := d.Exec(rctx, `UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`,
		o.now(), p.ID); err != nil {
		// The mail is out; failing the job now would send it twice.
		o.log().Error("record mail sent", "mail", p.ID, "err", err)
	}
	return nil
}

// failed marks the message failed once its job has run out of attempts, in
// the job's own transaction.
func (o *Outbox) failed(ctx context.Context, q db.Querier, payload []byte, cause error) error {
	var p sendPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return nil // nothing to mark; the job itself records the cause
	}
	_, err := q.Exec(ctx, `UPDATE mail_outbox SET status = 'failed', last_error = ? WHERE id = ? AND status = 'queued'`,
		truncate(cause.Error(), 2000), p.ID)
	if err != nil {
		return fmt.Errorf("mark mail %d failed: %w", p.ID, err)
	}
	// The address is personal data; the id leads to it for those allowed.
	o.log().Error("mail could not be delivered", "mail", p.ID, "err", cause)
	return nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
