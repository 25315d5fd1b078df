// Package mail is the e-mail outbox: a message is a row first, committed with
// the change that caused it, and a worker delivers it over SMTP with retries,
// so a mail server being down loses nothing.
package mail

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

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
	From  string
}

// Enqueue stores m for delivery. Pass the transaction of the change that
// causes the mail (q may be a *db.Tx or the *db.DB), so both commit together.
// STUB: implemented by the outbox work package.
func (o *Outbox) Enqueue(ctx context.Context, q db.Querier, m Message) error {
	panic("mail.Outbox.Enqueue: not implemented yet")
}
