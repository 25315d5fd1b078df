package staff

import (
	"fmt"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// departmentView is the staff area's page of one department.
type departmentView struct {
	Department auth.Department
	Team       []Member
	// CanManage is true for the department's lead and admins.
	CanManage bool
	Self      int64
}

func (m *Module) department(w http.ResponseWriter, r *http.Request) {
	m.renderDepartment(w, r, http.StatusOK, nil)
}

// renderDepartment shows the department page; form carries a failed
// add-member attempt.
func (m *Module) renderDepartment(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
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
	p := web.PrincipalOf(r)
	v := departmentView{Department: d, Team: team, CanManage: p.IsAdmin() || p.LeadOf(id), Self: p.User.ID}
	m.site.Render(w, r, status, "staff/department", v, form)
}

func (m *Module) leadAddMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	err = m.addMember(r.Context(), memberAdd{DepartmentID: id, Email: r.PostFormValue("member_email")}, actorOf(r))
	if errs.CodeOf(err) == errs.Invalid {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderDepartment(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.member.added")
	web.Redirect(w, r, fmt.Sprintf("/staff/departments/%d", id))
}

func (m *Module) leadRemoveMember(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	userID, err := pathID(r, "user")
	if err == nil {
		err = m.removeMember(r.Context(), id, userID, web.PrincipalOf(r).IsAdmin(), actorOf(r))
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "staff.member.removed")
	web.Redirect(w, r, fmt.Sprintf("/staff/departments/%d", id))
}
