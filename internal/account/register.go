package account

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) registerForm(w http.ResponseWriter, r *http.Request) {
	m.Site.Render(w, r, http.StatusOK, "account/register", nil, nil)
}

func (m *Module) register(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := web.FormFrom(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	email := auth.NormalizeEmail(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	var f errs.Fields
	if len(name) > 200 {
		f.Add("name", "field.too_long", 200)
	}
	checkEmail(&f, "email", email)
	checkNewPassword(&f, "password", "password_confirm", password, r.PostFormValue("password_confirm"))
	if r.PostFormValue("consent") != "on" {
		f.Add("consent", "account.register.consent_required")
	}
	if err := f.Err(); err != nil {
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/register", nil, form)
		return
	}
	if err := m.takeMailRate(r, email); err != nil {
		m.refuseRate(w, r, "account/register", err)
		return
	}
	// The account, its audit entry, the link and the mail are stored
	// together or not at all.
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		u, err := m.Auth.CreateUser(ctx, auth.NewUser{Email: email, Name: name, Password: password, Role: auth.RoleCitizen, Lang: web.Lang(r)})
		if isTaken(err) {
			// The visitor sees the same page as for a new account; the
			// owner of the address gets a mail that says an account exists.
			existing, err := m.Auth.UserByEmail(ctx, email)
			if err != nil || existing.Disabled {
				return err
			}
			return m.sendExists(ctx, tx, existing)
		}
		if err != nil {
			return err
		}
		if err := m.record(r, tx, u.ID, "user.register", u.ID, ""); err != nil {
			return err
		}
		return m.sendVerify(ctx, tx, u)
	})
	if errs.CodeOf(err) == errs.Invalid {
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/register", nil, form)
		return
	}
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/register/sent")
}

// isTaken reports whether err says the e-mail address has an account.
func isTaken(err error) bool {
	e := errs.As(err)
	for _, fe := range e.Fields {
		if fe.Field == "email" && fe.Key == "field.email.taken" {
			return true
		}
	}
	return false
}
