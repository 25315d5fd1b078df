package reports_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffInboxShowsOnlyTheDepartmentsOwnReports(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		dump := o.report(t, reports.NewReport{CategoryCode: "muell", Name: "Erika Muster", Email: "erika@example.org"})
		hole := o.report(t, reports.NewReport{CategoryCode: "schlagloch", Description: "Tiefes Loch vor der Schule."})

		a := o.clientA.Get("/staff/reports")
		staffWantStatus(t, a, http.StatusOK)
		staffWantContains(t, a, dump.Ref, `href="`+staffPath(dump.ID, "")+`"`, "Ordnungsamt")
		staffWantLacks(t, a, hole.Ref)

		b := o.clientB.Get("/staff/reports")
		staffWantStatus(t, b, http.StatusOK)
		staffWantContains(t, b, hole.Ref)
		staffWantLacks(t, b, dump.Ref)

		// Asking for the other department's inbox is refused, not emptied.
		staffWantStatus(t, o.clientB.Get("/staff/reports?department="+strconv.FormatInt(o.deptA.ID, 10)), http.StatusForbidden)

		// The report page with the personal data: own department yes,
		// other department 403 without a trace of the report.
		page := o.clientA.Get(staffPath(dump.ID, ""))
		staffWantStatus(t, page, http.StatusOK)
		staffWantContains(t, page, "Erika Muster", "erika@example.org", dump.Ref)
		if n := o.auditCount(t, "report.view", "report", dump.ID); n != 1 {
			t.Errorf("viewing personal data left %d audit entries, want 1", n)
		}
		for _, path := range []string{staffPath(dump.ID, ""), staffPath(dump.ID, "/photos/1")} {
			denied := o.clientB.Get(path)
			staffWantStatus(t, denied, http.StatusForbidden)
			staffWantLacks(t, denied, "Erika", dump.Ref)
		}
		staffWantStatus(t, o.clientCitizen.Get("/staff/reports"), http.StatusForbidden)
		staffWantStatus(t, o.clientCitizen.Get(staffPath(dump.ID, "")), http.StatusForbidden)
		if r := o.clientAnonymous.Get(staffPath(dump.ID, "")); r.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous: status %d, want a redirect to sign in", r.StatusCode)
		}

		// An admin sees all, and one department with the filter.
		all := o.clientAdmin.Get("/staff/reports")
		staffWantContains(t, all, dump.Ref, hole.Ref)
		onlyB := o.clientAdmin.Get("/staff/reports?department=" + strconv.FormatInt(o.deptB.ID, 10))
		staffWantContains(t, onlyB, hole.Ref)
		staffWantLacks(t, onlyB, dump.Ref)
		staffWantStatus(t, o.clientAdmin.Get("/staff/reports?department=999999"), http.StatusUnprocessableEntity)
	})
}

func TestStaffInboxFiltersSortsAndMarksOverdue(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		old := o.report(t, reports.NewReport{CategoryCode: "muell", Address: "Lindenallee 4", Description: "Alte Matratzen"})
		o.clock.Advance(3 * 24 * time.Hour)
		done := o.report(t, reports.NewReport{CategoryCode: "muell", Description: "Kühlschrank im Wald"})
		if err := o.svc.SetStatus(o.srv.Ctx(), done.ID, reports.StatusChange{Status: reports.StatusDone}, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		fresh := o.report(t, reports.NewReport{CategoryCode: "muell", Description: "Autoreifen am Bach"})
		c := o.login(t, o.staffA)

		// By default: open reports, the overdue one marked in words.
		r := c.Get("/staff/reports")
		staffWantStatus(t, r, http.StatusOK)
		staffWantContains(t, r, old.Ref, fresh.Ref, "Erste Reaktion überfällig", "Offen: 2. Davon überfällig: 1.")
		staffWantLacks(t, r, done.Ref)

		tests := []struct {
			name        string
			query       url.Values
			want, lacks []string
		}{
			{"overdue only", url.Values{"overdue": {"on"}}, []string{old.Ref}, []string{fresh.Ref, done.Ref}},
			{"closed", url.Values{"status": {"closed"}}, []string{done.Ref}, []string{old.Ref, fresh.Ref}},
			{"one status", url.Values{"status": {"done"}}, []string{done.Ref}, []string{old.Ref}},
			{"text", url.Values{"q": {"matratzen"}, "status": {"all"}}, []string{old.Ref}, []string{fresh.Ref, done.Ref}},
			{"address text", url.Values{"q": {"lindenallee"}}, []string{old.Ref}, []string{fresh.Ref}},
			{"period", url.Values{"from": {staffStart.AddDate(0, 0, 2).Format("2006-01-02")}, "status": {"all"}},
				[]string{fresh.Ref, done.Ref}, []string{old.Ref}},
			{"category without reports", url.Values{"category": {"schlagloch"}}, []string{"Keine Meldungen für diese Auswahl."}, []string{old.Ref}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := c.Get("/staff/reports?" + tc.query.Encode())
				staffWantStatus(t, r, http.StatusOK)
				staffWantContains(t, r, tc.want...)
				staffWantLacks(t, r, tc.lacks...)
			})
		}

		// Sorting by age puts the oldest first, newest first the other way.
		oldest := c.Get("/staff/reports?sort=oldest").Body
		newest := c.Get("/staff/reports?sort=newest").Body
		if !staffBefore(oldest, old.Ref, fresh.Ref) || !staffBefore(newest, fresh.Ref, old.Ref) {
			t.Errorf("sort by age does not order the reports")
		}

		// Bad filter input is answered with the form and its errors.
		bad := c.Get("/staff/reports?from=gestern&status=kaputt")
		staffWantStatus(t, bad, http.StatusUnprocessableEntity)
		staffWantContains(t, bad, `id="f-from"`, `value="gestern"`, "Bitte geben Sie ein Datum ein")
	})
}

func TestStaffInboxPages(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		var refs []string
		for range 27 {
			refs = append(refs, o.report(t, reports.NewReport{CategoryCode: "muell"}).Ref)
			o.clock.Advance(time.Minute)
		}
		first := o.clientA.Get("/staff/reports?sort=oldest")
		staffWantContains(t, first, "27 Meldungen gefunden", refs[0], refs[24], `rel="next"`)
		staffWantLacks(t, first, refs[25])
		second := o.clientA.Get("/staff/reports?page=2&sort=oldest")
		staffWantContains(t, second, refs[25], refs[26], `rel="prev"`)
		staffWantLacks(t, second, refs[0], `rel="next"`)
	})
}

// staffBefore reports whether a occurs in s before b.
func staffBefore(s, a, b string) bool {
	ia, ib := strings.Index(s, a), strings.Index(s, b)
	return ia >= 0 && ib >= 0 && ia < ib
}
