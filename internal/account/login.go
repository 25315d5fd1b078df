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

type loginPage struct {
	// Unverified offers to send the verification mail again.
	Unverified bool
}

func (m *Module) loginForm(w http.ResponseWriter, r *http.Request) {
	if web.PrincipalOf(r).SignedIn() {
		web.Redirect(w, r, "/account")
		return
	}
	form := web.NewForm(url.Values{"next": {r.URL.Query().Get("next")}})
	m.Site.Render(w, r, http.StatusOK, "account/login", loginPage{}, form)
}

func (m *Module) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	form := web.FormFrom(r)
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	var f errs.Fields
	checkRequired(&f, "email", email)
	checkRequired(&f, "password", password)
	if err := f.Err(); err != nil {
		form.SetErrors(err)
		m.Site.Render(w, r, http.StatusUnprocessableEntity, "account/login", loginPage{}, form)
		return
	}
	u, err := m.Auth.Authenticate(ctx, email, password, web.ClientIP(r))
	if code := errs.CodeOf(err); code == errs.Unauthorized || code == errs.TooMany {
		// The account id, when there is one, lets staff see attacks on an
		// account; the visitor is told the same either way.
		var id int64
		if known, lerr := m.Auth.UserByEmail(ctx, email); lerr == nil {
			id = known.ID
		}
		if aerr := m.record(r, db.From(ctx), 0, "login.failure", id, string(code)); aerr != nil {
			m.Site.Error(w, r, aerr)
			return
		}
		form.SetErrors(err)
		m.Site.Render(w, r, web.Status(code), "account/login", loginPage{}, form)
		return
	}
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	if u.Role == auth.RoleCitizen && !u.EmailVerified {
		if aerr := m.record(r, db.From(ctx), 0, "login.failure", u.ID, "unverified"); aerr != nil {
			m.Site.Error(w, r, aerr)
			return
		}
		form.SetErrors(errs.E(errs.Forbidden, "account.login.unverified"))
		m.Site.Render(w, r, http.StatusForbidden, "account/login", loginPage{Unverified: true}, form)
		return
	}
	var token string
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		// A session that existed before sign-in ends, so a token planted in
		// the browser beforehand cannot ride along (session fixation).
		if c, cerr := r.Cookie(web.SessionCookie); cerr == nil && c.Value != "" {
			if err := m.Auth.EndSession(ctx, c.Value); err != nil {
				return err
			}
		}
		var err error
		if token, err = m.Auth.StartSession(ctx, u.ID); err != nil {
			return err
		}
		return m.record(r, tx, u.ID, "login.success", u.ID, "")
	})
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.Site.SetSessionCookie(w, r, token)
	home, err := m.homeOf(r, u)
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	web.Redirect(w, r, web.SafeNext(r.PostFormValue("next"), home))
}

// homeOf is where u lands after sign-in without a ?next=: the staff area
// for those who work for the town, the own account for everybody else.
func (m *Module) homeOf(r *http.Request, u auth.User) (string, error) {
	ms, err := m.Auth.MembershipsOf(r.Context(), u.ID)
	if err != nil {
		return "", err
	}
	p := &auth.Principal{User: &u, Memberships: ms}
	if p.IsStaff() {
		return "/staff", nil
	}
	return "/account", nil
}

// logout ends this browser's session. It is harmless without one, so an
// expired session does not turn "sign out" into an error page.
func (m *Module) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
		if err := m.Auth.EndSession(r.Context(), c.Value); err != nil {
			m.Site.Error(w, r, err)
			return
		}
	}
	m.Site.ClearSessionCookie(w, r)
	m.Site.Flash(w, r, "account.logout.done")
	web.Redirect(w, r, "/")
}
