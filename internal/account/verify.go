package account

import (
	"net/http"
	"net/url"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// invalidPage explains that a mailed link no longer works and where to get
// a new one.
type invalidPage struct {
	AgainPath, AgainKey string
}

var (
	verifyAgain = invalidPage{AgainPath: "/verify/resend", AgainKey: "account.invalid.verify_again"}
	resetAgain  = invalidPage{AgainPath: "/password/forgot", AgainKey: "account.invalid.reset_again"}
)

// renderInvalid answers 400: the link the visitor followed is unknown,
// used or expired.
func (m *Module) renderInvalid(w http.ResponseWriter, r *http.Request, p invalidPage) {
	m.Site.Render(w, r, http.StatusBadRequest, "account/invalid", p, nil)
}

// verifyForm shows a button that confirms the address. Opening the link
// changes nothing: mail scanners and link previews fetch it before the
// person does, and a second click must not find it used up. A link whose
// address is already confirmed says so and leads to the sign-in page.
func (m *Module) verifyForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token, next := r.URL.Query().Get("token"), r.URL.Query().Get("next")
	if token == "" {
		m.renderInvalid(w, r, verifyAgain)
		return
	}
	st, err := verifyTokenStateOf(ctx, db.From(ctx), token, m.Auth.Clock.Now())
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	switch st {
	case tokenVerified:
		m.renderVerified(w, r, "account.verified.already", next)
	case tokenUsable:
		form := web.NewForm(url.Values{"token": {token}, "next": {web.SafeNext(next, "")}})
		m.Site.Render(w, r, http.StatusOK, "account/verify", nil, form)
	default:
		m.renderInvalid(w, r, verifyAgain)
	}
}

// verify confirms the e-mail address with the token from the mail.
func (m *Module) verify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token, next := r.PostFormValue("token"), r.PostFormValue("next")
	if token == "" {
		m.renderInvalid(w, r, verifyAgain)
		return
	}
	var tokenInvalid bool
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		userID, err := m.Auth.ConsumeToken(ctx, token, auth.PurposeVerify)
		if errs.CodeOf(err) == errs.Invalid {
			tokenInvalid = true
		}
		if err != nil {
			return err
		}
		if err := m.Auth.MarkEmailVerified(ctx, userID); err != nil {
			return err
		}
		return m.record(r, tx, userID, "user.verify", userID, "")
	})
	if tokenInvalid {
		// A double click sends the form twice: the second finds the
		// token used, but the address is confirmed all the same.
		st, err := verifyTokenStateOf(ctx, db.From(ctx), token, m.Auth.Clock.Now())
		if err != nil {
			m.Site.Error(w, r, err)
			return
		}
		if st == tokenVerified {
			m.renderVerified(w, r, "account.verified.already", next)
			return
		}
		m.renderInvalid(w, r, verifyAgain)
		return
	}
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.renderVerified(w, r, "account.verified.text", next)
}

// verifiedPage tells that the address is confirmed and leads on to the
// sign-in page, carrying on where the visitor was going.
type verifiedPage struct{ TextKey, Login string }

func (m *Module) renderVerified(w http.ResponseWriter, r *http.Request, textKey, next string) {
	m.Site.Render(w, r, http.StatusOK, "account/verified", verifiedPage{TextKey: textKey, Login: withNext("/login", next)}, nil)
}

func (m *Module) resendForm(w http.ResponseWriter, r *http.Request) {
	m.Site.Render(w, r, http.StatusOK, "account/resend", nil, nil)
}

// resend mails a new verification link to an unverified account. The
// answer is the same for every address.
func (m *Module) resend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := r.PostFormValue("email")
	var f errs.Fields
	checkEmail(&f, "email", email)
	if err := f.Err(); err != nil {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/resend", nil, form)
		return
	}
	if err := m.takeMailRate(r, email); err != nil {
		m.refuseRate(w, r, "account/resend", err)
		return
	}
	u, err := m.Auth.UserByEmail(ctx, email)
	switch {
	case errs.CodeOf(err) == errs.NotFound:
	case err != nil:
		m.Site.Error(w, r, err)
		return
	case !u.EmailVerified && !u.Disabled:
		err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error { return m.sendVerify(ctx, tx, u, "") })
		if err != nil {
			m.Site.Error(w, r, err)
			return
		}
	}
	web.Redirect(w, r, "/verify/sent")
}
