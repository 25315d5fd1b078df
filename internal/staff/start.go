package staff

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// startView is the staff start page: admin tasks for admins, and the
// departments the person works in, with the team where they lead.
type startView struct {
	Admin       bool
	Departments []departmentCard
}

type departmentCard struct {
	Department auth.Department
	Lead       bool
	// Team is filled for departments the person leads.
	Team []Member
}

func (m *Module) start(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalOf(r)
	v := startView{Admin: p.IsAdmin()}
	for _, ms := range p.Memberships {
		c := departmentCard{Department: ms.Department, Lead: ms.Lead}
		if ms.Lead {
			team, err := m.team(r.Context(), ms.DepartmentID)
			if err != nil {
				m.site.Error(w, r, err)
				return
			}
			c.Team = team
		}
		v.Departments = append(v.Departments, c)
	}
	m.site.Render(w, r, http.StatusOK, "staff/start", v, nil)
}
