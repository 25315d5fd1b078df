// Package auth owns accounts, departments (Fachbereiche), memberships,
// sessions and the one permission check every route uses.
package auth

import (
	"embed"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Role is an account's kind. Department roles (staff, lead) come from
// memberships on top of it.
type Role string

// The account roles.
const (
	RoleCitizen Role = "citizen"
	RoleStaff   Role = "staff"
	RoleAdmin   Role = "admin"
)

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool { return r == RoleCitizen || r == RoleStaff || r == RoleAdmin }

// User is an account.
type User struct {
	ID            int64
	Email         string
	Name          string
	Role          Role
	EmailVerified bool
	Disabled      bool
	Lang          string
	CreatedAt     time.Time
}

// Department is a Fachbereich: an organisational unit that owns work.
type Department struct {
	ID          int64
	Slug        string
	Name        string
	Email       string
	Description string
}

// Membership ties a staff account to a department; Lead marks the
// department lead (Fachbereichsleitung).
type Membership struct {
	UserID       int64
	DepartmentID int64
	Lead         bool
	// Department is filled when memberships are loaded for a principal.
	Department Department
}

// Principal is who is making a request: nobody (nil User) or a signed-in
// account with its memberships.
type Principal struct {
	User        *User
	Memberships []Membership
	// SessionID is the stored hash of the session token, for sign-out.
	SessionID string
}

// Anonymous is the principal of a request without a session.
var Anonymous = &Principal{}

// SignedIn reports whether someone is signed in.
func (p *Principal) SignedIn() bool { return p != nil && p.User != nil }

// IsAdmin reports whether the principal administers the town hall.
func (p *Principal) IsAdmin() bool { return p.SignedIn() && p.User.Role == RoleAdmin }

// IsStaff reports whether the principal works for the town: staff with a
// department, or an admin.
func (p *Principal) IsStaff() bool {
	if !p.SignedIn() {
		return false
	}
	return p.User.Role == RoleAdmin || (p.User.Role == RoleStaff && len(p.Memberships) > 0)
}

// MemberOf reports whether the principal is staff of department id.
func (p *Principal) MemberOf(id int64) bool {
	if !p.SignedIn() || p.User.Role == RoleCitizen {
		return false
	}
	for _, m := range p.Memberships {
		if m.DepartmentID == id {
			return true
		}
	}
	return false
}

// LeadOf reports whether the principal leads department id.
func (p *Principal) LeadOf(id int64) bool {
	if !p.SignedIn() || p.User.Role == RoleCitizen {
		return false
	}
	for _, m := range p.Memberships {
		if m.DepartmentID == id && m.Lead {
			return true
		}
	}
	return false
}

// IsLead reports whether the principal leads any department.
func (p *Principal) IsLead() bool {
	if !p.SignedIn() || p.User.Role == RoleCitizen {
		return false
	}
	for _, m := range p.Memberships {
		if m.Lead {
			return true
		}
	}
	return false
}

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package.
var Migrations = db.Migrations{Name: "auth", FS: mustSub(migrationFS, "migrations")}
