package account_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/account"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestProfile(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u := s.CreateUser("frieda@example.org", pw, auth.RoleStaff)
		dept, _ := s.App.Auth.SaveDepartment(s.Ctx(), auth.Department{Name: "Bürgerbüro", Slug: "buergerbuero"})
		if err := s.App.Auth.SetMembership(s.Ctx(), u.ID, dept.ID, true); err != nil {
			t.Fatal(err)
		}
		c := s.Client()
		c.Login(u.Email, pw)

		t.Run("shows the account's details", func(t *testing.T) {
			r := c.Get("/account")
			wantStatus(t, r, http.StatusOK)
			for _, want := range []string{"frieda@example.org", "Test staff", "Bürgerbüro (Leitung)", "Mitarbeiterin oder Mitarbeiter", "<dd>1</dd>"} {
				if !strings.Contains(r.Body, want) {
					t.Fatalf("no %q on the page:\n%s", want, testkit.Excerpt(r.Body))
				}
			}
			if strings.Count(r.Body, "<h1") != 1 {
				t.Fatal("want exactly one h1")
			}
		})
		t.Run("saves name and language", func(t *testing.T) {
			r := c.Post("/account", url.Values{"name": {"  Frieda Fuchs "}, "lang": {"en"}})
			wantRedirect(t, r, "/account?lang=en")
			got, _ := s.App.Auth.UserByID(s.Ctx(), u.ID)
			if got.Name != "Frieda Fuchs" || got.Lang != "en" {
				t.Fatalf("stored %+v", got)
			}
			page := c.Get("/account?lang=en")
			if !strings.Contains(page.Body, "Your details are saved.") || !strings.Contains(page.Body, "<h1>My account</h1>") {
				t.Fatalf("not in English with confirmation:\n%s", testkit.Excerpt(page.Body))
			}
		})
		t.Run("rejects an unknown language and a long name", func(t *testing.T) {
			r := c.Post("/account", url.Values{"name": {strings.Repeat("x", 201)}, "lang": {"fr"}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			for _, id := range []string{`id="f-name-error"`, `id="f-lang-error"`} {
				if !strings.Contains(r.Body, id) {
					t.Fatalf("no %s:\n%s", id, testkit.Excerpt(r.Body))
				}
			}
		})
		t.Run("needs a session", func(t *testing.T) {
			wantRedirect(t, s.Client().Get("/account"), "/login?next=%2Faccount")
			wantStatus(t, s.Client().Post("/account", url.Values{"name": {"x"}, "lang": {"de"}}), http.StatusUnauthorized)
		})
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u := s.CreateUser("gustav@example.org", pw, auth.RoleCitizen)
		c, other := s.Client(), s.Client()
		c.Login(u.Email, pw)
		other.Login(u.Email, pw)
		const newPW = "a brand new passphrase"

		invalid := []struct {
			name     string
			form     url.Values
			errField string
		}{
			{"wrong current password", url.Values{"current_password": {"not my password"}, "new_password": {newPW}, "new_password_confirm": {newPW}}, "current_password"},
			{"missing current password", url.Values{"new_password": {newPW}, "new_password_confirm": {newPW}}, "current_password"},
			{"short new password", url.Values{"current_password": {pw}, "new_password": {"short"}, "new_password_confirm": {"short"}}, "new_password"},
			{"confirmation differs", url.Values{"current_password": {pw}, "new_password": {newPW}, "new_password_confirm": {newPW + "x"}}, "new_password_confirm"},
		}
		for _, tc := range invalid {
			t.Run("refuses "+tc.name, func(t *testing.T) {
				r := c.Post("/account/password", tc.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				if !strings.Contains(r.Body, `id="f-`+tc.errField+`-error"`) {
					t.Fatalf("no error at %s:\n%s", tc.errField, testkit.Excerpt(r.Body))
				}
				if strings.Contains(r.Body, newPW) {
					t.Fatal("a password was echoed")
				}
			})
		}
		t.Run("changes it, keeps this session, ends the others", func(t *testing.T) {
			r := c.Post("/account/password", url.Values{"current_password": {pw}, "new_password": {newPW}, "new_password_confirm": {newPW}})
			wantRedirect(t, r, "/account")
			if !signedIn(t, c) {
				t.Fatal("this browser was signed out")
			}
			if signedIn(t, other) {
				t.Fatal("another device stayed signed in")
			}
			wantStatus(t, s.Client().Post("/login", url.Values{"email": {u.Email}, "password": {pw}}), http.StatusUnauthorized)
			s.Client().Login(u.Email, newPW)
			if !contains(audited(t, s, u.ID), "password.change") {
				t.Fatal("not audited")
			}
		})
	})
}

func TestExport(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u := s.CreateUser("hanna@stadt.example", pw, auth.RoleStaff)
		other := s.CreateUser("ingo@stadt.example", pw, auth.RoleStaff)
		bau, _ := s.App.Auth.SaveDepartment(s.Ctx(), auth.Department{Name: "Bauamt", Slug: "bauamt"})
		ord, _ := s.App.Auth.SaveDepartment(s.Ctx(), auth.Department{Name: "Ordnungsamt", Slug: "ordnungsamt"})
		s.App.Auth.SetMembership(s.Ctx(), u.ID, bau.ID, false)
		s.App.Auth.SetMembership(s.Ctx(), other.ID, ord.ID, true)
		c := s.Client()
		c.Login(u.Email, pw)
		s.Client().Login(other.Email, pw)

		r := c.Get("/account/export")
		wantStatus(t, r, http.StatusOK)
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "application/json") || !strings.HasPrefix(cd, "attachment;") {
			t.Fatalf("Content-Type %q, Content-Disposition %q; want a JSON download", ct, cd)
		}
		var got account.Export
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.Body)
		}
		if got.Account.ID != u.ID || got.Account.Email != u.Email || got.Account.Role != "staff" || !got.ExportedAt.Equal(start) {
			t.Fatalf("account part %+v", got.Account)
		}
		if len(got.Memberships) != 1 || got.Memberships[0].Slug != "bauamt" || got.ActiveSessions != 1 {
			t.Fatalf("memberships %+v, sessions %d; want only bauamt and 1", got.Memberships, got.ActiveSessions)
		}
		for _, secret := range []string{"argon2", "password", other.Email, "ordnungsamt"} {
			if strings.Contains(r.Body, secret) {
				t.Fatalf("export contains %q:\n%s", secret, r.Body)
			}
		}
		if !contains(audited(t, s, u.ID), "user.export") {
			t.Fatal("export not audited")
		}
		wantRedirect(t, s.Client().Get("/account/export"), "/login?next=%2Faccount%2Fexport")
	})
}

func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s, _ := newServer(t, e)
		u := s.CreateUser("jana@example.org", pw, auth.RoleCitizen)
		staff := s.CreateUser("kurt@stadt.example", pw, auth.RoleStaff)
		c, other := s.Client(), s.Client()
		c.Login(u.Email, pw)
		other.Login(u.Email, pw)

		t.Run("needs the password", func(t *testing.T) {
			r := c.Post("/account/delete", url.Values{"delete_password": {"not my password"}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.Body, `id="f-delete_password-error"`) {
				t.Fatalf("no error at the password:\n%s", testkit.Excerpt(r.Body))
			}
			wantStatus(t, c.Post("/account/delete", nil), http.StatusUnprocessableEntity)
			if _, err := s.App.Auth.UserByID(s.Ctx(), u.ID); err != nil {
				t.Fatalf("account gone after a refused deletion: %v", err)
			}
		})
		t.Run("is not for staff", func(t *testing.T) {
			sc := s.Client()
			sc.Login(staff.Email, pw)
			wantStatus(t, sc.Post("/account/delete", url.Values{"delete_password": {pw}}), http.StatusForbidden)
			if _, err := s.App.Auth.UserByID(s.Ctx(), staff.ID); err != nil {
				t.Fatalf("staff account deleted: %v", err)
			}
		})
		t.Run("deletes the account and its sessions", func(t *testing.T) {
			wantRedirect(t, c.Post("/account/delete", url.Values{"delete_password": {pw}}), "/")
			if _, err := s.App.Auth.UserByID(s.Ctx(), u.ID); err == nil {
				t.Fatal("account still there")
			}
			if signedIn(t, c) || signedIn(t, other) {
				t.Fatal("a session survived the deletion")
			}
			wantStatus(t, s.Client().Post("/login", url.Values{"email": {u.Email}, "password": {pw}}), http.StatusUnauthorized)
			if !contains(audited(t, s, u.ID), "user.delete") {
				t.Fatal("deletion not audited")
			}
			// The address is free again.
			if _, err := s.App.Auth.CreateUser(s.Ctx(), auth.NewUser{Email: u.Email, Password: pw}); err != nil {
				t.Fatalf("address not free: %v", err)
			}
		})
	})
}
