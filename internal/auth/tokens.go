package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Purposes of one-time tokens sent by e-mail.
const (
	PurposeVerify = "verify"
	PurposeReset  = "reset"
)

// IssueToken creates a one-time token for userID that expires after ttl.
// Earlier unused tokens of the same purpose stop working.
func (s *Service) IssueToken(ctx context.Context, userID int64, purpose string, ttl time.Duration) (string, error) {
	token := NewToken()
	now := s.Clock.Now()
	err := db.InTxFrom(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM account_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL", userID, purpose); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO account_tokens (id, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)",
			HashToken(token), userID, purpose, now.Add(ttl))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("issue %s token: %w", purpose, err)
	}
	return token, nil
}

// ConsumeToken marks a token used and returns its account. Unknown, used or
// expired tokens give an Invalid error.
func (s *Service) ConsumeToken(ctx context.Context, token, purpose string) (int64, error) {
	var userID int64
	now := s.Clock.Now()
	err := db.InTxFrom(ctx, func(tx *db.Tx) error {
		var expires time.Time
		var used sql.NullTime
		err := tx.QueryRow(ctx, "SELECT user_id, expires_at, used_at FROM account_tokens WHERE id = ? AND purpose = ?",
			HashToken(token), purpose).Scan(&userID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || !now.Before(expires))) {
			return errs.E(errs.Invalid, "token.invalid")
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE account_tokens SET used_at = ? WHERE id = ?", now, HashToken(token))
		return err
	})
	return userID, err
}
