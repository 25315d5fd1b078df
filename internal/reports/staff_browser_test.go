package reports_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// TestStaffPagesInTheBrowser opens the staff pages in Chromium with
// scripts on: axe finds no WCAG 2.1 A/AA violations on the report page
// with its map and on the field view (every page is checked without
// interaction by internal/app's TestAccessibility), and a click on the map
// fills the place's fields, which the move form then saves.
func TestStaffPagesInTheBrowser(t *testing.T) {
	t.Parallel()
	b := testkit.NewBrowser(t)
	o := newStaffOffice(t, testkit.SQLite)
	r := o.report(t, reports.NewReport{CategoryCode: "muell", Location: &geo.Point{Lat: 52.375, Lon: 9.735},
		Name: "Erika Muster", Email: "erika@example.org"})
	staffToken, err := o.srv.App.Auth.StartSession(o.srv.Ctx(), o.staffA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetCookie(o.srv.URL, web.SessionCookie, staffToken); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"de", "en"} {
		for _, path := range []string{staffPath(r.ID, "?"), "/staff/reports/field?lat=52.37&lon=9.73&"} {
			resp, err := b.Open(o.srv.URL + path + "lang=" + lang)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != http.StatusOK {
				t.Fatalf("%s: status %d", path, resp.Status)
			}
			vs, err := b.Axe()
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) > 0 {
				t.Errorf("%s (%s): %s", path, lang, testkit.FormatViolations(vs))
			}
		}
	}

	// The map of the report's page: a click sets latitude and longitude.
	if _, err := b.Open(o.srv.URL + staffPath(r.ID, "")); err != nil {
		t.Fatal(err)
	}
	shown, err := testkit.BrowserRun(b, chromedp.Evaluate[bool](`(() => {
		const m = document.querySelector("[data-map=picker]");
		return !!m && !m.closest("[data-map-tools]").hidden && m.classList.contains("leaflet-container");
	})()`))
	if err != nil || !shown {
		t.Fatalf("the map is not shown on the report's page (%v)", err)
	}
	clicked, err := testkit.BrowserRun(b, chromedp.Evaluate[string](`(() => {
		const m = document.querySelector("[data-map=picker]");
		const r = m.getBoundingClientRect();
		const opts = {bubbles: true, cancelable: true, clientX: r.left + 40, clientY: r.top + 40, button: 0};
		for (const type of ["mousedown", "mouseup", "click"]) m.dispatchEvent(new MouseEvent(type, opts));
		return document.getElementById("f-lat").value + "," + document.getElementById("f-lon").value;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if clicked == "52.375,9.735" || clicked == "," {
		t.Fatalf("a click on the map left the fields at %q", clicked)
	}
	resp, err := b.Submit(chromedp.Click(chromedp.CSS(`form[action$="/location"] button[type=submit]`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("saving the place: status %d", resp.Status)
	}
	moved := o.stored(t, r.ID).Location
	if moved == nil || moved.String() == "52.375,9.735" {
		t.Errorf("the place from the map was not saved: %v (fields %s)", moved, clicked)
	}
}
