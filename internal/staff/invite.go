package staff

import (
	"context"
	"net/url"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// inviteTTL is how long an invitation link works. New staff may start a week
// after the account was made, so it is longer than a password reset link.
const inviteTTL = 7 * 24 * time.Hour

// invite sends u a link to set a password. The account module serves the
// link (/password/reset); a new invitation ends the earlier ones. Token,
// mail and audit entry are written in tx.
func (m *Module) invite(ctx context.Context, tx *db.Tx, u auth.User, lang string, by actor) error {
	if i18n.Supported(u.Lang) {
		lang = u.Lang
	}
	token, err := m.deps.Auth.IssueToken(db.WithTx(ctx, tx), u.ID, auth.PurposeReset, inviteTTL)
	if err != nil {
		return err
	}
	link := m.deps.BaseURL + "/password/reset?token=" + url.QueryEscape(token)
	town := m.deps.TownName(ctx)
	cat := m.site.Catalog()
	name := u.Name
	if name == "" {
		name = u.Email
	}
	msg := mail.Message{
		To:      u.Email,
		Subject: cat.T(lang, "staff.invite.subject", town),
		Text:    cat.T(lang, "staff.invite.text", name, town, link, int(inviteTTL.Hours()/24), m.deps.BaseURL+"/login", u.Email),
	}
	if err := m.deps.Mail.Enqueue(ctx, tx, msg); err != nil {
		return err
	}
	return m.deps.Audit.Record(ctx, tx, by.entry("user.invite", "user", u.ID, ""))
}
