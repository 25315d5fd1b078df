package auth_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestCreateUser(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)

		invalid := []struct {
			name  string
			user  auth.NewUser
			field string
			key   string
		}{
			{"rejects missing e-mail", auth.NewUser{Password: "long enough pw"}, "email", "field.email.invalid"},
			{"rejects address with display name", auth.NewUser{Email: "Anna <anna@example.org>", Password: "long enough pw"}, "email", "field.email.invalid"},
			{"rejects address without domain", auth.NewUser{Email: "anna@", Password: "long enough pw"}, "email", "field.email.invalid"},
			{"rejects short password", auth.NewUser{Email: "a@example.org", Password: "123456789"}, "password", "field.password.too_short"},
			{"counts password length in characters", auth.NewUser{Email: "a@example.org", Password: "äöüäöüäöü"}, "password", "field.password.too_short"},
			{"rejects very long password", auth.NewUser{Email: "a@example.org", Password: strings.Repeat("x", 1025)}, "password", "field.too_long"},
			{"rejects long name", auth.NewUser{Email: "a@example.org", Password: "long enough pw", Name: strings.Repeat("n", 201)}, "name", "field.too_long"},
			{"rejects unknown role", auth.NewUser{Email: "a@example.org", Password: "long enough pw", Role: "mayor"}, "role", "field.role.invalid"},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.CreateUser(ctx, tc.user)
				if got := fieldKeys(t, err)[tc.field]; got != tc.key {
					t.Fatalf("field %s: got %q, want %q (err %v)", tc.field, got, tc.key, err)
				}
			})
		}

		t.Run("stores a normalised citizen and reads it back", func(t *testing.T) {
			u, err := s.CreateUser(ctx, auth.NewUser{Email: "  Anna.Beispiel@Example.ORG ", Name: " Anna ", Password: "correct horse battery", Lang: "en"})
			if err != nil {
				t.Fatal(err)
			}
			if u.ID == 0 || u.Email != "anna.beispiel@example.org" || u.Name != "Anna" || u.Role != auth.RoleCitizen || u.EmailVerified {
				t.Fatalf("created %+v", u)
			}
			got, err := s.UserByEmail(ctx, "ANNA.beispiel@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != u.ID || got.Lang != "en" || !got.CreatedAt.Equal(start) {
				t.Fatalf("read back %+v, want id %d, lang en, created %v", got, u.ID, start)
			}
		})
		t.Run("refuses a taken address in any case", func(t *testing.T) {
			_, err := s.CreateUser(ctx, auth.NewUser{Email: "anna.beispiel@EXAMPLE.org", Password: "another password"})
			if got := fieldKeys(t, err)["email"]; got != "field.email.taken" {
				t.Fatalf("got %q, want field.email.taken", got)
			}
		})
		t.Run("unknown id and address are not found", func(t *testing.T) {
			if _, err := s.UserByID(ctx, 99999); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("UserByID: %v", err)
			}
			if _, err := s.UserByEmail(ctx, "nobody@example.org"); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("UserByEmail: %v", err)
			}
		})
	})
}

func TestUpdateUser(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)
		u := mustUser(t, ctx, s, "bert@example.org", auth.RoleCitizen)

		t.Run("changes name and role", func(t *testing.T) {
			if err := s.UpdateUser(ctx, u.ID, " Bert ", auth.RoleStaff, false); err != nil {
				t.Fatal(err)
			}
			got, _ := s.UserByID(ctx, u.ID)
			if got.Name != "Bert" || got.Role != auth.RoleStaff {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("rejects unknown role", func(t *testing.T) {
			err := s.UpdateUser(ctx, u.ID, "Bert", "king", false)
			if fieldKeys(t, err)["role"] != "field.role.invalid" {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("unknown account is not found", func(t *testing.T) {
			if err := s.UpdateUser(ctx, 99999, "x", auth.RoleCitizen, false); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("disabling ends sessions", func(t *testing.T) {
			token, err := s.StartSession(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.UpdateUser(ctx, u.ID, "Bert", auth.RoleStaff, true); err != nil {
				t.Fatal(err)
			}
			p, err := s.Principal(ctx, token)
			if err != nil || p.SignedIn() {
				t.Fatalf("principal after disabling: %+v, %v", p, err)
			}
		})
		t.Run("lang and verification are stored", func(t *testing.T) {
			if err := s.SetLang(ctx, u.ID, "en"); err != nil {
				t.Fatal(err)
			}
			if err := s.MarkEmailVerified(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			got, _ := s.UserByID(ctx, u.ID)
			if got.Lang != "en" || !got.EmailVerified {
				t.Fatalf("got %+v", got)
			}
		})
	})
}

func TestListUsers(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)
		for _, m := range []string{"carla@example.org", "anna@example.org", "bert@stadt.example"} {
			mustUser(t, ctx, s, m, auth.RoleCitizen)
		}
		cases := []struct {
			name, search string
			limit        int
			want         []string
		}{
			{"all by address", "", 10, []string{"anna@example.org", "bert@stadt.example", "carla@example.org"}},
			{"limit", "", 2, []string{"anna@example.org", "bert@stadt.example"}},
			{"search is case-insensitive", "STADT", 10, []string{"bert@stadt.example"}},
			{"no match", "zed", 10, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				us, err := s.ListUsers(ctx, tc.search, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, u := range us {
					got = append(got, u.Email)
				}
				if strings.Join(got, ",") != strings.Join(tc.want, ",") {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			})
		}
	})
}

func TestSetPassword(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)
		u := mustUser(t, ctx, s, "dora@example.org", auth.RoleCitizen)

		t.Run("rejects a short password", func(t *testing.T) {
			if fieldKeys(t, s.SetPassword(ctx, u.ID, "short"))["password"] != "field.password.too_short" {
				t.Fatal("short password accepted")
			}
		})
		t.Run("unknown account is not found", func(t *testing.T) {
			if err := s.SetPassword(ctx, 99999, "a new long password"); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("new password works, old one not, sessions end", func(t *testing.T) {
			token, _ := s.StartSession(ctx, u.ID)
			if err := s.SetPassword(ctx, u.ID, "a new long password"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Authenticate(ctx, u.Email, "a new long password", "192.0.2.1"); err != nil {
				t.Fatalf("new password: %v", err)
			}
			if _, err := s.Authenticate(ctx, u.Email, "correct horse battery", "192.0.2.1"); errs.CodeOf(err) != errs.Unauthorized {
				t.Fatalf("old password: %v", err)
			}
			if p, _ := s.Principal(ctx, token); p.SignedIn() {
				t.Fatal("session survived the password change")
			}
		})
	})
}
