package account

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

type profilePage struct {
	User        *auth.User
	Memberships []auth.Membership
	Sessions    int
	// Lang is the stored language choice, or the town's default.
	Lang string
	// CanDelete is true for citizens; staff accounts are closed by an
	// administrator, because cases and the audit log point to them.
	CanDelete bool
}

func (m *Module) profile(w http.ResponseWriter, r *http.Request) {
	m.renderProfile(w, r, http.StatusOK, nil)
}

// renderProfile shows the account page. The page holds several forms; the
// one that was sent keeps its input and errors, the others show the stored
// values.
func (m *Module) renderProfile(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	p := web.PrincipalOf(r)
	n, err := m.Auth.CountSessions(r.Context(), p.User.ID)
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	if _, sent := form.Values["name"]; !sent {
		form.Values.Set("name", p.User.Name)
	}
	lang := p.User.Lang
	if !i18n.Supported(lang) {
		lang = m.DefaultLang
	}
	if _, sent := form.Values["lang"]; !sent {
		form.Values.Set("lang", lang)
	}
	m.Site.Render(w, r, status, "account/profile", profilePage{
		User: p.User, Memberships: p.Memberships, Sessions: n, Lang: lang, CanDelete: p.User.Role == auth.RoleCitizen,
	}, form)
}

// saveProfile stores the name and the preferred language.
func (m *Module) saveProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := web.PrincipalOf(r).User
	name, lang := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("lang")
	var f errs.Fields
	if len(name) > 200 {
		f.Add("name", "field.too_long", 200)
	}
	if !i18n.Supported(lang) {
		f.Add("lang", "field.choice.invalid")
	}
	if err := f.Err(); err != nil {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderProfile(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		if err := m.Auth.UpdateUser(ctx, u.ID, name, u.Role, u.Disabled); err != nil {
			return err
		}
		if err := m.Auth.SetLang(ctx, u.ID, lang); err != nil {
			return err
		}
		return m.record(r, tx, u.ID, "user.update", u.ID, "profile")
	})
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.Site.Flash(w, r, "account.profile.saved")
	// ?lang= makes the browser's language cookie follow the new choice,
	// which would otherwise win over the account's setting.
	web.Redirect(w, r, "/account?lang="+lang)
}

// changePassword needs the current password, so a browser left signed in
// cannot be used to take the account over.
func (m *Module) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := web.PrincipalOf(r).User
	current, password := r.PostFormValue("current_password"), r.PostFormValue("new_password")
	var f errs.Fields
	checkRequired(&f, "current_password", current)
	checkNewPassword(&f, "new_password", "new_password_confirm", password, r.PostFormValue("new_password_confirm"))
	if err := f.Err(); err != nil {
		m.profileError(w, r, err)
		return
	}
	if err := m.checkOwnPassword(r, u, "current_password", current); err != nil {
		m.profileError(w, r, err)
		return
	}
	// Hashed before the transaction (see register).
	hash, err := m.Auth.HashPassword(password)
	if err != nil {
		m.profileError(w, r, err)
		return
	}
	var token string
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		if err := m.Auth.SetPasswordHash(ctx, u.ID, hash); err != nil {
			return err
		}
		// SetPasswordHash ended every session, this one too; this browser gets
		// a new one, the others stay signed out.
		var err error
		if token, err = m.Auth.StartSession(ctx, u.ID); err != nil {
			return err
		}
		return m.record(r, tx, u.ID, "password.change", u.ID, "")
	})
	if err != nil {
		m.profileError(w, r, err)
		return
	}
	m.Site.SetSessionCookie(w, r, token)
	m.Site.Flash(w, r, "account.password.changed")
	web.Redirect(w, r, "/account")
}

// checkOwnPassword confirms the signed-in person knows the password. It
// goes through Authenticate, so guessing here is throttled like sign-in.
func (m *Module) checkOwnPassword(r *http.Request, u *auth.User, field, password string) error {
	_, err := m.Auth.Authenticate(r.Context(), u.Email, password, web.ClientIP(r))
	if errs.CodeOf(err) == errs.Unauthorized {
		var f errs.Fields
		f.Add(field, "account.password.wrong")
		return f.Err()
	}
	return err
}

// profileError shows the account page again with the error of the form
// that was sent: field errors and throttling on the page, others as an
// error page.
func (m *Module) profileError(w http.ResponseWriter, r *http.Request, err error) {
	switch code := errs.CodeOf(err); code {
	case errs.Invalid, errs.TooMany:
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderProfile(w, r, web.Status(code), form)
	default:
		m.Site.Error(w, r, err)
	}
}

// endSessions signs the account out on every device, this one included.
func (m *Module) endSessions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := web.PrincipalOf(r).User
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		n, err := m.Auth.EndAllSessions(db.WithTx(ctx, tx), u.ID)
		if err != nil {
			return err
		}
		return m.record(r, tx, u.ID, "session.end_all", u.ID, itoa(n)+" sessions")
	})
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.Site.ClearSessionCookie(w, r)
	m.Site.Flash(w, r, "account.sessions.ended")
	web.Redirect(w, r, "/login")
}
