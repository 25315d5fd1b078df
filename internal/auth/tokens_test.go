package auth_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestTokens(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, c := newService(t, e)
		u := mustUser(t, ctx, s, "hanna@example.org", auth.RoleCitizen)
		invalid := func(t *testing.T, token, purpose string) {
			t.Helper()
			id, err := s.ConsumeToken(ctx, token, purpose)
			if e := errs.As(err); e.Code != errs.Invalid || e.Key != "token.invalid" {
				t.Fatalf("ConsumeToken = %d, %v; want token.invalid", id, err)
			}
		}

		t.Run("works once", func(t *testing.T) {
			token, err := s.IssueToken(ctx, u.ID, auth.PurposeVerify, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			id, err := s.ConsumeToken(ctx, token, auth.PurposeVerify)
			if err != nil || id != u.ID {
				t.Fatalf("first use: %d, %v", id, err)
			}
			invalid(t, token, auth.PurposeVerify)
		})
		t.Run("is bound to its purpose", func(t *testing.T) {
			token, _ := s.IssueToken(ctx, u.ID, auth.PurposeVerify, time.Hour)
			invalid(t, token, auth.PurposeReset)
			if _, err := s.ConsumeToken(ctx, token, auth.PurposeVerify); err != nil {
				t.Fatalf("right purpose after a wrong try: %v", err)
			}
		})
		t.Run("expires", func(t *testing.T) {
			token, _ := s.IssueToken(ctx, u.ID, auth.PurposeReset, time.Hour)
			c.Advance(time.Hour)
			invalid(t, token, auth.PurposeReset)
		})
		t.Run("works until just before expiry", func(t *testing.T) {
			token, _ := s.IssueToken(ctx, u.ID, auth.PurposeReset, time.Hour)
			c.Advance(time.Hour - time.Second)
			if _, err := s.ConsumeToken(ctx, token, auth.PurposeReset); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("a new token replaces an unused one", func(t *testing.T) {
			first, _ := s.IssueToken(ctx, u.ID, auth.PurposeReset, time.Hour)
			second, _ := s.IssueToken(ctx, u.ID, auth.PurposeReset, time.Hour)
			invalid(t, first, auth.PurposeReset)
			if _, err := s.ConsumeToken(ctx, second, auth.PurposeReset); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("unknown and empty tokens are invalid", func(t *testing.T) {
			invalid(t, auth.NewToken(), auth.PurposeVerify)
			invalid(t, "", auth.PurposeVerify)
		})
		t.Run("purge removes expired tokens", func(t *testing.T) {
			token, _ := s.IssueToken(ctx, u.ID, auth.PurposeVerify, time.Minute)
			c.Advance(time.Minute)
			if err := s.PurgeExpired(ctx); err != nil {
				t.Fatal(err)
			}
			invalid(t, token, auth.PurposeVerify)
		})
	})
}
