package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// openDB opens the database the commands in env work on, to check what they
// did from the outside.
func openDB(t *testing.T, env []string) (context.Context, *auth.Service) {
	t.Helper()
	d, err := db.Open(t.Context(), getenv(env, "RATHAUS_DATABASE_URL"), getenv(env, "RATHAUS_DATA_DIR"))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	svc := &auth.Service{Clock: clock.System{}, Password: testkit.FastPasswords, Throttle: auth.DefaultThrottle}
	return db.With(t.Context(), d), svc
}

func TestVersionPrintsBuildVersion(t *testing.T) {
	out, _, err := run(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "rathaus dev (go1.") {
		t.Errorf("version: %q, %v; want \"rathaus dev (go1.…)\"", out, err)
	}
}

func TestMigrateTwiceAppliesNothingTheSecondTime(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := environ(t, e, "RATHAUS_LOG_LEVEL=info")
		out, stderr, err := run(t, env, "", "migrate")
		if err != nil || !strings.Contains(out, "is up to date") || !strings.Contains(stderr, "database migrated") {
			t.Fatalf("first migrate: %v\nstdout: %s\nstderr: %s", err, out, stderr)
		}
		ctx, _ := openDB(t, env)
		var first int
		if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&first); err != nil || first == 0 {
			t.Fatalf("schema_migrations after first migrate: %d rows, %v", first, err)
		}
		out, stderr, err = run(t, env, "", "migrate")
		if err != nil || !strings.Contains(out, "is up to date") {
			t.Fatalf("second migrate: %v\nstdout: %s", err, out)
		}
		if strings.Contains(stderr, "database migrated") {
			t.Errorf("second migrate applied migrations again:\n%s", stderr)
		}
		var second int
		if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&second); err != nil || second != first {
			t.Errorf("schema_migrations: %d rows after the second migrate, want %d (%v)", second, first, err)
		}
	})
}

var generatedRe = regexp.MustCompile(`(?m)^password: (\S+)$`)

func TestUserCommandsManageAccounts(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := environ(t, e)
		if _, _, err := run(t, env, "", "migrate"); err != nil {
			t.Fatal(err)
		}
		ctx, svc := openDB(t, env)
		if _, err := svc.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
			t.Fatal(err)
		}
		signsIn := func(email, password string) bool {
			t.Helper()
			_, err := svc.Authenticate(ctx, email, password, "192.0.2.1")
			return err == nil
		}

		// Password from stdin.
		out, _, err := run(t, env, "chosen-password-1\n", "user", "add", "Olaf@Example.org", "--role", "staff", "--name", "Olaf Ordnung", "--department", "ordnungsamt", "--lead")
		if err != nil || !strings.Contains(out, "created olaf@example.org (staff") || generatedRe.MatchString(out) {
			t.Fatalf("user add: %v\n%s", err, out)
		}
		if !signsIn("olaf@example.org", "chosen-password-1") {
			t.Error("the account does not sign in with the password given on stdin")
		}
		u, err := svc.UserByEmail(ctx, "olaf@example.org")
		if err != nil || u.Name != "Olaf Ordnung" || u.Role != auth.RoleStaff || !u.EmailVerified {
			t.Errorf("account: %+v, %v", u, err)
		}
		ms, err := svc.MembershipsOf(ctx, u.ID)
		if err != nil || len(ms) != 1 || !ms[0].Lead {
			t.Errorf("memberships: %+v, %v; want lead of ordnungsamt", ms, err)
		}

		// An empty line makes a password and prints it once.
		out, _, err = run(t, env, "\n", "user", "add", "admin@example.org", "--role", "admin")
		m := generatedRe.FindStringSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("user add with an empty line: %v\n%s", err, out)
		}
		if len(m[1]) < auth.MinPasswordLength || !signsIn("admin@example.org", m[1]) {
			t.Errorf("the generated password %q does not sign in", m[1])
		}

		// passwd replaces the password.
		out, _, err = run(t, env, "another-password-2\n", "user", "passwd", "olaf@example.org")
		if err != nil || !strings.Contains(out, "password changed") {
			t.Fatalf("user passwd: %v\n%s", err, out)
		}
		if signsIn("olaf@example.org", "chosen-password-1") || !signsIn("olaf@example.org", "another-password-2") {
			t.Error("after passwd the old password still works or the new one does not")
		}
		out, _, err = run(t, env, "", "user", "passwd", "admin@example.org")
		if m := generatedRe.FindStringSubmatch(out); err != nil || m == nil || !signsIn("admin@example.org", m[1]) {
			t.Errorf("user passwd with generated password: %v\n%s", err, out)
		}

		// role changes the role.
		out, _, err = run(t, env, "", "user", "role", "olaf@example.org", "admin")
		if err != nil || !strings.Contains(out, "now admin") {
			t.Fatalf("user role: %v\n%s", err, out)
		}
		if u, _ := svc.UserByEmail(ctx, "olaf@example.org"); u.Role != auth.RoleAdmin {
			t.Errorf("role after user role: %s, want admin", u.Role)
		}
	})
}

func TestUserCommandsRefuseBadInput(t *testing.T) {
	env := environ(t, testkit.SQLite)
	if _, _, err := run(t, env, "a-good-password\n", "user", "add", "known@example.org", "--role", "citizen"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
		code  int
	}{
		{"add with a bad role", []string{"user", "add", "new@example.org", "--role", "mayor"}, "a-good-password\n", "role: Please choose a valid role", 1},
		{"add with a bad address", []string{"user", "add", "not-an-address"}, "a-good-password\n", "email: Please enter a valid e-mail address", 1},
		{"add a taken address", []string{"user", "add", "KNOWN@example.org"}, "a-good-password\n", "email: There is already an account", 1},
		{"add with a short password", []string{"user", "add", "new@example.org"}, "short\n", "password: The password must be at least 10", 1},
		{"add to an unknown department", []string{"user", "add", "new@example.org", "--role", "staff", "--department", "nope"}, "a-good-password\n", `no department "nope"`, 1},
		{"add two addresses", []string{"user", "add", "a@example.org", "b@example.org"}, "", "exactly one e-mail address", 2},
		{"passwd for an unknown account", []string{"user", "passwd", "nobody@example.org"}, "a-good-password\n", `no account "nobody@example.org"`, 1},
		{"passwd too short", []string{"user", "passwd", "known@example.org"}, "short\n", "password: The password must be at least 10", 1},
		{"role for an unknown account", []string{"user", "role", "nobody@example.org", "admin"}, "", `no account "nobody@example.org"`, 1},
		{"role that does not exist", []string{"user", "role", "known@example.org", "mayor"}, "", "role: Please choose a valid role", 1},
		{"role without a role", []string{"user", "role", "known@example.org"}, "", "want an e-mail address and a role", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := run(t, env, tc.stdin, tc.args...)
			if err == nil {
				t.Fatalf("succeeded, want an error; stdout:\n%s", out)
			}
			if !strings.Contains(err.Error(), tc.want) || exitCode(err) != tc.code {
				t.Errorf("error %q (exit %d), want it to contain %q (exit %d)", err, exitCode(err), tc.want, tc.code)
			}
		})
	}
	// None of the refused commands changed an account.
	ctx, svc := openDB(t, env)
	users, err := svc.ListUsers(ctx, "", 100)
	if err != nil || len(users) != 1 || users[0].Email != "known@example.org" || users[0].Role != auth.RoleCitizen {
		t.Errorf("accounts after refused commands: %+v, %v; want only known@example.org as citizen", users, err)
	}
	if _, err := svc.Authenticate(ctx, "known@example.org", "a-good-password", "192.0.2.1"); err != nil {
		t.Errorf("known@example.org no longer signs in with its password: %v", err)
	}
}
