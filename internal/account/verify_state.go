package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// verifyTokenState is what a verification link can still do.
type verifyTokenState int

const (
	tokenUnknown  verifyTokenState = iota // unknown, or used or expired for an unconfirmed address
	tokenUsable                           // confirms the address when sent
	tokenVerified                         // its account's address is confirmed already
)

// verifyTokenStateOf looks at a verification token without spending it.
// Once the address is confirmed (by this link, a newer one or a password
// reset) every link of it says so, used or expired: that is no secret to
// whoever holds the mail.
//
// TODO(auth): like deleteUser, this reads auth's tables until auth offers
// a look at a token.
func verifyTokenStateOf(ctx context.Context, q db.Querier, token string, now time.Time) (verifyTokenState, error) {
	var expires time.Time
	var used sql.NullTime
	var verified bool
	err := q.QueryRow(ctx, `SELECT t.expires_at, t.used_at, u.email_verified FROM account_tokens t
		JOIN users u ON u.id = t.user_id WHERE t.id = ? AND t.purpose = ?`,
		auth.HashToken(token), auth.PurposeVerify).Scan(&expires, &used, &verified)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return tokenUnknown, nil
	case err != nil:
		return tokenUnknown, fmt.Errorf("look at verify token: %w", err)
	case verified:
		return tokenVerified, nil
	case !used.Valid && now.Before(expires):
		return tokenUsable, nil
	}
	return tokenUnknown, nil
}
