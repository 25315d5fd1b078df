package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// SessionPolicy bounds how long a session lives.
type SessionPolicy struct {
	// Idle ends a session after this long without a request.
	Idle time.Duration
	// Max ends a session this long after sign-in.
	Max time.Duration
}

// NewToken returns a random URL-safe token of 32 bytes.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what is stored for a token: its SHA-256.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StartSession creates a session for userID and returns the token for the
// cookie.
func (s *Service) StartSession(ctx context.Context, userID int64) (string, error) {
	token := NewToken()
	now := s.Clock.Now()
	_, err := querier(ctx).Exec(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		HashToken(token), userID, now, now, now.Add(s.Sessions.Max))
	if err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return token, nil
}

// touchEvery limits how often a session's last_seen_at is written, so a busy
// user does not cause a write per request.
const touchEvery = time.Minute

// principalQuery reads a session, its account and the account's
// departments in one round trip: one row per membership, or one row with
// NULL department columns for an account without any. It runs on every
// signed-in request.
const principalQuery = `SELECT s.last_seen_at, s.expires_at,
	u.id, u.email, u.name, u.role, u.email_verified, u.disabled, u.lang, u.created_at,
	m.department_id, m.lead, d.slug, d.name, d.email
	FROM sessions s
	JOIN users u ON u.id = s.user_id
	LEFT JOIN memberships m ON m.user_id = u.id
	LEFT JOIN departments d ON d.id = m.department_id
	WHERE s.id = ?
	ORDER BY d.name, d.id`

// Principal returns who holds the session token; Anonymous when the token is
// unknown, idle too long, past its maximum age, or its account is disabled.
func (s *Service) Principal(ctx context.Context, token string) (*Principal, error) {
	if token == "" {
		return Anonymous, nil
	}
	id := HashToken(token)
	q := querier(ctx)
	rows, err := q.Query(ctx, principalQuery, id)
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	defer rows.Close()
	var (
		u                 User
		lastSeen, expires time.Time
		ms                []Membership
		found             bool
	)
	for rows.Next() {
		var (
			role              string
			deptID            sql.NullInt64
			lead              sql.NullBool
			slug, name, email sql.NullString
		)
		if err := rows.Scan(&lastSeen, &expires, &u.ID, &u.Email, &u.Name, &role, &u.EmailVerified, &u.Disabled, &u.Lang, &u.CreatedAt,
			&deptID, &lead, &slug, &name, &email); err != nil {
			return nil, fmt.Errorf("load session: %w", err)
		}
		u.Role, found = Role(role), true
		if deptID.Valid {
			ms = append(ms, Membership{UserID: u.ID, DepartmentID: deptID.Int64, Lead: lead.Bool,
				Department: Department{ID: deptID.Int64, Slug: slug.String, Name: name.String, Email: email.String}})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	rows.Close()
	if !found {
		return Anonymous, nil
	}
	now := s.Clock.Now()
	if !now.Before(expires) || now.Sub(lastSeen) >= s.Sessions.Idle {
		if _, err := q.Exec(ctx, "DELETE FROM sessions WHERE id = ?", id); err != nil {
			return nil, fmt.Errorf("end session: %w", err)
		}
		return Anonymous, nil
	}
	if u.Disabled {
		return Anonymous, nil
	}
	if now.Sub(lastSeen) >= touchEvery {
		if _, err := q.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", now, id); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return &Principal{User: &u, Memberships: ms, SessionID: id}, nil
}

// EndSession signs out one session.
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := querier(ctx).Exec(ctx, "DELETE FROM sessions WHERE id = ?", HashToken(token))
	return err
}

// EndAllSessions signs the account out everywhere and returns how many
// sessions ended.
func (s *Service) EndAllSessions(ctx context.Context, userID int64) (int64, error) {
	res, err := querier(ctx).Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	return res.RowsAffected()
}

// CountSessions returns how many live sessions an account has.
func (s *Service) CountSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	now := s.Clock.Now()
	err := querier(ctx).QueryRow(ctx, "SELECT count(*) FROM sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at > ?",
		userID, now, now.Add(-s.Sessions.Idle)).Scan(&n)
	return n, err
}

// PurgeExpired deletes ended sessions, old one-time tokens, old login
// failures and rate events. A background job calls it.
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.Clock.Now()
	d := querier(ctx)
	if _, err := d.Exec(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", now, now.Add(-s.Sessions.Idle)); err != nil {
		return fmt.Errorf("purge sessions: %w", err)
	}
	if _, err := d.Exec(ctx, "DELETE FROM account_tokens WHERE expires_at <= ?", now); err != nil {
		return fmt.Errorf("purge tokens: %w", err)
	}
	if _, err := d.Exec(ctx, "DELETE FROM login_failures WHERE at <= ?", now.Add(-s.Throttle.Window)); err != nil {
		return fmt.Errorf("purge login failures: %w", err)
	}
	if _, err := d.Exec(ctx, "DELETE FROM rate_events WHERE at <= ?", now.Add(-maxRateWindow)); err != nil {
		return fmt.Errorf("purge rate events: %w", err)
	}
	return nil
}
