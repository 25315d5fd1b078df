package account

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// How long the links in mails work.
const (
	verifyTTL = 48 * time.Hour
	resetTTL  = time.Hour
)

// mailLang is the language of mails to u: the account's choice, else the
// town's default.
func (m *Module) mailLang(u auth.User) string {
	if i18n.Supported(u.Lang) {
		return u.Lang
	}
	return m.DefaultLang
}

// link returns an absolute address of path with a token, for mails.
func (m *Module) link(path, token string) string {
	return m.BaseURL + path + "?token=" + url.QueryEscape(token)
}

// send enqueues a plain-text mail to u whose subject and text are the
// message keys "account.mail.<kind>.subject" and ".text", in u's language,
// in tx: the mail goes out only if the change that caused it commits.
func (m *Module) send(ctx context.Context, tx *db.Tx, u auth.User, kind string, args ...any) error {
	t := m.Site.Catalog().T
	lang := m.mailLang(u)
	msg := mail.Message{
		To:      u.Email,
		Subject: t(lang, "account.mail."+kind+".subject"),
		Text:    t(lang, "account.mail."+kind+".text", args...),
	}
	if err := m.Mail.Enqueue(ctx, tx, msg); err != nil {
		return fmt.Errorf("enqueue %s mail: %w", kind, err)
	}
	return nil
}

// sendVerify mails u a link that confirms the address; the page it opens
// leads on to next (see withNext).
func (m *Module) sendVerify(ctx context.Context, tx *db.Tx, u auth.User, next string) error {
	token, err := m.Auth.IssueToken(db.WithTx(ctx, tx), u.ID, auth.PurposeVerify, verifyTTL)
	if err != nil {
		return err
	}
	return m.send(ctx, tx, u, "verify", withNext(m.link("/verify", token), next), int(verifyTTL.Hours()))
}

// sendReset mails u a link to choose a new password.
func (m *Module) sendReset(ctx context.Context, tx *db.Tx, u auth.User) error {
	token, err := m.Auth.IssueToken(db.WithTx(ctx, tx), u.ID, auth.PurposeReset, resetTTL)
	if err != nil {
		return err
	}
	return m.send(ctx, tx, u, "reset", m.link("/password/reset", token), int(resetTTL.Minutes()))
}

// sendExists tells the owner of an address that someone tried to register
// it again, with a way back in, instead of telling the visitor.
func (m *Module) sendExists(ctx context.Context, tx *db.Tx, u auth.User, next string) error {
	token, err := m.Auth.IssueToken(db.WithTx(ctx, tx), u.ID, auth.PurposeReset, resetTTL)
	if err != nil {
		return err
	}
	return m.send(ctx, tx, u, "exists", m.BaseURL+withNext("/login", next), m.link("/password/reset", token), int(resetTTL.Minutes()))
}
