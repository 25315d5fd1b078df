package account

import (
	"net/http"
	"net/url"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) forgotForm(w http.ResponseWriter, r *http.Request) {
	m.Site.Render(w, r, http.StatusOK, "account/forgot", nil, nil)
}

// forgot mails a reset link when the address has an account; the answer is
// the same either way.
func (m *Module) forgot(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := r.PostFormValue("email")
	var f errs.Fields
	checkEmail(&f, "email", email)
	if err := f.Err(); err != nil {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/forgot", nil, form)
		return
	}
	if err := m.takeMailRate(r, email); err != nil {
		m.refuseRate(w, r, "account/forgot", err)
		return
	}
	u, err := m.Auth.UserByEmail(ctx, email)
	switch {
	case errs.CodeOf(err) == errs.NotFound:
	case err != nil:
		m.Site.Error(w, r, err)
		return
	case !u.Disabled:
		err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error { return m.sendReset(ctx, tx, u) })
		if err != nil {
			m.Site.Error(w, r, err)
			return
		}
	}
	web.Redirect(w, r, "/password/forgot/sent")
}

// resetForm shows the new-password form. The token is spent only when the
// form is sent, so a mail scanner that opens the link does not use it up.
func (m *Module) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if token == "" {
		m.renderInvalid(w, r, resetAgain)
		return
	}
	m.Site.Render(w, r, http.StatusOK, "account/reset", nil, web.NewForm(url.Values{"token": {token}}))
}

func (m *Module) reset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token, password := r.PostFormValue("token"), r.PostFormValue("password")
	if token == "" {
		m.renderInvalid(w, r, resetAgain)
		return
	}
	// The password is checked first, so a typo does not spend the token.
	var f errs.Fields
	checkNewPassword(&f, "password", "password_confirm", password, r.PostFormValue("password_confirm"))
	if err := f.Err(); err != nil {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/reset", nil, form)
		return
	}
	// Hashed before the transaction (see register).
	hash, err := m.Auth.HashPassword(password)
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	// The token is spent only together with the new password and its
	// audit entry.
	var tokenInvalid bool
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		userID, err := m.Auth.ConsumeToken(ctx, token, auth.PurposeReset)
		if errs.CodeOf(err) == errs.Invalid {
			tokenInvalid = true
		}
		if err != nil {
			return err
		}
		// SetPasswordHash ends every session, so whoever knew the old password
		// is out too.
		if err := m.Auth.SetPasswordHash(ctx, userID, hash); err != nil {
			return err
		}
		// Following the link proved access to the mailbox, just as the
		// verification link does.
		if err := m.Auth.MarkEmailVerified(ctx, userID); err != nil {
			return err
		}
		return m.record(r, tx, userID, "password.reset", userID, "")
	})
	if tokenInvalid {
		m.renderInvalid(w, r, resetAgain)
		return
	}
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.Site.ClearSessionCookie(w, r)
	m.Site.Flash(w, r, "account.reset.done")
	web.Redirect(w, r, "/login")
}
