package reports_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffInSeveralDepartmentsSeeOneInboxOverAll(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		ctx := o.srv.Ctx()
		deptC, err := o.srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "gruen", Name: "Grünflächenamt"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.svc.SaveCategory(ctx, reports.Category{Code: "baum", Name: reports.Text{DE: "Baum"}, DepartmentID: deptC.ID,
			Active: true}, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		carla := o.srv.CreateUser("carla@town.example", staffPW, auth.RoleStaff)
		for _, d := range []int64{o.deptA.ID, o.deptB.ID} {
			if err := o.srv.App.Auth.SetMembership(ctx, carla.ID, d, false); err != nil {
				t.Fatal(err)
			}
		}
		dump := o.report(t, reports.NewReport{CategoryCode: "muell"})
		hole := o.report(t, reports.NewReport{CategoryCode: "schlagloch"})
		tree := o.report(t, reports.NewReport{CategoryCode: "baum"})
		c := o.login(t, carla)
		dept := func(id int64) string { return "?department=" + strconv.FormatInt(id, 10) }

		all := c.Get("/staff/reports")
		staffWantStatus(t, all, http.StatusOK)
		staffWantContains(t, all, dump.Ref, hole.Ref, "Offen: 2.", `<option value="" selected>Alle meine Fachbereiche</option>`)
		staffWantLacks(t, all, tree.Ref)
		onlyB := c.Get("/staff/reports" + dept(o.deptB.ID))
		staffWantContains(t, onlyB, hole.Ref, "Offen: 1.")
		staffWantLacks(t, onlyB, dump.Ref, tree.Ref)
		staffWantStatus(t, c.Get("/staff/reports"+dept(deptC.ID)), http.StatusForbidden)

		field := c.Get("/staff/reports/field")
		staffWantStatus(t, field, http.StatusOK)
		staffWantContains(t, field, dump.Ref, hole.Ref)
		staffWantLacks(t, field, tree.Ref)

		// Staff in one department have no such choice.
		staffWantLacks(t, o.clientA.Get("/staff/reports"), "Alle meine Fachbereiche")

		// The Service lists nothing for no departments, never everything.
		if p, err := o.svc.InboxList(ctx, reports.Filter{Staff: true}, nil); err != nil || len(p.Reports) != 0 {
			t.Errorf("inbox of no departments: %d reports (%v)", len(p.Reports), err)
		}
		if n, err := o.svc.InboxCount(ctx, reports.Filter{Staff: true}, []int64{o.deptA.ID, deptC.ID}); err != nil || n != 2 {
			t.Errorf("count over two departments: %d (%v), want 2", n, err)
		}
	})
}
