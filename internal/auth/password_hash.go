package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// PasswordHash is a new password, checked and hashed by
// Service.HashPassword. Callers hash before they open a transaction: argon2id
// takes tens of milliseconds, and on SQLite an open transaction holds the one
// writer of the town for all of that time.
type PasswordHash struct{ phc string }

// IsZero reports whether h holds no hash.
func (h PasswordHash) IsZero() bool { return h.phc == "" }

// HashPassword checks password against the rules for new passwords (a
// field error on "password") and hashes it. It needs no database.
func (s *Service) HashPassword(password string) (PasswordHash, error) {
	var f errs.Fields
	checkPassword(&f, password)
	if err := f.Err(); err != nil {
		return PasswordHash{}, err
	}
	random := s.Salt
	if random == nil {
		random = rand.Reader
	}
	phc, err := hashPassword(password, s.Password, random)
	if err != nil {
		return PasswordHash{}, err
	}
	return PasswordHash{phc}, nil
}

// checkPassword applies the rules for new passwords.
func checkPassword(f *errs.Fields, password string) {
	if len([]rune(password)) < MinPasswordLength {
		f.Add("password", "field.password.too_short", MinPasswordLength)
	}
	if len(password) > 1024 {
		f.Add("password", "field.too_long", 1024)
	}
}

var errNoHash = errors.New("auth: password hash missing")

// SetPassword replaces an account's password and ends all its sessions, so
// a stolen session dies with the old password. Inside a transaction, use
// HashPassword first and SetPasswordHash.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	h, err := s.HashPassword(password)
	if err != nil {
		return err
	}
	return s.SetPasswordHash(ctx, userID, h)
}

// SetPasswordHash is SetPassword with the password hashed already.
func (s *Service) SetPasswordHash(ctx context.Context, userID int64, h PasswordHash) error {
	if h.IsZero() {
		return errNoHash
	}
	return db.InTxFrom(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", h.phc, s.Clock.Now(), userID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "error.not_found")
		}
		_, err = tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
		return err
	})
}
