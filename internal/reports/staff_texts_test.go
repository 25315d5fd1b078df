package reports_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestStaffPagesHaveEveryTextInBothLanguages renders every staff page,
// with a history of every kind and with errors, in German and English:
// no text may be missing from the catalog ("[[key]]") or have a wrong
// placeholder ("%!d").
func TestStaffPagesHaveEveryTextInBothLanguages(t *testing.T) {
	t.Parallel()
	o := newStaffOffice(t, testkit.SQLite)
	ctx, sys := o.srv.Ctx(), reports.SystemActor
	r := o.report(t, reports.NewReport{CategoryCode: "schlagloch", Name: "Erika", Email: "erika@example.org",
		Answers: map[string][]string{"groesse": {"gross"}}, Photos: []*photo.Result{staffPhoto(t)}})
	dup := o.report(t, reports.NewReport{CategoryCode: "schlagloch"})
	steps := []error{
		o.svc.Accept(ctx, r.ID, sys),
		o.svc.SetStatus(ctx, r.ID, reports.StatusChange{Status: reports.StatusInProgress, PublicNote: "Wird gemacht", InternalNote: "intern"}, sys),
		o.svc.ReleasePhoto(ctx, r.ID, r.Photos[0].ID, sys),
		o.svc.HidePhoto(ctx, r.ID, r.Photos[0].ID, sys),
		o.svc.Move(ctx, r.ID, nil, "Am Markt 2", sys),
		o.svc.Merge(ctx, dup.ID, r.ID, sys),
		o.svc.SetStatus(ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, sys),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if _, _, err := o.svc.CreateAPIClient(ctx, "Stadtapp", sys); err != nil {
		t.Fatal(err)
	}
	b := o.login(t, o.staffB)
	type visit struct {
		c    *testkit.Client
		path string
	}
	visits := []visit{
		{b, "/staff/reports"}, {b, "/staff/reports?status=all"}, {b, staffPath(r.ID, "")}, {b, staffPath(dup.ID, "")},
		{b, "/staff/reports/field"}, {b, "/staff/reports/field?lat=52.37&lon=9.73"}, {b, "/staff/reports/field?lat=x&lon=y"},
		{b, "/staff/reports?from=x&to=y&sort=z&status=q"},
		{o.clientAdmin, "/staff/reports"}, {o.clientAdmin, "/admin/reports/categories"},
		{o.clientAdmin, "/admin/reports/categories/new"}, {o.clientAdmin, "/admin/reports/categories/" + strconv.FormatInt(o.pothole.ID, 10)},
		{o.clientAdmin, "/admin/reports/apikeys"},
	}
	for _, lang := range []string{"de", "en"} {
		for _, v := range visits {
			sep := "?"
			if strings.Contains(v.path, "?") {
				sep = "&"
			}
			resp := v.c.Get(v.path + sep + "lang=" + lang)
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d", v.path, resp.StatusCode)
			}
			staffWantLacks(t, resp, "[[", "%!")
		}
		posts := []struct {
			path string
			form url.Values
		}{
			{staffPath(dup.ID, "/status"), url.Values{"status": {"duplicate"}}},
			{staffPath(r.ID, "/merge"), url.Values{"target": {"M-2222-22"}}},
			{staffPath(r.ID, "/location"), url.Values{"lat": {"1"}}},
			{"/admin/reports/categories/new", url.Values{"attr_rows": {"1"}, "attr-0-code": {"x y"}, "first_reaction_days": {"-1"}}},
			{"/admin/reports/apikeys", url.Values{"name": {""}}},
		}
		for _, p := range posts {
			c := b
			if strings.HasPrefix(p.path, "/admin/") {
				c = o.clientAdmin
			}
			resp := c.Post(p.path+"?lang="+lang, p.form)
			staffWantStatus(t, resp, http.StatusUnprocessableEntity)
			staffWantLacks(t, resp, "[[", "%!")
		}
	}
}
