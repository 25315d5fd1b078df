package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// start is the fixed time the store tests begin at.
var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// newService returns a service on a fresh database of engine e, with cheap
// password hashing, small throttle limits and a clock that only moves when told.
func newService(t testing.TB, e testkit.Engine) (context.Context, *auth.Service, *clock.Fixed) {
	t.Helper()
	d := testkit.NewDB(t, e, auth.Migrations)
	c := clock.NewFixed(start)
	s := &auth.Service{
		Clock:    c,
		Password: testkit.FastPasswords,
		Sessions: auth.SessionPolicy{Idle: time.Hour, Max: 12 * time.Hour},
		Throttle: auth.ThrottlePolicy{PerAccount: 3, PerIP: 5, Window: 15 * time.Minute},
	}
	return testkit.Context(t, d), s, c
}

// mustUser creates an account or fails the test.
func mustUser(t testing.TB, ctx context.Context, s *auth.Service, email string, role auth.Role) auth.User {
	t.Helper()
	u, err := s.CreateUser(ctx, auth.NewUser{Email: email, Password: "correct horse battery", Role: role, EmailVerified: true})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// fieldKeys returns field → message key of an Invalid error, failing the test
// for any other error.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Key
	}
	return out
}
