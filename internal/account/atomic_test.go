package account_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// breakAuditLog renames the audit table so every audit entry fails, until
// the returned function puts it back.
func breakAuditLog(t *testing.T, s *testkit.Server) (restore func()) {
	t.Helper()
	ctx := s.Ctx()
	if _, err := db.From(ctx).Exec(ctx, "ALTER TABLE audit_log RENAME TO audit_log_away"); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := db.From(ctx).Exec(ctx, "ALTER TABLE audit_log_away RENAME TO audit_log"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAccountChangesAreNotStoredWithoutTheirAuditEntry: when the audit entry
// of a change cannot be written, the visitor sees an error and nothing of
// the change is stored; a mailed link stays unused.
func TestAccountChangesAreNotStoredWithoutTheirAuditEntry(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		ctx := s.Ctx()
		a := s.App.Auth
		u := s.CreateUser("ute@example.org", pw, auth.RoleCitizen)
		c := s.Client()
		c.Login(u.Email, pw)
		// Links mailed while the audit log works.
		wantRedirect(t, s.Client().Post("/register", registration("vera@example.org")), "/register/sent")
		verify := linkTo(t, s, lastMail(t, s, "vera@example.org"), "/verify")
		wantRedirect(t, s.Client().Post("/password/forgot", url.Values{"email": {u.Email}}), "/password/forgot/sent")
		reset := tokenOf(t, linkTo(t, s, lastMail(t, s, u.Email), "/password/reset"))
		passwordWorks := func(t *testing.T, password string) bool {
			t.Helper()
			_, err := a.Authenticate(ctx, u.Email, password, "192.0.2.1")
			return err == nil
		}
		sessions := func(t *testing.T) int {
			t.Helper()
			n, err := a.CountSessions(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		restore := breakAuditLog(t, s)

		tests := []struct {
			name      string
			send      func() *testkit.Response
			unchanged func(t *testing.T) bool
		}{
			{"register", func() *testkit.Response { return s.Client().Post("/register", registration("walter@example.org")) },
				func(t *testing.T) bool {
					_, err := a.UserByEmail(ctx, "walter@example.org")
					return err != nil && len(mailsTo(t, s, "walter@example.org")) == 0
				}},
			{"verify", func() *testkit.Response { return postVerify(s.Client(), verify) },
				func(t *testing.T) bool { v, _ := a.UserByEmail(ctx, "vera@example.org"); return !v.EmailVerified }},
			{"reset the password", func() *testkit.Response {
				return s.Client().Post("/password/reset", resetForm(reset, newPW, newPW))
			}, func(t *testing.T) bool { return passwordWorks(t, pw) && !passwordWorks(t, newPW) && signedIn(t, c) }},
			{"save the profile", func() *testkit.Response {
				return c.Post("/account", url.Values{"name": {"Ute Umbenannt"}, "lang": {"en"}})
			},
				func(t *testing.T) bool { got, _ := a.UserByID(ctx, u.ID); return got.Name == u.Name && got.Lang == "" }},
			{"change the password", func() *testkit.Response {
				return c.Post("/account/password", url.Values{"current_password": {pw}, "new_password": {newPW}, "new_password_confirm": {newPW}})
			}, func(t *testing.T) bool { return passwordWorks(t, pw) && signedIn(t, c) }},
			{"sign out everywhere", func() *testkit.Response { return c.Post("/account/sessions/end", nil) },
				func(t *testing.T) bool { return signedIn(t, c) }},
			{"sign in", func() *testkit.Response {
				return s.Client().Post("/login", url.Values{"email": {u.Email}, "password": {pw}})
			}, func(t *testing.T) bool { return sessions(t) == 1 }},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				wantStatus(t, tc.send(), http.StatusInternalServerError)
				if !tc.unchanged(t) {
					t.Fatal("the change was stored without its audit entry")
				}
			})
		}

		t.Run("with the audit log back, the mailed links still work", func(t *testing.T) {
			restore()
			wantStatus(t, confirmVerify(t, s.Client(), verify), http.StatusOK)
			wantRedirect(t, s.Client().Post("/password/reset", resetForm(reset, newPW, newPW)), "/login")
			s.Client().Login(u.Email, newPW)
		})
	})
}
