package account

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) registerForm(w http.ResponseWriter, r *http.Request) {
	form := web.NewForm(url.Values{"next": {web.SafeNext(r.URL.Query().Get("next"), "")}})
	m.Site.Render(w, r, http.StatusOK, "account/register", nil, form)
}

func (m *Module) register(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := web.FormFrom(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	email := auth.NormalizeEmail(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	// next is where the visitor was going (a form): it travels through the
	// verification mail to the sign-in page, which goes there.
	next := web.SafeNext(r.PostFormValue("next"), "")
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
	// Hashed before the transaction, which would otherwise hold the town's
	// one SQLite writer for the tens of milliseconds argon2id takes.
	hash, err := m.Auth.HashPassword(password)
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	// The account, its audit entry, the link and the mail are stored
	// together or not at all.
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		u, err := m.Auth.CreateUser(ctx, auth.NewUser{Email: email, Name: name, Hash: hash, Role: auth.RoleCitizen, Lang: web.Lang(r)})
		if isTaken(err) {
			// The visitor sees the same page as for a new account; the
			// owner of the address gets a mail that says an account exists.
			existing, err := m.Auth.UserByEmail(ctx, email)
			if err != nil || existing.Disabled {
				return err
			}
			return m.sendExists(ctx, tx, existing, next)
		}
		if err != nil {
			return err
		}
		if err := m.record(r, tx, u.ID, "user.register", u.ID, ""); err != nil {
			return err
		}
		return m.sendVerify(ctx, tx, u, next)
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
	web.Redirect(w, r, withNext("/register/sent", next))
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

// withNext adds next= to the query of link when next is a safe local
// address.
func withNext(link, next string) string {
	if next = web.SafeNext(next, ""); next == "" {
		return link
	}
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + "next=" + url.QueryEscape(next)
}
