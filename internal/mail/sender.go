package mail

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Outgoing is a stored message ready to go out.
type Outgoing struct {
	Message
	// ID is the outbox row.
	ID   int64
	From string
	// MessageID is the Message-ID without angle brackets; it is the same on
	// every attempt.
	MessageID string
	// Date is when the message was written (queued).
	Date time.Time
}

// Sender delivers one message. An error makes the job retry later, unless
// it is wrapped with jobs.Permanent (the server refused for good).
type Sender interface {
	Send(ctx context.Context, m Outgoing) error
}

// NewSender returns the sender the configuration asks for: SMTP when
// smtpURL is set, otherwise .eml files in dataDir/mail, so a demo shows its
// mails without a mail server.
func NewSender(smtpURL, dataDir string, log *slog.Logger) (Sender, error) {
	if smtpURL == "" {
		dir := filepath.Join(dataDir, "mail")
		log.Info("no RATHAUS_SMTP_URL: e-mails are written as files", "dir", dir)
		return &FileSender{Dir: dir, Logger: log}, nil
	}
	return NewSMTPSender(smtpURL, nil)
}

// compose builds the MIME message: UTF-8, quoted-printable (German umlauts
// survive any relay), plain text with an optional HTML alternative.
func compose(m Outgoing) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP), gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("from %q: %w", m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(m.Date)
	msg.SetMessageIDWithValue(m.MessageID)
	// RFC 3834: tells auto-responders (out of office) not to answer.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
