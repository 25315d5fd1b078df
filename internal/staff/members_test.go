package staff_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestLeadManagesOwnDepartmentOnly(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		lead := o.as(t, &o.lead)
		a, b := "/staff/departments/"+itoa(o.deptA.ID), "/staff/departments/"+itoa(o.deptB.ID)

		wantRedirect(t, lead.Post(a+"/members", url.Values{"member_email": {" NEW@town.example "}}), a)
		if member, isLead := o.membership(t, o.newcomer, o.deptA); !member || isLead {
			t.Fatalf("newcomer in A: member %v lead %v, want member, not lead", member, isLead)
		}
		if n := auditCount(t, o.srv, "membership.add", "user", o.newcomer.ID); n != 1 {
			t.Errorf("membership.add entries = %d, want 1", n)
		}

		refused := []struct {
			name      string
			email     string
			wantError string
		}{
			{"already a member", o.newcomer.Email, "Diese Person gehört schon zum Fachbereich."},
			{"unknown address", "nobody@town.example", "Zu dieser Adresse gibt es kein Konto für Mitarbeitende."},
			{"citizen account", o.citizen.Email, "Zu dieser Adresse gibt es kein Konto für Mitarbeitende."},
			{"not an address", "nobody", "gültige E-Mail-Adresse"},
			{"empty", "", `id="f-member_email-error"`},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				r := lead.Post(a+"/members?lang=de", url.Values{"member_email": {tt.email}})
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, `value="`+tt.email+`"`, "<h1>Ordnungsamt</h1>")
			})
		}
		if member, _ := o.membership(t, o.citizen, o.deptA); member {
			t.Error("citizen became a member")
		}

		// Another department is out of reach.
		wantStatus(t, lead.Post(b+"/members", url.Values{"member_email": {o.newcomer.Email}}), http.StatusForbidden)
		wantStatus(t, lead.Post(b+"/members/"+itoa(o.staffB.ID)+"/remove", nil), http.StatusForbidden)
		if member, _ := o.membership(t, o.newcomer, o.deptB); member {
			t.Error("lead of A added someone to B")
		}
		if member, _ := o.membership(t, o.staffB, o.deptB); !member {
			t.Error("lead of A removed someone from B")
		}
		// Members who do not lead cannot change the team.
		wantStatus(t, o.as(t, &o.staffA).Post(a+"/members/"+itoa(o.newcomer.ID)+"/remove", nil), http.StatusForbidden)
		// Leads are the admins' business, the lead's own included.
		wantStatus(t, lead.Post(a+"/members/"+itoa(o.lead.ID)+"/remove", nil), http.StatusForbidden)
		if _, isLead := o.membership(t, o.lead, o.deptA); !isLead {
			t.Error("lead lost the lead role")
		}
		wantStatus(t, lead.Post(a+"/members/"+itoa(o.staffB.ID)+"/remove", nil), http.StatusNotFound)

		wantRedirect(t, lead.Post(a+"/members/"+itoa(o.newcomer.ID)+"/remove", nil), a)
		if member, _ := o.membership(t, o.newcomer, o.deptA); member {
			t.Error("newcomer still in A after removal")
		}
		if n := auditCount(t, o.srv, "membership.remove", "user", o.newcomer.ID); n != 1 {
			t.Errorf("membership.remove entries = %d, want 1", n)
		}
	})
}

func TestAdminSetsLeadAndRemovesMembers(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		page := "/admin/departments/" + itoa(o.deptA.ID)

		wantRedirect(t, admin.Post(page+"/members", url.Values{"member_email": {o.staffA.Email}, "member_lead": {"on"}}), page)
		if _, isLead := o.membership(t, o.staffA, o.deptA); !isLead {
			t.Error("staffA is not lead after the admin made them lead")
		}
		if n := auditCount(t, o.srv, "membership.update", "user", o.staffA.ID); n != 1 {
			t.Errorf("membership.update entries = %d, want 1", n)
		}
		wantRedirect(t, admin.Post(page+"/members", url.Values{"member_email": {o.staffB.Email}}), page)
		if member, isLead := o.membership(t, o.staffB, o.deptA); !member || isLead {
			t.Errorf("staffB in A: member %v lead %v", member, isLead)
		}

		r := admin.Post(page+"/members", url.Values{"member_email": {o.citizen.Email}, "member_lead": {"on"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		wantContains(t, r, "kein Konto für Mitarbeitende", `value="`+o.citizen.Email+`"`, `name="member_lead" value="on" checked`,
			`value="Ordnungsamt"`) // the department form still shows the stored values

		// Removing from the account page returns there.
		next := "/admin/users/" + itoa(o.lead.ID)
		wantRedirect(t, admin.Post(page+"/members/"+itoa(o.lead.ID)+"/remove", url.Values{"next": {next}}), next)
		if member, _ := o.membership(t, o.lead, o.deptA); member {
			t.Error("admin could not remove the lead")
		}
		wantRedirect(t, admin.Post(page+"/members/"+itoa(o.staffB.ID)+"/remove", url.Values{"next": {"//evil.example/"}}), page)
	})
}
