package staff

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// userListLimit bounds the account list; the search narrows it.
const userListLimit = 100

type usersView struct {
	Users []auth.User
	// More is true when the list was cut at the limit.
	More  bool
	Limit int
}

func (m *Module) adminUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	role := auth.Role(q.Get("role"))
	form := web.NewForm(q)
	if role != "" && !auth.ValidRole(role) {
		role = ""
		form.Values.Del("role")
	}
	list, err := listAccounts(r.Context(), accountFilter{Search: q.Get("q"), Role: role, Limit: userListLimit + 1})
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := usersView{Users: list, Limit: userListLimit}
	if len(list) > userListLimit {
		v.Users, v.More = list[:userListLimit], true
	}
	m.site.Render(w, r, http.StatusOK, "staff/admin_users", v, form)
}

// newUserView is the form for a new staff account.
type newUserView struct {
	Departments []web.Option
}

func (m *Module) departmentOptions(r *http.Request, form *web.Form) ([]web.Option, error) {
	list, err := m.deps.Auth.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []web.Option{{Value: "", Label: m.site.T(r, "staff.user.department.none"), Selected: form.Get("department") == ""}}
	for _, d := range list {
		v := strconv.FormatInt(d.ID, 10)
		opts = append(opts, web.Option{Value: v, Label: d.Name, Selected: form.Get("department") == v})
	}
	return opts, nil
}

func (m *Module) adminUserNew(w http.ResponseWriter, r *http.Request) {
	form := web.NewForm(nil)
	form.Values.Set("role", string(auth.RoleStaff))
	m.renderNewUser(w, r, http.StatusOK, form)
}

func (m *Module) renderNewUser(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	opts, err := m.departmentOptions(r, form)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Render(w, r, status, "staff/admin_user_new", newUserView{Departments: opts}, form)
}

func (m *Module) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	n := newAccount{
		Name:  r.PostFormValue("name"),
		Email: r.PostFormValue("email"),
		Role:  auth.Role(r.PostFormValue("role")),
		Lead:  r.PostFormValue("lead") != "",
	}
	var f errs.Fields
	if s := r.PostFormValue("department"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			f.Add("department", "field.choice.invalid")
		}
		n.DepartmentID = id
	}
	err := f.Err()
	var u auth.User
	if err == nil {
		u, err = m.createAccount(r.Context(), n, web.Lang(r), actorOf(r))
	}
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderNewUser(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.user.created")
	web.Redirect(w, r, fmt.Sprintf("/admin/users/%d", u.ID))
}

// userView is the admin's page of one account.
type userView struct {
	User        auth.User
	Memberships []auth.Membership
	Self        bool
}

func (m *Module) adminUser(w http.ResponseWriter, r *http.Request) {
	m.renderUser(w, r, http.StatusOK, nil, true)
}

// renderUser shows an account's page. Showing it to an admin is recorded,
// since it shows personal data; re-showing a failed form is not a new view.
func (m *Module) renderUser(w http.ResponseWriter, r *http.Request, status int, form *web.Form, audited bool) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ctx := r.Context()
	u, err := m.deps.Auth.UserByID(ctx, id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ms, err := m.deps.Auth.MembershipsOf(ctx, id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	by := actorOf(r)
	if audited {
		if err := m.deps.Audit.Record(ctx, db.From(ctx), by.entry("user.view", "user", id, "")); err != nil {
			m.site.Error(w, r, err)
			return
		}
	}
	if form == nil {
		form = web.NewForm(nil)
		form.Values.Set("name", u.Name)
		form.Values.Set("role", string(u.Role))
		if u.Disabled {
			form.Values.Set("disabled", "on")
		}
	}
	m.site.Render(w, r, status, "staff/admin_user", userView{User: u, Memberships: ms, Self: id == by.ID}, form)
}

func (m *Module) adminUserSave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	c := accountUpdate{
		Name:     r.PostFormValue("name"),
		Role:     auth.Role(r.PostFormValue("role")),
		Disabled: r.PostFormValue("disabled") != "",
	}
	err = m.updateAccount(r.Context(), id, c, actorOf(r))
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderUser(w, r, http.StatusUnprocessableEntity, form, false)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.user.saved")
	web.Redirect(w, r, fmt.Sprintf("/admin/users/%d", id))
}

func (m *Module) adminUserInvite(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ctx := r.Context()
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		u, err := m.deps.Auth.UserByID(db.WithTx(ctx, tx), id)
		if err != nil {
			return err
		}
		return m.invite(ctx, tx, u, web.Lang(r), actorOf(r))
	})
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.user.invited")
	web.Redirect(w, r, fmt.Sprintf("/admin/users/%d", id))
}
