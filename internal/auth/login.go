package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// ThrottlePolicy limits password guessing: after PerAccount failed sign-ins
// for one address, or PerIP from one address, within Window, further tries
// are refused until the window has passed.
type ThrottlePolicy struct {
	PerAccount int
	PerIP      int
	Window     time.Duration
}

// DefaultThrottle is used unless configured otherwise.
var DefaultThrottle = ThrottlePolicy{PerAccount: 5, PerIP: 30, Window: 15 * time.Minute}

// dummyHash is checked when an address is unknown, so answering takes as long
// as for a known one and does not reveal which addresses have accounts.
// It is made on first use, so commands that never sign anyone in do not pay
// for an argon2 hash at start.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password of anyone", DefaultPasswordParams)
	return h
})

// Authenticate checks e-mail and password. It returns an Unauthorized error
// for wrong credentials and a TooMany error while throttled; both say the
// same to the user whether or not the account exists.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (User, error) {
	email = NormalizeEmail(email)
	accountKey, ipKey := "account:"+email, "ip:"+ip
	now := s.Clock.Now()
	since := now.Add(-s.Throttle.Window)
	for _, k := range []struct {
		key   string
		limit int
	}{{accountKey, s.Throttle.PerAccount}, {ipKey, s.Throttle.PerIP}} {
		n, err := s.failures(ctx, k.key, since)
		if err != nil {
			return User{}, err
		}
		if n >= k.limit {
			return User{}, errs.E(errs.TooMany, "login.throttled", int(s.Throttle.Window.Minutes()))
		}
	}
	u, hash, err := s.passwordHash(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		hash = dummyHash()
	} else if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	ok, err := CheckPassword(password, hash)
	if err != nil && hash != "" {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	if !ok || u.ID == 0 || u.Disabled {
		if err := s.recordFailure(ctx, now, accountKey, ipKey); err != nil {
			return User{}, err
		}
		return User{}, errs.E(errs.Unauthorized, "login.failed")
	}
	if _, err := querier(ctx).Exec(ctx, "DELETE FROM login_failures WHERE key = ?", accountKey); err != nil {
		return User{}, fmt.Errorf("reset login failures: %w", err)
	}
	return u, nil
}

func (s *Service) failures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := querier(ctx).QueryRow(ctx, "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?", key, since).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	return n, nil
}

func (s *Service) recordFailure(ctx context.Context, now time.Time, keys ...string) error {
	return db.InTxFrom(ctx, func(tx *db.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", k, now); err != nil {
				return fmt.Errorf("record login failure: %w", err)
			}
		}
		return nil
	})
}
