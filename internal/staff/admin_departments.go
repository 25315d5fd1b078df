package staff

import (
	"fmt"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) adminDepartments(w http.ResponseWriter, r *http.Request) {
	list, err := m.deps.Auth.Departments(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Render(w, r, http.StatusOK, "staff/admin_departments", list, nil)
}

// departmentForm holds a department's fields as the form shows them.
func departmentForm(d auth.Department) *web.Form {
	f := web.NewForm(nil)
	f.Values.Set("name", d.Name)
	f.Values.Set("slug", d.Slug)
	f.Values.Set("email", d.Email)
	f.Values.Set("description", d.Description)
	return f
}

func departmentFromForm(r *http.Request) auth.Department {
	return auth.Department{
		Name:        r.PostFormValue("name"),
		Slug:        r.PostFormValue("slug"),
		Email:       r.PostFormValue("email"),
		Description: r.PostFormValue("description"),
	}
}

func (m *Module) adminDepartmentNew(w http.ResponseWriter, r *http.Request) {
	m.site.Render(w, r, http.StatusOK, "staff/admin_department_new", nil, nil)
}

func (m *Module) adminDepartmentCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d auth.Department
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = m.deps.Auth.SaveDepartment(db.WithTx(ctx, tx), departmentFromForm(r)); err != nil {
			return err
		}
		return m.deps.Audit.Record(ctx, tx, actorOf(r).entry("department.create", "department", d.ID, d.Slug))
	})
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.site.Render(w, r, http.StatusUnprocessableEntity, "staff/admin_department_new", nil, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.department.created")
	web.Redirect(w, r, fmt.Sprintf("/admin/departments/%d", d.ID))
}

// adminDepartmentView is the admin's page of one department.
type adminDepartmentView struct {
	Department auth.Department
	Team       []Member
}

func (m *Module) adminDepartmentEdit(w http.ResponseWriter, r *http.Request) {
	m.renderAdminDepartment(w, r, http.StatusOK, nil)
}

// renderAdminDepartment shows the department's edit page. form carries a
// failed post (department fields or the add-member form); fields it lacks
// are taken from the stored department.
func (m *Module) renderAdminDepartment(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d, err := m.deps.Auth.DepartmentByID(r.Context(), id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	team, err := m.team(r.Context(), id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	page := departmentForm(d)
	if form != nil {
		for k, vs := range form.Values {
			page.Values[k] = vs
		}
		page.Errors, page.Summary = form.Errors, form.Summary
	}
	m.site.Render(w, r, status, "staff/admin_department", adminDepartmentView{Department: d, Team: team}, page)
}

func (m *Module) adminDepartmentSave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ctx := r.Context()
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		old, err := m.deps.Auth.DepartmentByID(ctx, id)
		if err != nil {
			return err
		}
		d := departmentFromForm(r)
		d.ID = id
		if d, err = m.deps.Auth.SaveDepartment(ctx, d); err != nil {
			return err
		}
		return m.deps.Audit.Record(ctx, tx, actorOf(r).entry("department.update", "department", id, departmentChanges(old, d)))
	})
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderAdminDepartment(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.department.saved")
	web.Redirect(w, r, fmt.Sprintf("/admin/departments/%d", id))
}

// departmentChanges names the changed fields for the audit log.
func departmentChanges(old, d auth.Department) string {
	s := ""
	add := func(field, from, to string) {
		if from == to {
			return
		}
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s: %q → %q", field, from, to)
	}
	add("name", old.Name, d.Name)
	add("slug", old.Slug, d.Slug)
	add("email", old.Email, d.Email)
	if old.Description != d.Description {
		if s != "" {
			s += "; "
		}
		s += "description changed"
	}
	return s
}

func (m *Module) adminAddMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	err = m.addMember(r.Context(), memberAdd{DepartmentID: id, Email: r.PostFormValue("member_email"),
		Lead: r.PostFormValue("member_lead") != "", ByAdmin: true}, actorOf(r))
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderAdminDepartment(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.member.saved")
	web.Redirect(w, r, web.SafeNext(r.PostFormValue("next"), fmt.Sprintf("/admin/departments/%d", id)))
}

func (m *Module) adminRemoveMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	userID, err := pathID(r, "user")
	if err == nil {
		err = m.removeMember(r.Context(), id, userID, true, actorOf(r))
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.member.removed")
	web.Redirect(w, r, web.SafeNext(r.PostFormValue("next"), fmt.Sprintf("/admin/departments/%d", id)))
}
