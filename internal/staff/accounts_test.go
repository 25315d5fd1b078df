package staff_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var tokenRe = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_%-]+)`)

// invitationToken returns the token of the newest invitation to address.
func invitationToken(t *testing.T, o *office, address string) string {
	t.Helper()
	ms := mailsTo(t, o.srv, address)
	if len(ms) == 0 {
		t.Fatalf("no invitation to %s", address)
	}
	m := ms[len(ms)-1]
	if !strings.Contains(m.Text, o.srv.URL+"/password/reset?token=") {
		t.Fatalf("invitation lacks a set-password link on %s:\n%s", o.srv.URL, m.Text)
	}
	tok, err := url.QueryUnescape(tokenRe.FindStringSubmatch(m.Text)[1])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestAdminCreatesStaffAccountAndInvitesIt(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		r := admin.Post("/admin/users/new", url.Values{
			"name": {"Karla Kasse"}, "email": {"Karla.Kasse@town.example"}, "role": {"staff"},
			"department": {itoa(o.deptB.ID)}, "lead": {"on"},
		})
		wantStatus(t, r, http.StatusSeeOther)
		u, err := o.srv.App.Auth.UserByEmail(o.srv.Ctx(), "karla.kasse@town.example")
		if err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, r, "/admin/users/"+itoa(u.ID))
		if u.Role != auth.RoleStaff || u.Name != "Karla Kasse" {
			t.Errorf("account = %+v", u)
		}
		if member, isLead := o.membership(t, u, o.deptB); !member || !isLead {
			t.Errorf("new account in B: member %v lead %v, want lead", member, isLead)
		}
		for _, action := range []string{"user.create", "membership.add", "user.invite"} {
			if n := auditCount(t, o.srv, action, "user", u.ID); n != 1 {
				t.Errorf("%s entries = %d, want 1", action, n)
			}
		}
		first := invitationToken(t, o, u.Email)
		wantContains(t, admin.Get("/admin/users/"+itoa(u.ID)), "Karla Kasse", "Bauamt")

		// Sending again replaces the link.
		wantRedirect(t, admin.Post("/admin/users/"+itoa(u.ID)+"/invite", nil), "/admin/users/"+itoa(u.ID))
		if n := len(mailsTo(t, o.srv, u.Email)); n != 2 {
			t.Fatalf("invitations = %d, want 2", n)
		}
		second := invitationToken(t, o, u.Email)
		ctx := o.srv.Ctx()
		if _, err := o.srv.App.Auth.ConsumeToken(ctx, first, auth.PurposeReset); err == nil {
			t.Error("the first invitation still works after a new one was sent")
		}
		if id, err := o.srv.App.Auth.ConsumeToken(ctx, second, auth.PurposeReset); err != nil || id != u.ID {
			t.Errorf("second invitation: account %d, %v; want %d", id, err, u.ID)
		}
	})
}

func TestAdminCreatesAdminWithoutDepartment(t *testing.T) {
	t.Parallel()
	o := newOffice(t, testkit.SQLite)
	r := o.as(t, &o.admin).Post("/admin/users/new", url.Values{"name": {"Ida IT"}, "email": {"ida@town.example"}, "role": {"admin"}, "department": {""}})
	wantStatus(t, r, http.StatusSeeOther)
	u, err := o.srv.App.Auth.UserByEmail(o.srv.Ctx(), "ida@town.example")
	if err != nil || u.Role != auth.RoleAdmin {
		t.Fatalf("account = %+v, %v", u, err)
	}
	if len(mailsTo(t, o.srv, u.Email)) != 1 {
		t.Error("no invitation to the new admin")
	}
}

func TestCreateAccountRejectsBadInputAndKeepsIt(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		tests := []struct {
			name      string
			form      url.Values
			wantError string
			kept      []string
		}{
			{"staff without department", url.Values{"name": {"Otto <Ohne>"}, "email": {"otto@town.example"}, "role": {"staff"}},
				"Bitte wählen Sie einen Fachbereich.", []string{`value="Otto &lt;Ohne&gt;"`, `value="otto@town.example"`}},
			{"taken address", url.Values{"name": {"Doppelt"}, "email": {o.citizen.Email}, "role": {"staff"}, "department": {itoa(o.deptA.ID)}},
				"Für diese E-Mail-Adresse gibt es schon ein Konto.", []string{`value="Doppelt"`, `<option value="` + itoa(o.deptA.ID) + `" selected>Ordnungsamt</option>`}},
			{"citizen role", url.Values{"name": {"C"}, "email": {"c@town.example"}, "role": {"citizen"}, "department": {itoa(o.deptA.ID)}},
				`id="f-role-error"`, []string{`value="c@town.example"`}},
			{"unknown department", url.Values{"name": {"D"}, "email": {"d@town.example"}, "role": {"staff"}, "department": {"99999"}},
				`id="f-department-error"`, []string{`value="D"`}},
			{"department not a number", url.Values{"name": {"D"}, "email": {"d@town.example"}, "role": {"staff"}, "department": {"x"}},
				`id="f-department-error"`, nil},
			{"no name, bad address", url.Values{"email": {"nope"}, "role": {"staff"}, "department": {itoa(o.deptA.ID)}},
				`id="f-name-error"`, []string{`id="f-email-error"`, `value="nope"`}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.Post("/admin/users/new", tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, append([]string{tt.wantError, `class="error-summary"`}, tt.kept...)...)
			})
		}
		for _, email := range []string{"otto@town.example", "c@town.example", "d@town.example"} {
			if _, err := o.srv.App.Auth.UserByEmail(o.srv.Ctx(), email); err == nil {
				t.Errorf("account %s was created despite the error", email)
			}
		}
	})
}

func TestAdminCannotDemoteOrDisableThemselves(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		self := "/admin/users/" + itoa(o.admin.ID)
		tests := []struct {
			name      string
			form      url.Values
			wantError string
		}{
			{"demote to staff", url.Values{"name": {"Anna"}, "role": {"staff"}}, "Sie können sich nicht selbst die Administrationsrolle entziehen."},
			{"demote to citizen", url.Values{"name": {"Anna"}, "role": {"citizen"}}, "Sie können sich nicht selbst die Administrationsrolle entziehen."},
			{"disable", url.Values{"name": {"Anna"}, "role": {"admin"}, "disabled": {"on"}}, "Sie können Ihr eigenes Konto nicht sperren."},
			{"no role", url.Values{"name": {"Anna"}}, `id="f-role-error"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.Post(self, tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, `value="Anna"`)
			})
		}
		u, err := o.srv.App.Auth.UserByID(o.srv.Ctx(), o.admin.ID)
		if err != nil || u.Role != auth.RoleAdmin || u.Disabled {
			t.Fatalf("admin after refused changes = %+v, %v", u, err)
		}

		// Renaming oneself is fine, and so is demoting someone else.
		wantRedirect(t, admin.Post(self, url.Values{"name": {"Anna Admin"}, "role": {"admin"}}), self)
		other := "/admin/users/" + itoa(o.staffA.ID)
		wantRedirect(t, admin.Post(other, url.Values{"name": {"Paula"}, "role": {"citizen"}, "disabled": {"on"}}), other)
		u, _ = o.srv.App.Auth.UserByID(o.srv.Ctx(), o.staffA.ID)
		if u.Role != auth.RoleCitizen || !u.Disabled || u.Name != "Paula" {
			t.Errorf("staffA after edit = %+v", u)
		}
		if n := auditCount(t, o.srv, "user.update", "user", o.staffA.ID); n != 1 {
			t.Errorf("user.update entries = %d, want 1", n)
		}
		wantStatus(t, admin.Get("/admin/users/99999"), http.StatusNotFound)
		wantStatus(t, admin.Post("/admin/users/99999", url.Values{"role": {"staff"}}), http.StatusNotFound)
	})
}

func TestViewingAnAccountIsAudited(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		for range 2 {
			wantStatus(t, admin.Get("/admin/users/"+itoa(o.citizen.ID)), http.StatusOK)
		}
		if n := auditCount(t, o.srv, "user.view", "user", o.citizen.ID); n != 2 {
			t.Errorf("user.view entries = %d, want 2", n)
		}
	})
}
