package cases

import (
	"slices"

	"github.com/offenes-rathaus/rathaus/internal/auth"
)

// Actor is who works on a case: a staff member (with the departments they
// belong to) or an admin, acting from IP.
type Actor struct {
	UserID int64
	IP     string
	Admin  bool
	// Departments are the departments the actor is staff of.
	Departments []int64
	// System marks jobs and the command line: allowed everything.
	System bool
}

// StaffActor makes the Actor of a signed-in principal acting from ip
// (web.ClientIP(r)).
func StaffActor(p *auth.Principal, ip string) Actor {
	a := Actor{IP: ip}
	if !p.SignedIn() {
		return a
	}
	a.UserID = p.User.ID
	a.Admin = p.IsAdmin()
	if p.User.Role != auth.RoleCitizen {
		for _, m := range p.Memberships {
			a.Departments = append(a.Departments, m.DepartmentID)
		}
	}
	return a
}

// SystemActor acts for jobs and the command line.
var SystemActor = Actor{System: true}

// MayWork reports whether the actor may see and work on cases of
// department dept: its staff, admins and the system.
func (a Actor) MayWork(dept int64) bool {
	return a.System || a.Admin || slices.Contains(a.Departments, dept)
}
