package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks a department's fields.
func (d Department) Validate() error {
	var f errs.Fields
	if strings.TrimSpace(d.Name) == "" {
		f.Add("name", "field.required")
	} else if len(d.Name) > 200 {
		f.Add("name", "field.too_long", 200)
	}
	if !slugPattern.MatchString(d.Slug) || len(d.Slug) > 60 {
		f.Add("slug", "field.slug.invalid")
	}
	if d.Email != "" && !ValidEmail(d.Email) {
		f.Add("email", "field.email.invalid")
	}
	if len(d.Description) > 2000 {
		f.Add("description", "field.too_long", 2000)
	}
	return f.Err()
}

// SaveDepartment creates (ID 0) or updates a department.
func (s *Service) SaveDepartment(ctx context.Context, d Department) (Department, error) {
	d.Name, d.Slug, d.Email = strings.TrimSpace(d.Name), strings.TrimSpace(d.Slug), NormalizeEmail(d.Email)
	if err := d.Validate(); err != nil {
		return d, err
	}
	var err error
	q := querier(ctx)
	if d.ID == 0 {
		// ON CONFLICT, so a taken slug does not abort a caller's PostgreSQL
		// transaction.
		err = q.QueryRow(ctx, `INSERT INTO departments (slug, name, email, description, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			d.Slug, d.Name, d.Email, d.Description, s.Clock.Now()).Scan(&d.ID)
		if errors.Is(err, sql.ErrNoRows) {
			var f errs.Fields
			f.Add("slug", "field.slug.taken")
			return d, f.Err()
		}
	} else {
		var res sql.Result
		res, err = q.Exec(ctx, "UPDATE departments SET slug = ?, name = ?, email = ?, description = ? WHERE id = ?",
			d.Slug, d.Name, d.Email, d.Description, d.ID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return d, errs.E(errs.NotFound, "error.not_found")
			}
		}
	}
	if db.IsUniqueViolation(err) {
		var f errs.Fields
		f.Add("slug", "field.slug.taken")
		return d, f.Err()
	}
	if err != nil {
		return d, fmt.Errorf("save department: %w", err)
	}
	return d, nil
}

// Departments lists all departments by name.
func (s *Service) Departments(ctx context.Context) ([]Department, error) {
	rows, err := querier(ctx).Query(ctx, "SELECT id, slug, name, email, description FROM departments ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list departments: %w", err)
	}
	defer rows.Close()
	var out []Department
	for rows.Next() {
		var d Department
		if err := rows.Scan(&d.ID, &d.Slug, &d.Name, &d.Email, &d.Description); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DepartmentByID returns one department or a NotFound error.
func (s *Service) DepartmentByID(ctx context.Context, id int64) (Department, error) {
	var d Department
	err := querier(ctx).QueryRow(ctx, "SELECT id, slug, name, email, description FROM departments WHERE id = ?", id).
		Scan(&d.ID, &d.Slug, &d.Name, &d.Email, &d.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.E(errs.NotFound, "error.not_found")
	}
	return d, err
}

// DepartmentBySlug returns one department or a NotFound error.
func (s *Service) DepartmentBySlug(ctx context.Context, slug string) (Department, error) {
	var d Department
	err := querier(ctx).QueryRow(ctx, "SELECT id, slug, name, email, description FROM departments WHERE slug = ?", slug).
		Scan(&d.ID, &d.Slug, &d.Name, &d.Email, &d.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.E(errs.NotFound, "error.not_found")
	}
	return d, err
}

// SetMembership adds userID to a department, or changes the lead flag. Only
// staff accounts can be members.
func (s *Service) SetMembership(ctx context.Context, userID, departmentID int64, lead bool) error {
	// One transaction, so the account cannot become a citizen between the
	// check and the insert.
	return db.InTxFrom(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		u, err := s.UserByID(ctx, userID)
		if err != nil {
			return err
		}
		if u.Role == RoleCitizen {
			var f errs.Fields
			f.Add("user", "membership.citizen")
			return f.Err()
		}
		if _, err := s.DepartmentByID(ctx, departmentID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO memberships (user_id, department_id, lead) VALUES (?, ?, ?)
			ON CONFLICT (user_id, department_id) DO UPDATE SET lead = excluded.lead`, userID, departmentID, lead)
		if err != nil {
			return fmt.Errorf("set membership: %w", err)
		}
		return nil
	})
}

// RemoveMembership takes userID out of a department.
func (s *Service) RemoveMembership(ctx context.Context, userID, departmentID int64) error {
	_, err := querier(ctx).Exec(ctx, "DELETE FROM memberships WHERE user_id = ? AND department_id = ?", userID, departmentID)
	return err
}

// MembershipsOf returns the departments userID belongs to.
func (s *Service) MembershipsOf(ctx context.Context, userID int64) ([]Membership, error) {
	return s.memberships(ctx, "m.user_id = ?", userID)
}

// MembersOf returns the memberships of a department.
func (s *Service) MembersOf(ctx context.Context, departmentID int64) ([]Membership, error) {
	return s.memberships(ctx, "m.department_id = ?", departmentID)
}

func (s *Service) memberships(ctx context.Context, where string, arg int64) ([]Membership, error) {
	rows, err := querier(ctx).Query(ctx, `SELECT m.user_id, m.department_id, m.lead, d.slug, d.name, d.email
		FROM memberships m JOIN departments d ON d.id = m.department_id WHERE `+where+` ORDER BY d.name, m.user_id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.UserID, &m.DepartmentID, &m.Lead, &m.Department.Slug, &m.Department.Name, &m.Department.Email); err != nil {
			return nil, err
		}
		m.Department.ID = m.DepartmentID
		out = append(out, m)
	}
	return out, rows.Err()
}
