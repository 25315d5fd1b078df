package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffAndAdminPagesRenderForTheirRoles(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		a, b := "/staff/departments/"+itoa(o.deptA.ID), "/staff/departments/"+itoa(o.deptB.ID)
		adminPages := []string{"/admin/departments", "/admin/departments/new", "/admin/departments/" + itoa(o.deptA.ID),
			"/admin/users", "/admin/users/new", "/admin/users/" + itoa(o.staffA.ID)}
		type visit struct {
			path   string
			status int
			want   []string
		}
		tests := []struct {
			name   string
			who    *auth.User
			visits []visit
		}{
			{"admin", &o.admin, append([]visit{
				{"/staff", 200, []string{"Verwaltung des Online-Rathauses", `href="/admin/users"`, `href="/admin/audit"`,
					`href="/admin/pages/barrierefreiheit"`, `href="/admin/settings"`, `href="/admin/feedback"`}},
				{a, 200, []string{"<h1>Ordnungsamt</h1>", o.staffA.Email, `action="` + a + `/members"`}},
			}, func() []visit {
				var vs []visit
				for _, p := range adminPages {
					vs = append(vs, visit{p, 200, nil})
				}
				return vs
			}()...)},
			{"lead", &o.lead, append([]visit{
				{"/staff", 200, []string{`href="` + a + `"`, "Team von Ordnungsamt", o.staffA.Email}},
				{a, 200, []string{o.staffA.Email, `action="` + a + `/members"`, `action="` + a + `/members/` + itoa(o.staffA.ID) + `/remove"`}},
				{b, 403, nil},
			}, func() []visit {
				var vs []visit
				for _, p := range adminPages {
					vs = append(vs, visit{p, 403, nil})
				}
				return vs
			}()...)},
			{"staff", &o.staffA, []visit{
				{"/staff", 200, []string{`href="` + a + `"`, `href="/staff"`}},
				{a, 200, []string{o.lead.Email}},
				{b, 403, nil},
				{"/admin/users", 403, nil},
			}},
			{"citizen", &o.citizen, []visit{{"/staff", 403, nil}, {a, 403, nil}, {"/admin/departments", 403, nil}}},
			{"anonymous", nil, []visit{{"/staff", 303, nil}, {a, 303, nil}, {"/admin/users", 303, nil}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := o.as(t, tt.who)
				for _, v := range tt.visits {
					for _, lang := range []string{"de", "en"} {
						r := c.Get(v.path + "?lang=" + lang)
						wantStatus(t, r, v.status)
						if lang == "de" {
							wantContains(t, r, v.want...)
						}
						wantLacks(t, r, "[[")
					}
				}
			})
		}
		// Staff who do not lead see the team but cannot change it.
		r := o.as(t, &o.staffA).Get(a)
		wantLacks(t, r, `action="`+a+`/members"`)
	})
}

func TestAdminCreatesAndEditsDepartment(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		r := admin.Post("/admin/departments/new", url.Values{
			"name": {"Jugendamt"}, "slug": {"jugendamt"}, "email": {"jugendamt@town.example"}, "description": {"Kita-Plätze"},
		})
		wantStatus(t, r, http.StatusSeeOther)
		d, err := o.srv.App.Auth.DepartmentBySlug(o.srv.Ctx(), "jugendamt")
		if err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, r, "/admin/departments/"+itoa(d.ID))
		wantContains(t, admin.Get("/admin/departments"), "Jugendamt")
		if n := auditCount(t, o.srv, "department.create", "department", d.ID); n != 1 {
			t.Errorf("department.create entries = %d, want 1", n)
		}

		edit := "/admin/departments/" + itoa(d.ID)
		wantRedirect(t, admin.Post(edit, url.Values{"name": {"Jugend und Familie"}, "slug": {"jugend"}, "email": {""}, "description": {""}}), edit)
		d, err = o.srv.App.Auth.DepartmentByID(o.srv.Ctx(), d.ID)
		if err != nil || d.Name != "Jugend und Familie" || d.Slug != "jugend" || d.Email != "" {
			t.Errorf("department after edit = %+v, %v", d, err)
		}
		if n := auditCount(t, o.srv, "department.update", "department", d.ID); n != 1 {
			t.Errorf("department.update entries = %d, want 1", n)
		}

		tests := []struct {
			name, path    string
			form          url.Values
			wantError     string
			kept          string
			wantUnchanged bool
		}{
			{"new with taken slug", "/admin/departments/new", url.Values{"name": {"Zweites <Amt>"}, "slug": {"bauamt"}},
				"Dieses Kürzel ist schon vergeben.", `value="Zweites &lt;Amt&gt;"`, false},
			{"new without name", "/admin/departments/new", url.Values{"name": {""}, "slug": {"neu"}, "description": {"bleibt"}},
				`id="f-name-error"`, ">bleibt</textarea>", false},
			{"edit with bad slug", edit, url.Values{"name": {"Jugend"}, "slug": {"Jugend Amt"}},
				`id="f-slug-error"`, `value="Jugend Amt"`, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.Post(tt.path, tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, tt.kept, `class="error-summary"`)
			})
		}
		if got, _ := o.srv.App.Auth.DepartmentByID(o.srv.Ctx(), d.ID); got.Slug != "jugend" {
			t.Errorf("failed edit changed the slug to %q", got.Slug)
		}
		wantStatus(t, admin.Get("/admin/departments/9999"), http.StatusNotFound)
		wantStatus(t, admin.Post("/admin/departments/9999", url.Values{"name": {"X"}, "slug": {"x"}}), http.StatusNotFound)
	})
}

func TestAdminUserListSearchesAndFiltersByRole(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newOffice(t, e)
		admin := o.as(t, &o.admin)
		tests := []struct {
			query      string
			want, lack []string
		}{
			{"", []string{o.admin.Email, o.citizen.Email, o.lead.Email}, nil},
			{"?q=LEAD", []string{o.lead.Email}, []string{o.citizen.Email, o.staffA.Email}},
			{"?role=citizen", []string{o.citizen.Email}, []string{o.admin.Email, o.lead.Email}},
			{"?role=staff&q=staff.", []string{o.staffA.Email, o.staffB.Email}, []string{o.lead.Email, o.citizen.Email}},
			{"?q=%25", nil, []string{o.admin.Email}}, // a LIKE wildcard is searched as text
			{"?role=nonsense", []string{o.admin.Email, o.citizen.Email}, nil},
		}
		for _, tt := range tests {
			r := admin.Get("/admin/users" + tt.query)
			wantStatus(t, r, http.StatusOK)
			wantContains(t, r, tt.want...)
			wantLacks(t, r, tt.lack...)
		}
		if !strings.Contains(admin.Get("/admin/users?role=citizen").Body, `<option value="citizen" selected>`) {
			t.Error("role filter not kept in the form")
		}
	})
}
