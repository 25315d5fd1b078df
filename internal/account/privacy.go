package account

import (
	"fmt"
	"net/http"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Export is the data export of one account (DSGVO Art. 15 and 20): what the
// town hall stores about the person, in a machine-readable form.
type Export struct {
	ExportedAt     time.Time          `json:"exported_at"`
	Account        ExportAccount      `json:"account"`
	Memberships    []ExportMembership `json:"memberships"`
	ActiveSessions int                `json:"active_sessions"`
	// Modules holds other modules' data, by module.
	Modules map[string]any `json:"modules,omitempty"`
}

// ExportAccount are the account's own fields; never the password hash.
type ExportAccount struct {
	ID            int64     `json:"id"`
	Email         string    `json:"email"`
	Name          string    `json:"name"`
	Role          string    `json:"role"`
	EmailVerified bool      `json:"email_verified"`
	Lang          string    `json:"lang"`
	CreatedAt     time.Time `json:"created_at"`
}

// ExportMembership is one department the account works for.
type ExportMembership struct {
	Department string `json:"department"`
	Slug       string `json:"slug"`
	Lead       bool   `json:"lead"`
}

// export sends the signed-in person's data as a JSON download.
func (m *Module) export(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := web.PrincipalOf(r)
	u := p.User
	n, err := m.Auth.CountSessions(ctx, u.ID)
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	out := Export{
		ExportedAt: m.Auth.Clock.Now(),
		Account: ExportAccount{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role),
			EmailVerified: u.EmailVerified, Lang: u.Lang, CreatedAt: u.CreatedAt},
		Memberships:    []ExportMembership{},
		ActiveSessions: n,
	}
	for _, ms := range p.Memberships {
		out.Memberships = append(out.Memberships, ExportMembership{Department: ms.Department.Name, Slug: ms.Department.Slug, Lead: ms.Lead})
	}
	for name, exp := range m.Exporters {
		data, err := exp(ctx, *u, web.ClientIP(r))
		if err != nil {
			m.Site.Error(w, r, fmt.Errorf("export %s: %w", name, err))
			return
		}
		if out.Modules == nil {
			out.Modules = map[string]any{}
		}
		out.Modules[name] = data
	}
	if err := m.record(r, db.From(ctx), u.ID, "user.export", u.ID, ""); err != nil {
		m.Site.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="rathaus-account-`+itoa(u.ID)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	web.JSON(w, http.StatusOK, out)
}

// deleteAccount erases a citizen's account after the password is given
// again (DSGVO Art. 17).
func (m *Module) deleteAccount(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := web.PrincipalOf(r).User
	if u.Role != auth.RoleCitizen {
		m.Site.Error(w, r, errs.E(errs.Forbidden, "account.delete.staff"))
		return
	}
	password := r.PostFormValue("delete_password")
	var f errs.Fields
	checkRequired(&f, "delete_password", password)
	if err := f.Err(); err != nil {
		m.profileError(w, r, err)
		return
	}
	if err := m.checkOwnPassword(r, u, "delete_password", password); err != nil {
		m.profileError(w, r, err)
		return
	}
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		for name, before := range m.BeforeDelete {
			if err := before(db.WithTx(ctx, tx), tx, *u, web.ClientIP(r)); err != nil {
				return fmt.Errorf("delete account: %s: %w", name, err)
			}
		}
		if err := deleteUser(ctx, tx, *u); err != nil {
			return err
		}
		return m.record(r, tx, u.ID, "user.delete", u.ID, "")
	})
	if err != nil {
		m.Site.Error(w, r, err)
		return
	}
	m.Site.ClearSessionCookie(w, r)
	m.Site.Flash(w, r, "account.delete.done")
	web.Redirect(w, r, "/")
}
