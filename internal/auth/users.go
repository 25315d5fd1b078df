package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Service holds the settings of accounts and sessions. Its methods take the
// town's database from the context, and join the transaction the context
// carries (db.WithTx): a caller that audits a change runs both in one
// transaction, so neither is stored without the other.
type Service struct {
	Clock    clock.Clock
	Password PasswordParams
	Sessions SessionPolicy
	Throttle ThrottlePolicy
	// Salt is where password salts come from; nil means crypto/rand.
	Salt io.Reader
}

// NewUser is what it takes to create an account.
type NewUser struct {
	Email         string
	Name          string
	Password      string
	Role          Role
	EmailVerified bool
	Lang          string
	// Hash, when set, is stored instead of hashing Password: it lets a
	// caller hash before opening its transaction (see PasswordHash).
	Hash PasswordHash
}

// NormalizeEmail trims and lower-cases an address; addresses are compared
// case-insensitively.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a plain address without a display name.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// Validate checks a new account and returns field errors.
func (n NewUser) Validate() error {
	var f errs.Fields
	if !ValidEmail(NormalizeEmail(n.Email)) {
		f.Add("email", "field.email.invalid")
	}
	if len(n.Name) > 200 {
		f.Add("name", "field.too_long", 200)
	}
	// A given hash was checked by HashPassword.
	if n.Hash.IsZero() {
		checkPassword(&f, n.Password)
	}
	if !ValidRole(n.Role) {
		f.Add("role", "field.role.invalid")
	}
	return f.Err()
}

// CreateUser stores a new account. A taken e-mail address is a field error.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if n.Role == "" {
		n.Role = RoleCitizen
	}
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	hash := n.Hash
	if hash.IsZero() {
		var err error
		if hash, err = s.HashPassword(n.Password); err != nil {
			return User{}, err
		}
	}
	now := s.Clock.Now()
	u := User{Email: n.Email, Name: n.Name, Role: n.Role, EmailVerified: n.EmailVerified, Lang: n.Lang, CreatedAt: now}
	// ON CONFLICT instead of a unique violation: a failed statement would
	// abort a caller's PostgreSQL transaction, and registration goes on in it
	// when the address is taken.
	err := querier(ctx).QueryRow(ctx, `INSERT INTO users (email, name, password_hash, role, email_verified, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id`,
		u.Email, u.Name, hash.phc, string(u.Role), u.EmailVerified, u.Lang, now, now).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) || db.IsUniqueViolation(err) {
		var f errs.Fields
		f.Add("email", "field.email.taken")
		return User{}, f.Err()
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

const userColumns = "id, email, name, role, email_verified, disabled, lang, created_at"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.EmailVerified, &u.Disabled, &u.Lang, &u.CreatedAt)
	u.Role = Role(role)
	return u, err
}

// UserByID returns an account or a NotFound error.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(querier(ctx).QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errs.E(errs.NotFound, "error.not_found")
	}
	return u, err
}

// UserByEmail returns an account or a NotFound error.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(querier(ctx).QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", NormalizeEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errs.E(errs.NotFound, "error.not_found")
	}
	return u, err
}

// ListUsers returns accounts ordered by e-mail, optionally filtered by a
// search text in name or e-mail.
func (s *Service) ListUsers(ctx context.Context, search string, limit int) ([]User, error) {
	q := "SELECT " + userColumns + " FROM users"
	var args []any
	if search = strings.TrimSpace(search); search != "" {
		q += " WHERE lower(email) LIKE ? OR lower(name) LIKE ?"
		like := "%" + strings.ToLower(search) + "%"
		args = append(args, like, like)
	}
	q += " ORDER BY email LIMIT ?"
	args = append(args, limit)
	rows, err := querier(ctx).Query(ctx, q, args...)
	out, err := db.Collect(rows, err, scanUser)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// UpdateUser changes name, role and the disabled flag of an account.
// Disabling an account ends its sessions.
func (s *Service) UpdateUser(ctx context.Context, id int64, name string, role Role, disabled bool) error {
	var f errs.Fields
	if len(name) > 200 {
		f.Add("name", "field.too_long", 200)
	}
	if !ValidRole(role) {
		f.Add("role", "field.role.invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.InTxFrom(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET name = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?",
			strings.TrimSpace(name), string(role), disabled, s.Clock.Now(), id)
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "error.not_found")
		}
		if disabled {
			_, err = tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		}
		return err
	})
}

// SetLang stores an account's preferred language.
func (s *Service) SetLang(ctx context.Context, id int64, lang string) error {
	_, err := querier(ctx).Exec(ctx, "UPDATE users SET lang = ? WHERE id = ?", lang, id)
	return err
}

// MarkEmailVerified records that the account's address was confirmed.
func (s *Service) MarkEmailVerified(ctx context.Context, id int64) error {
	_, err := querier(ctx).Exec(ctx, "UPDATE users SET email_verified = TRUE, updated_at = ? WHERE id = ?", s.Clock.Now(), id)
	return err
}

func (s *Service) passwordHash(ctx context.Context, email string) (User, string, error) {
	var hash string
	row := querier(ctx).QueryRow(ctx, "SELECT "+userColumns+", password_hash FROM users WHERE email = ?", NormalizeEmail(email))
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.EmailVerified, &u.Disabled, &u.Lang, &u.CreatedAt, &hash)
	u.Role = Role(role)
	return u, hash, err
}
