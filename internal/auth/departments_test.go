package auth_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestDepartments(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, _ := newService(t, e)

		invalid := []struct {
			name  string
			dept  auth.Department
			field string
			key   string
		}{
			{"rejects missing name", auth.Department{Slug: "bauamt"}, "name", "field.required"},
			{"rejects upper-case slug", auth.Department{Name: "Bauamt", Slug: "Bauamt"}, "slug", "field.slug.invalid"},
			{"rejects slug with trailing hyphen", auth.Department{Name: "Bauamt", Slug: "bau-"}, "slug", "field.slug.invalid"},
			{"rejects bad e-mail", auth.Department{Name: "Bauamt", Slug: "bauamt", Email: "bau@"}, "email", "field.email.invalid"},
			{"rejects long description", auth.Department{Name: "Bauamt", Slug: "bauamt", Description: strings.Repeat("d", 2001)}, "description", "field.too_long"},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.SaveDepartment(ctx, tc.dept)
				if got := fieldKeys(t, err)[tc.field]; got != tc.key {
					t.Fatalf("field %s: got %q, want %q", tc.field, got, tc.key)
				}
			})
		}

		ord, err := s.SaveDepartment(ctx, auth.Department{Name: "Ordnungsamt", Slug: "ordnungsamt", Email: "Ordnung@Stadt.example"})
		if err != nil {
			t.Fatal(err)
		}
		bau, err := s.SaveDepartment(ctx, auth.Department{Name: "Bauamt", Slug: "bauamt"})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("creates, normalises and finds by id and slug", func(t *testing.T) {
			got, err := s.DepartmentBySlug(ctx, "ordnungsamt")
			if err != nil || got.ID != ord.ID || got.Email != "ordnung@stadt.example" {
				t.Fatalf("by slug: %+v, %v", got, err)
			}
			if got, err := s.DepartmentByID(ctx, bau.ID); err != nil || got.Slug != "bauamt" {
				t.Fatalf("by id: %+v, %v", got, err)
			}
		})
		t.Run("lists by name", func(t *testing.T) {
			ds, err := s.Departments(ctx)
			if err != nil || len(ds) != 2 || ds[0].Name != "Bauamt" || ds[1].Name != "Ordnungsamt" {
				t.Fatalf("got %+v, %v", ds, err)
			}
		})
		t.Run("refuses a taken slug", func(t *testing.T) {
			_, err := s.SaveDepartment(ctx, auth.Department{Name: "Anderes Bauamt", Slug: "bauamt"})
			if fieldKeys(t, err)["slug"] != "field.slug.taken" {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("updates", func(t *testing.T) {
			bau.Description = "Baugenehmigungen"
			if _, err := s.SaveDepartment(ctx, bau); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.DepartmentByID(ctx, bau.ID); got.Description != "Baugenehmigungen" {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("unknown ones are not found", func(t *testing.T) {
			if _, err := s.SaveDepartment(ctx, auth.Department{ID: 99999, Name: "X", Slug: "x"}); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("update: %v", err)
			}
			if _, err := s.DepartmentBySlug(ctx, "nope"); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("by slug: %v", err)
			}
			if _, err := s.DepartmentByID(ctx, 99999); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("by id: %v", err)
			}
		})

		staff := mustUser(t, ctx, s, "kim@stadt.example", auth.RoleStaff)
		citizen := mustUser(t, ctx, s, "lea@example.org", auth.RoleCitizen)

		t.Run("citizens cannot be members", func(t *testing.T) {
			if fieldKeys(t, s.SetMembership(ctx, citizen.ID, bau.ID, false))["user"] != "membership.citizen" {
				t.Fatal("citizen became a member")
			}
		})
		t.Run("membership in an unknown department is not found", func(t *testing.T) {
			if err := s.SetMembership(ctx, staff.ID, 99999, false); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("memberships give department rights to the principal", func(t *testing.T) {
			if err := s.SetMembership(ctx, staff.ID, ord.ID, false); err != nil {
				t.Fatal(err)
			}
			if err := s.SetMembership(ctx, staff.ID, bau.ID, false); err != nil {
				t.Fatal(err)
			}
			// Setting it again changes the lead flag instead of failing.
			if err := s.SetMembership(ctx, staff.ID, bau.ID, true); err != nil {
				t.Fatal(err)
			}
			ms, err := s.MembershipsOf(ctx, staff.ID)
			if err != nil || len(ms) != 2 || ms[0].Department.Name != "Bauamt" || !ms[0].Lead || ms[1].Lead {
				t.Fatalf("MembershipsOf = %+v, %v", ms, err)
			}
			members, err := s.MembersOf(ctx, ord.ID)
			if err != nil || len(members) != 1 || members[0].UserID != staff.ID {
				t.Fatalf("MembersOf = %+v, %v", members, err)
			}
			token, _ := s.StartSession(ctx, staff.ID)
			p, err := s.Principal(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if !p.IsStaff() || !p.MemberOf(ord.ID) || !p.LeadOf(bau.ID) || p.LeadOf(ord.ID) || !p.IsLead() || p.IsAdmin() {
				t.Fatalf("principal rights wrong: %+v", p)
			}
		})
		t.Run("removing a membership takes its rights", func(t *testing.T) {
			if err := s.RemoveMembership(ctx, staff.ID, bau.ID); err != nil {
				t.Fatal(err)
			}
			token, _ := s.StartSession(ctx, staff.ID)
			p, _ := s.Principal(ctx, token)
			if p.MemberOf(bau.ID) || p.IsLead() || !p.MemberOf(ord.ID) {
				t.Fatalf("after removal: %+v", p.Memberships)
			}
		})
		t.Run("staff without a department is not staff", func(t *testing.T) {
			lone := mustUser(t, ctx, s, "max@stadt.example", auth.RoleStaff)
			token, _ := s.StartSession(ctx, lone.ID)
			p, _ := s.Principal(ctx, token)
			if !p.SignedIn() || p.IsStaff() {
				t.Fatalf("lone staff: signed in %v, staff %v", p.SignedIn(), p.IsStaff())
			}
		})
	})
}
