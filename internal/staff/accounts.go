package staff

import (
	"context"
	"fmt"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// accountFilter narrows the admin's account list.
type accountFilter struct {
	Search string
	Role   auth.Role
	Limit  int
}

// listAccounts returns accounts ordered by e-mail. auth.ListUsers has no role
// filter, and filtering after its LIMIT would miss accounts, so the list is
// read here.
func listAccounts(ctx context.Context, f accountFilter) ([]auth.User, error) {
	q := "SELECT id, email, name, role, email_verified, disabled, lang, created_at FROM users"
	var where []string
	var args []any
	if s := strings.ToLower(strings.TrimSpace(f.Search)); s != "" {
		like := "%" + likeEscaper.Replace(s) + "%"
		where = append(where, `(lower(email) LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if f.Role != "" {
		where = append(where, "role = ?")
		args = append(args, string(f.Role))
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY email LIMIT ?"
	args = append(args, f.Limit)
	rows, err := db.From(ctx).Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		var u auth.User
		var role string
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &role, &u.EmailVerified, &u.Disabled, &u.Lang, &u.CreatedAt); err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		u.Role = auth.Role(role)
		out = append(out, u)
	}
	return out, rows.Err()
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// newAccount is what an admin enters to create a staff or admin account.
type newAccount struct {
	Name, Email  string
	Role         auth.Role
	DepartmentID int64
	Lead         bool
}

const maxName = 200

func (n newAccount) validate(ctx context.Context, a *auth.Service) error {
	var f errs.Fields
	if strings.TrimSpace(n.Name) == "" {
		f.Add("name", "field.required")
	} else if len([]rune(n.Name)) > maxName {
		f.Add("name", "field.too_long", maxName)
	}
	if n.Email == "" {
		f.Add("email", "field.required")
	} else if !auth.ValidEmail(n.Email) {
		f.Add("email", "field.email.invalid")
	}
	if n.Role != auth.RoleStaff && n.Role != auth.RoleAdmin {
		f.Add("role", "field.role.invalid")
	}
	switch {
	case n.DepartmentID == 0 && n.Role == auth.RoleStaff:
		// Staff without a department cannot use the staff area.
		f.Add("department", "staff.user.department_required")
	case n.DepartmentID != 0:
		if _, err := a.DepartmentByID(ctx, n.DepartmentID); errs.CodeOf(err) == errs.NotFound {
			f.Add("department", "field.choice.invalid")
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// createAccount makes a staff or admin account with an unknown random
// password, puts it into its department and sends the invitation to set a
// password.
func (m *Module) createAccount(ctx context.Context, n newAccount, lang string, by actor) (auth.User, error) {
	n.Email = auth.NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if err := n.validate(ctx, m.deps.Auth); err != nil {
		return auth.User{}, err
	}
	// The unknown random password is hashed before the transaction, which
	// would otherwise hold the town's one SQLite writer meanwhile.
	hash, err := m.deps.Auth.HashPassword(auth.NewToken())
	if err != nil {
		return auth.User{}, err
	}
	// The account, its department, the invitation and their audit entries
	// are stored together or not at all.
	var u auth.User
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		// The admin vouches for the official address; the invitation link
		// proves it again when the person sets a password.
		var err error
		u, err = m.deps.Auth.CreateUser(ctx, auth.NewUser{Email: n.Email, Name: n.Name, Hash: hash,
			Role: n.Role, EmailVerified: true})
		if err != nil {
			return err
		}
		if err := m.deps.Audit.Record(ctx, tx, by.entry("user.create", "user", u.ID, "role="+string(u.Role))); err != nil {
			return err
		}
		if n.DepartmentID != 0 {
			if err := m.deps.Auth.SetMembership(ctx, u.ID, n.DepartmentID, n.Lead); err != nil {
				return err
			}
			d, err := m.deps.Auth.DepartmentByID(ctx, n.DepartmentID)
			if err != nil {
				return err
			}
			if err := m.deps.Audit.Record(ctx, tx, by.entry("membership.add", "user", u.ID, membershipDetail(d, n.Lead))); err != nil {
				return err
			}
		}
		return m.invite(ctx, tx, u, lang, by)
	})
	return u, err
}

// accountUpdate is what an admin changes on an account.
type accountUpdate struct {
	Name     string
	Role     auth.Role
	Disabled bool
}

// updateAccount changes an account. Admins cannot take away their own admin
// role or disable themselves, so a town hall never locks out its last admin
// by accident.
func (m *Module) updateAccount(ctx context.Context, id int64, c accountUpdate, by actor) error {
	var f errs.Fields
	if len([]rune(c.Name)) > maxName {
		f.Add("name", "field.too_long", maxName)
	}
	if !auth.ValidRole(c.Role) {
		f.Add("role", "field.role.invalid")
	} else if id == by.ID && c.Role != auth.RoleAdmin {
		f.Add("role", "staff.user.self_demote")
	}
	if id == by.ID && c.Disabled {
		f.Add("disabled", "staff.user.self_disable")
	}
	// The old values are read in the transaction of the change, so the
	// audit entry describes exactly what this change did.
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		ctx := db.WithTx(ctx, tx)
		old, err := m.deps.Auth.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := m.deps.Auth.UpdateUser(ctx, id, c.Name, c.Role, c.Disabled); err != nil {
			return err
		}
		return m.deps.Audit.Record(ctx, tx, by.entry("user.update", "user", id, accountChanges(old, c)))
	})
}

func accountChanges(old auth.User, c accountUpdate) string {
	var parts []string
	if strings.TrimSpace(c.Name) != old.Name {
		parts = append(parts, fmt.Sprintf("name: %q → %q", old.Name, strings.TrimSpace(c.Name)))
	}
	if c.Role != old.Role {
		parts = append(parts, fmt.Sprintf("role: %s → %s", old.Role, c.Role))
	}
	if c.Disabled != old.Disabled {
		parts = append(parts, fmt.Sprintf("disabled: %t → %t", old.Disabled, c.Disabled))
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, "; ")
}
