package staff

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Member is an account in a department's team.
type Member struct {
	User auth.User
	Lead bool
}

// team returns the members of a department, leads first, then by name.
func (m *Module) team(ctx context.Context, departmentID int64) ([]Member, error) {
	ms, err := m.deps.Auth.MembersOf(ctx, departmentID)
	if err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(ms))
	for _, ms := range ms {
		u, err := m.deps.Auth.UserByID(ctx, ms.UserID)
		if err != nil {
			return nil, fmt.Errorf("team of department %d: %w", departmentID, err)
		}
		out = append(out, Member{User: u, Lead: ms.Lead})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Lead != out[j].Lead {
			return out[i].Lead
		}
		return strings.ToLower(displayName(out[i].User)) < strings.ToLower(displayName(out[j].User))
	})
	return out, nil
}

func displayName(u auth.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// memberAdd is a request to put an account into a department.
type memberAdd struct {
	DepartmentID int64
	Email        string
	Lead         bool
	// ByAdmin allows setting the lead flag and changing an existing
	// membership; a lead may only add people who are not members yet.
	ByAdmin bool
}

// addMember puts the staff account with the given address into a
// department, or (for admins) changes its lead flag.
func (m *Module) addMember(ctx context.Context, a memberAdd, by actor) error {
	email := auth.NormalizeEmail(a.Email)
	var f errs.Fields
	switch {
	case email == "":
		f.Add("member_email", "field.required")
	case !auth.ValidEmail(email):
		f.Add("member_email", "field.email.invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	// Checks, change and audit entry in one transaction: the membership
	// cannot change between the check and the change.
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		dept, err := m.deps.Auth.DepartmentByID(ctx, a.DepartmentID)
		if err != nil {
			return err
		}
		u, err := m.deps.Auth.UserByEmail(ctx, email)
		if errs.CodeOf(err) == errs.NotFound || (err == nil && u.Role == auth.RoleCitizen) {
			// Citizens and unknown addresses get the same answer: leads need
			// not learn who has a citizen account.
			f.Add("member_email", "staff.member.no_staff_account")
			return f.Err()
		}
		if err != nil {
			return err
		}
		current, err := m.deps.Auth.MembersOf(ctx, dept.ID)
		if err != nil {
			return err
		}
		action := "membership.add"
		for _, c := range current {
			if c.UserID != u.ID {
				continue
			}
			if !a.ByAdmin {
				f.Add("member_email", "staff.member.already")
				return f.Err()
			}
			action = "membership.update"
		}
		lead := a.Lead && a.ByAdmin
		if err := m.deps.Auth.SetMembership(ctx, u.ID, dept.ID, lead); err != nil {
			return err
		}
		return m.deps.Audit.Record(ctx, tx, by.entry(action, "user", u.ID, membershipDetail(dept, lead)))
	})
}

// removeMember takes an account out of a department. A lead may remove
// staff but not another lead (or themselves as lead): leads are appointed by
// admins.
func (m *Module) removeMember(ctx context.Context, departmentID, userID int64, byAdmin bool, by actor) error {
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		dept, err := m.deps.Auth.DepartmentByID(ctx, departmentID)
		if err != nil {
			return err
		}
		current, err := m.deps.Auth.MembersOf(ctx, dept.ID)
		if err != nil {
			return err
		}
		var found *auth.Membership
		for i := range current {
			if current[i].UserID == userID {
				found = &current[i]
			}
		}
		if found == nil {
			return errs.E(errs.NotFound, "error.not_found")
		}
		if found.Lead && !byAdmin {
			return errs.E(errs.Forbidden, "staff.member.lead_protected")
		}
		if err := m.deps.Auth.RemoveMembership(ctx, userID, dept.ID); err != nil {
			return fmt.Errorf("remove member %d of department %d: %w", userID, dept.ID, err)
		}
		return m.deps.Audit.Record(ctx, tx, by.entry("membership.remove", "user", userID, membershipDetail(dept, found.Lead)))
	})
}

func membershipDetail(d auth.Department, lead bool) string {
	s := fmt.Sprintf("department %d (%s)", d.ID, d.Slug)
	if lead {
		s += ", lead"
	}
	return s
}
