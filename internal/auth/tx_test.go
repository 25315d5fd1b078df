package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// refusedEntry is an audit entry the audit log refuses: its action is not a
// name.
var refusedEntry = audit.Entry{Action: "kein gültiger Name!"}

// TestChangesJoinTheCallersTransaction runs each change the way a handler
// does, in a transaction carried by the context together with its audit
// entry, and checks that a refused audit entry takes the change back with
// it.
func TestChangesJoinTheCallersTransaction(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)
		u := mustUser(t, ctx, s, "uta@example.org", auth.RoleStaff)
		dept, err := s.SaveDepartment(ctx, auth.Department{Slug: "bauamt", Name: "Bauamt"})
		if err != nil {
			t.Fatal(err)
		}
		member := mustUser(t, ctx, s, "mats@example.org", auth.RoleStaff)
		if err := s.SetMembership(ctx, member.ID, dept.ID, false); err != nil {
			t.Fatal(err)
		}
		unverified, err := s.CreateUser(ctx, auth.NewUser{Email: "udo@example.org", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		token, err := s.StartSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		user := func(t *testing.T, id int64) auth.User {
			t.Helper()
			got, err := s.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		signedIn := func(t *testing.T) bool {
			t.Helper()
			p, err := s.Principal(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			return p.SignedIn()
		}
		members := func(t *testing.T) int {
			t.Helper()
			ms, err := s.MembersOf(ctx, dept.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}

		tests := []struct {
			name      string
			change    func(ctx context.Context) error
			unchanged func(t *testing.T) bool
		}{
			{"UpdateUser", func(ctx context.Context) error { return s.UpdateUser(ctx, u.ID, "Neuer Name", auth.RoleAdmin, true) },
				func(t *testing.T) bool {
					got := user(t, u.ID)
					return got.Name == "" && got.Role == auth.RoleStaff && signedIn(t)
				}},
			{"SetPassword", func(ctx context.Context) error { return s.SetPassword(ctx, u.ID, "ein ganz neues Passwort") },
				func(t *testing.T) bool {
					_, err := s.Authenticate(ctx, u.Email, "correct horse battery", "192.0.2.1")
					return err == nil && signedIn(t)
				}},
			{"SetLang", func(ctx context.Context) error { return s.SetLang(ctx, u.ID, "en") },
				func(t *testing.T) bool { return user(t, u.ID).Lang == "" }},
			{"MarkEmailVerified", func(ctx context.Context) error { return s.MarkEmailVerified(ctx, unverified.ID) },
				func(t *testing.T) bool { return !user(t, unverified.ID).EmailVerified }},
			{"SetMembership", func(ctx context.Context) error { return s.SetMembership(ctx, u.ID, dept.ID, true) },
				func(t *testing.T) bool { return members(t) == 1 }},
			{"RemoveMembership", func(ctx context.Context) error { return s.RemoveMembership(ctx, member.ID, dept.ID) },
				func(t *testing.T) bool { return members(t) == 1 }},
			{"SaveDepartment new", func(ctx context.Context) error {
				_, err := s.SaveDepartment(ctx, auth.Department{Slug: "kaemmerei", Name: "Kämmerei"})
				return err
			}, func(t *testing.T) bool { _, err := s.DepartmentBySlug(ctx, "kaemmerei"); return err != nil }},
			{"SaveDepartment existing", func(ctx context.Context) error {
				_, err := s.SaveDepartment(ctx, auth.Department{ID: dept.ID, Slug: "bauamt", Name: "Bauverwaltung"})
				return err
			}, func(t *testing.T) bool { d, _ := s.DepartmentByID(ctx, dept.ID); return d.Name == "Bauamt" }},
			{"CreateUser", func(ctx context.Context) error {
				_, err := s.CreateUser(ctx, auth.NewUser{Email: "neu@example.org", Password: "correct horse battery"})
				return err
			}, func(t *testing.T) bool { _, err := s.UserByEmail(ctx, "neu@example.org"); return err != nil }},
			{"StartSession and EndAllSessions", func(ctx context.Context) error {
				if _, err := s.StartSession(ctx, member.ID); err != nil {
					return err
				}
				_, err := s.EndAllSessions(ctx, u.ID)
				return err
			}, func(t *testing.T) bool { n, _ := s.CountSessions(ctx, member.ID); return n == 0 && signedIn(t) }},
			{"IssueToken", func(ctx context.Context) error {
				_, err := s.IssueToken(ctx, u.ID, auth.PurposeReset, time.Hour)
				return err
			}, func(t *testing.T) bool {
				var n int
				db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM account_tokens").Scan(&n)
				return n == 0
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name+" is undone when its audit entry is refused", func(t *testing.T) {
				err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
					ctx := db.WithTx(ctx, tx)
					if err := tc.change(ctx); err != nil {
						t.Fatalf("change: %v", err)
					}
					return (&audit.Log{}).Record(ctx, tx, refusedEntry)
				})
				if err == nil {
					t.Fatal("the audit log took an entry it should refuse")
				}
				if !tc.unchanged(t) {
					t.Fatal("the change was stored without its audit entry")
				}
			})
		}

		t.Run("reads in the transaction see its changes", func(t *testing.T) {
			// A new staff account joins a department in the transaction
			// that creates it, as the admin's "new account" form does.
			err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
				ctx := db.WithTx(ctx, tx)
				n, err := s.CreateUser(ctx, auth.NewUser{Email: "nina@example.org", Password: "correct horse battery", Role: auth.RoleStaff})
				if err != nil {
					return err
				}
				return s.SetMembership(ctx, n.ID, dept.ID, false)
			})
			if err != nil {
				t.Fatal(err)
			}
			if members(t) != 2 {
				t.Fatalf("%d members, want 2", members(t))
			}
		})
		t.Run("a taken address leaves the transaction usable", func(t *testing.T) {
			// On PostgreSQL a failed statement would abort the transaction.
			err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
				ctx := db.WithTx(ctx, tx)
				if _, err := s.CreateUser(ctx, auth.NewUser{Email: u.Email, Password: "correct horse battery"}); fieldKeys(t, err)["email"] != "field.email.taken" {
					t.Fatalf("got %v", err)
				}
				if _, err := s.SaveDepartment(ctx, auth.Department{Slug: "bauamt", Name: "Zweites Bauamt"}); fieldKeys(t, err)["slug"] != "field.slug.taken" {
					t.Fatalf("got %v", err)
				}
				return s.SetLang(ctx, u.ID, "de")
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := user(t, u.ID); got.Lang != "de" {
				t.Fatalf("lang %q, want de", got.Lang)
			}
		})
	})
}
