package reports_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffFieldViewListsNearestOpenReportsWithDirections(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		here := geo.Point{Lat: 52.3700, Lon: 9.7300}
		far := o.report(t, reports.NewReport{CategoryCode: "muell", Location: &geo.Point{Lat: 52.3900, Lon: 9.7600}})
		o.clock.Advance(2 * time.Hour)
		near := o.report(t, reports.NewReport{CategoryCode: "muell", Location: &geo.Point{Lat: 52.3705, Lon: 9.7302}})
		closed := o.report(t, reports.NewReport{CategoryCode: "muell", Location: &geo.Point{Lat: 52.3701, Lon: 9.7301}})
		if err := o.svc.SetStatus(o.srv.Ctx(), closed.ID, reports.StatusChange{Status: reports.StatusDone}, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		otherDept := o.report(t, reports.NewReport{CategoryCode: "schlagloch", Location: &geo.Point{Lat: 52.3700, Lon: 9.7300}})
		c := o.login(t, o.staffA)

		r := c.Get("/staff/reports/field?" + url.Values{"lat": {"52.3700"}, "lon": {"9.7300"}}.Encode())
		staffWantStatus(t, r, http.StatusOK)
		staffWantContains(t, r, near.Ref, far.Ref, "Nächste offene Meldungen",
			`href="geo:52.370500,9.730200"`,
			`href="https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&amp;route=52.370000%2C9.730000%3B52.370500%2C9.730200"`,
			`action="`+staffPath(near.ID, "/close")+`"`, `enctype="multipart/form-data"`)
		staffWantLacks(t, r, closed.Ref, otherDept.Ref)
		if !staffBefore(r.Body, near.Ref, far.Ref) {
			t.Error("the nearer report is not listed first")
		}
		if d := geo.Distance(here, *near.Location); d > 100 {
			t.Fatalf("test points are too far apart: %.0f m", d)
		}

		// Without a position: by deadline, the older report's first.
		byDeadline := c.Get("/staff/reports/field")
		staffWantContains(t, byDeadline, "Offene Meldungen nach Frist", near.Ref, far.Ref)
		if !staffBefore(byDeadline.Body, far.Ref, near.Ref) {
			t.Error("without a position the report due first is not listed first")
		}

		bad := c.Get("/staff/reports/field?lat=Rathaus&lon=9.73")
		staffWantStatus(t, bad, http.StatusUnprocessableEntity)
		staffWantContains(t, bad, "Breite und Länge", `value="Rathaus"`)

		// Another department's field view is refused.
		staffWantStatus(t, o.login(t, o.staffB).Get("/staff/reports/field?department="+strconv.FormatInt(o.deptA.ID, 10)), http.StatusForbidden)
	})
}

func TestStaffFieldViewClosesWithPhotoOrShowsTheError(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		r := o.report(t, reports.NewReport{CategoryCode: "muell"})
		next := "/staff/reports/field?lat=52.37&lon=9.73"

		// A file that is not a photo: nothing changes, the field view shows
		// the error at that report's form with the note kept.
		bad := staffUpload(t, o.clientA, staffPath(r.ID, "/close"),
			url.Values{"public_note": {"Abgeholt am Morgen"}, "lat": {"52.37"}, "lon": {"9.73"}, "next": {next}}, []byte("GIF89a"))
		staffWantStatus(t, bad, http.StatusUnprocessableEntity)
		staffWantContains(t, bad, `id="f-photo-error"`, "kein Foto im Format JPEG oder PNG", "Abgeholt am Morgen</textarea>", "<details open>")
		if got := o.stored(t, r.ID); got.Status != reports.StatusNew || len(got.Photos) != 0 {
			t.Fatalf("a refused close changed the report: %s, %d photos", got.Status, len(got.Photos))
		}

		// Without a photo it closes too.
		ok := staffUpload(t, o.clientA, staffPath(r.ID, "/close"), url.Values{"public_note": {"Abgeholt."}, "next": {next}}, nil)
		staffWantStatus(t, ok, http.StatusSeeOther)
		if loc := ok.Header.Get("Location"); loc != next {
			t.Errorf("redirect to %q, want back to %q", loc, next)
		}
		if got := o.stored(t, r.ID); got.Status != reports.StatusDone || got.PublicNote != "Abgeholt." {
			t.Errorf("after closing: %s %q", got.Status, got.PublicNote)
		}
		// A foreign "next" does not lead off the site.
		r2 := o.report(t, reports.NewReport{CategoryCode: "muell"})
		off := staffUpload(t, o.clientA, staffPath(r2.ID, "/close"), url.Values{"next": {"https://evil.example/"}}, nil)
		if loc := off.Header.Get("Location"); loc != "/staff/reports/field" {
			t.Errorf("redirect to %q after a foreign next", loc)
		}
	})
}
