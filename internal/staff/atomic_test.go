package staff_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// breakAuditLog renames the audit table so every audit entry fails, until
// the returned function puts it back.
func breakAuditLog(t *testing.T, srv *testkit.Server) (restore func()) {
	t.Helper()
	ctx := srv.Ctx()
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

// TestChangesAreNotStoredWithoutTheirAuditEntry: when the audit entry of a
// change cannot be written, the visitor sees an error and the change is not
// stored either.
func TestChangesAreNotStoredWithoutTheirAuditEntry(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin, lead := o.as(t, &o.admin), o.as(t, &o.lead)
		a := "/staff/departments/" + itoa(o.deptA.ID)
		ctx := o.srv.Ctx()
		restore := breakAuditLog(t, o.srv)

		tests := []struct {
			name      string
			send      func() *testkit.Response
			unchanged func(t *testing.T) bool
		}{
			{"admin creates a staff account", func() *testkit.Response {
				return admin.Post("/admin/users/new", url.Values{"name": {"Karla Kasse"}, "email": {"karla@town.example"},
					"role": {"staff"}, "department": {itoa(o.deptB.ID)}})
			}, func(t *testing.T) bool {
				_, err := o.srv.App.Auth.UserByEmail(ctx, "karla@town.example")
				return err != nil && len(mailsTo(t, o.srv, "karla@town.example")) == 0
			}},
			{"admin changes an account", func() *testkit.Response {
				return admin.Post("/admin/users/"+itoa(o.staffB.ID), url.Values{"name": {"Umbenannt"}, "role": {"admin"}, "disabled": {"on"}})
			}, func(t *testing.T) bool {
				u, _ := o.srv.App.Auth.UserByID(ctx, o.staffB.ID)
				return u.Name == o.staffB.Name && u.Role == o.staffB.Role && !u.Disabled
			}},
			{"admin invites again", func() *testkit.Response {
				return admin.Post("/admin/users/"+itoa(o.newcomer.ID)+"/invite", nil)
			}, func(t *testing.T) bool { return len(mailsTo(t, o.srv, o.newcomer.Email)) == 0 }},
			{"admin creates a department", func() *testkit.Response {
				return admin.Post("/admin/departments/new", url.Values{"name": {"Kämmerei"}, "slug": {"kaemmerei"}})
			}, func(t *testing.T) bool {
				_, err := o.srv.App.Auth.DepartmentBySlug(ctx, "kaemmerei")
				return err != nil
			}},
			{"admin renames a department", func() *testkit.Response {
				return admin.Post("/admin/departments/"+itoa(o.deptB.ID), url.Values{"name": {"Bauverwaltung"}, "slug": {"bauamt"}})
			}, func(t *testing.T) bool {
				d, _ := o.srv.App.Auth.DepartmentByID(ctx, o.deptB.ID)
				return d.Name == "Bauamt"
			}},
			{"admin makes a lead", func() *testkit.Response {
				return admin.Post("/admin/departments/"+itoa(o.deptB.ID)+"/members", url.Values{"member_email": {o.staffB.Email}, "member_lead": {"on"}})
			}, func(t *testing.T) bool {
				member, isLead := o.membership(t, o.staffB, o.deptB)
				return member && !isLead
			}},
			{"lead adds a member", func() *testkit.Response {
				return lead.Post(a+"/members", url.Values{"member_email": {o.newcomer.Email}})
			}, func(t *testing.T) bool { member, _ := o.membership(t, o.newcomer, o.deptA); return !member }},
			{"lead removes a member", func() *testkit.Response {
				return lead.Post(a+"/members/"+itoa(o.staffA.ID)+"/remove", nil)
			}, func(t *testing.T) bool { member, _ := o.membership(t, o.staffA, o.deptA); return member }},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				wantStatus(t, tc.send(), http.StatusInternalServerError)
				if !tc.unchanged(t) {
					t.Fatal("the change was stored without its audit entry")
				}
			})
		}

		t.Run("with the audit log back, the same change works", func(t *testing.T) {
			restore()
			wantRedirect(t, lead.Post(a+"/members", url.Values{"member_email": {o.newcomer.Email}}), a)
			if member, _ := o.membership(t, o.newcomer, o.deptA); !member {
				t.Fatal("not added")
			}
			if n := auditCount(t, o.srv, "membership.add", "user", o.newcomer.ID); n != 1 {
				t.Fatalf("membership.add entries = %d, want 1", n)
			}
		})
	})
}
