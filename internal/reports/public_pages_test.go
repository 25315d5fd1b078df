package reports_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestPublicNearbyReportsAndSupport shows open reports of the category
// near the place before sending, and counts "betrifft mich auch" once per
// browser.
func TestPublicNearbyReportsAndSupport(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		spot := geo.Point{Lat: 52.5200, Lon: 13.4050}
		near, _ := town.report("schlagloch", &spot, 0)
		far := geo.Destination(spot, 90, 400)
		farRep, _ := town.report("schlagloch", &far, 0)
		otherCat, _ := town.report("muell", &spot, 0)
		c := town.srv.Client()

		here := geo.Destination(spot, 0, 20)
		q := url.Values{"category": {"schlagloch"}, "lat": {ftoa(here.Lat)}, "lon": {ftoa(here.Lon)}}
		r := c.Get("/reports/new/details?" + q.Encode())
		publicWantStatus(t, r, http.StatusOK)
		publicWantContains(t, r, "Schon gemeldet?", near.Ref, `action="/reports/`+near.Ref+`/support"`, "20 m entfernt")
		publicWantLacks(t, r, farRep.Ref, otherCat.Ref, "Erika Geheim", "erika.geheim@example.org")

		supporters := func() int {
			rep, err := town.svc.PublicReport(town.srv.Ctx(), near.Ref)
			if err != nil {
				t.Fatal(err)
			}
			return rep.Supporters
		}
		r = c.Post("/reports/"+near.Ref+"/support", url.Values{"support_email": {""}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/reports/"+near.Ref {
			t.Fatalf("support: %d to %q, want 303 to the report", r.StatusCode, r.Header.Get("Location"))
		}
		publicWantContains(t, c.Get("/reports/"+near.Ref), "Danke! Wir haben Sie als betroffen gezählt.")
		if n := supporters(); n != 1 {
			t.Fatalf("supporters after one click = %d, want 1", n)
		}
		c.Post("/reports/"+near.Ref+"/support", url.Values{"support_email": {""}})
		if n := supporters(); n != 1 {
			t.Errorf("a second click of the same browser counted: %d supporters, want 1", n)
		}

		other := town.srv.Client()
		r = other.Post("/reports/"+near.Ref+"/support", url.Values{"support_email": {"kein-at-zeichen"}})
		publicWantStatus(t, r, http.StatusUnprocessableEntity)
		publicWantContains(t, r, `id="f-support_email-error"`, `value="kein-at-zeichen"`)
		r = other.Post("/reports/"+near.Ref+"/support", url.Values{"support_email": {"nachbar@example.org"}})
		publicWantStatus(t, r, http.StatusSeeOther)
		if n := supporters(); n != 2 {
			t.Errorf("supporters after a second person = %d, want 2", n)
		}
		var subscribed int
		if err := town.srv.App.DB.QueryRow(town.srv.Ctx(), "SELECT COUNT(*) FROM report_subscribers WHERE email = ?", "nachbar@example.org").Scan(&subscribed); err != nil {
			t.Fatal(err)
		}
		if subscribed != 1 {
			t.Errorf("supporting with an e-mail address made %d subscriptions, want 1", subscribed)
		}
	})
}

func ftoa(f float64) string { return strings.TrimRight(strings.TrimRight(fmtFloat(f), "0"), ".") }

func fmtFloat(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// TestPublicPagesNeverShowPersonalData looks at every public view of a
// report filed with a name and an e-mail address.
func TestPublicPagesNeverShowPersonalData(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		spot := geo.Point{Lat: 52.52, Lon: 13.405}
		rep, token := town.report("schlagloch", &spot, 1)
		c := town.srv.Client()
		for _, path := range []string{"/reports", "/reports/" + rep.Ref, "/reports/map.geojson", "/reports/sent/" + rep.Ref,
			"/reports?category=schlagloch&status=new&period=7", "/reports/new/details?category=schlagloch&lat=52.52&lon=13.405"} {
			r := c.Get(path)
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, rep.Ref)
			publicWantLacks(t, r, "Erika Geheim", "erika.geheim@example.org", token)
		}
		r := c.Get(reports.ManagePath(token))
		publicWantStatus(t, r, http.StatusOK)
		publicWantContains(t, r, "Erika Geheim", "erika.geheim@example.org")
	})
}

// TestPublicPhotosOnlyWhenReleased serves a photo after staff released it,
// with a content-hash ETag, and never before or after hiding.
func TestPublicPhotosOnlyWhenReleased(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		rep, _ := town.report("muell", nil, 1)
		ctx := town.srv.Ctx()
		staffView, err := town.svc.StaffReport(ctx, rep.ID, reports.SystemActor)
		if err != nil {
			t.Fatal(err)
		}
		ph := staffView.Photos[0]
		path := reports.PhotoPath(rep.Ref, ph.ID, false)
		c := town.srv.Client()

		publicWantStatus(t, c.Get(path), http.StatusNotFound)
		publicWantStatus(t, c.Get(reports.PhotoPath(rep.Ref, ph.ID, true)), http.StatusNotFound)
		publicWantLacks(t, c.Get("/reports/"+rep.Ref), path)

		if err := town.svc.ReleasePhoto(ctx, rep.ID, ph.ID, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		r := c.Get(path)
		publicWantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "image/jpeg" || !strings.HasPrefix(r.Body, "\xff\xd8\xff") {
			t.Errorf("photo: Content-Type %q, body starts %q; want a JPEG", ct, r.Body[:min(4, len(r.Body))])
		}
		if etag := r.Header.Get("ETag"); etag != `"`+ph.Key+`"` {
			t.Errorf("ETag %q, want the content hash %q", etag, ph.Key)
		}
		req, _ := http.NewRequest(http.MethodGet, c.Base+path, nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation with the ETag: status %d, want 304", resp.StatusCode)
		}
		thumb := c.Get(reports.PhotoPath(rep.Ref, ph.ID, true))
		publicWantStatus(t, thumb, http.StatusOK)
		if len(thumb.Body) >= len(r.Body) {
			t.Errorf("thumbnail has %d bytes, photo %d: want a smaller one", len(thumb.Body), len(r.Body))
		}
		publicWantContains(t, c.Get("/reports/"+rep.Ref), reports.PhotoPath(rep.Ref, ph.ID, true))

		publicWantStatus(t, c.Get(reports.PhotoPath(rep.Ref, ph.ID+1000, false)), http.StatusNotFound)
		publicWantStatus(t, c.Get("/reports/photos/"+rep.Ref+"/abc"), http.StatusNotFound)

		if err := town.svc.HidePhoto(ctx, rep.ID, ph.ID, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		publicWantStatus(t, c.Get(path), http.StatusNotFound)
	})
}

// TestPublicListFiltersPagesAndMapData checks the list's filters and
// paging and the GeoJSON the map loads.
func TestPublicListFiltersPagesAndMapData(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		ctx := town.srv.Ctx()
		spot := geo.Point{Lat: 52.52, Lon: 13.405}
		var potholes []reports.Report
		for i := range 22 {
			p := geo.Destination(spot, 0, float64(100*i))
			r, _ := town.report("schlagloch", &p, 0)
			potholes = append(potholes, r)
			town.clock.Advance(60e9)
		}
		litter, _ := town.report("muell", &spot, 0)
		if err := town.svc.SetStatus(ctx, litter.ID, reports.StatusChange{Status: reports.StatusDone, PublicNote: "Abgeholt."}, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		c := town.srv.Client()

		r := c.Get("/reports?category=muell")
		publicWantStatus(t, r, http.StatusOK)
		publicWantContains(t, r, litter.Ref, "erledigt", "status-green")
		publicWantLacks(t, r, potholes[0].Ref)

		r = c.Get("/reports?status=open")
		publicWantLacks(t, r, litter.Ref)
		publicWantContains(t, r, potholes[21].Ref, "status-red", "neu", `rel="next"`)
		publicWantLacks(t, r, potholes[0].Ref)
		r = c.Get("/reports?status=open&page=2")
		publicWantContains(t, r, potholes[0].Ref, `rel="prev"`)
		publicWantLacks(t, r, potholes[21].Ref, `rel="next"`)

		r = c.Get("/reports?status=nonsense&period=13&category=" + strings.Repeat("x", 300) + "&page=-4")
		publicWantStatus(t, r, http.StatusOK)

		// A box around the first three potholes (0, 100 and 200 m north).
		box := geo.Around(geo.Destination(spot, 0, 100), 150)
		r = c.Get("/reports/map.geojson?category=schlagloch&bbox=" + url.QueryEscape(box.String()))
		publicWantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "application/geo+json" {
			t.Errorf("map data Content-Type %q, want application/geo+json", ct)
		}
		var fc struct {
			Type     string
			Features []struct {
				ID         string
				Geometry   struct{ Coordinates []float64 }
				Properties map[string]string
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &fc); err != nil {
			t.Fatalf("map data is not JSON: %v\n%s", err, r.Body)
		}
		var got []string
		for _, f := range fc.Features {
			got = append(got, f.ID)
			if f.Properties["url"] != "/reports/"+f.ID || f.Properties["light"] != "red" || f.Properties["status_label"] != "neu" {
				t.Errorf("feature %s properties %v", f.ID, f.Properties)
			}
		}
		if fc.Type != "FeatureCollection" || len(got) != 3 || !strings.Contains(strings.Join(got, " "), potholes[1].Ref) {
			t.Errorf("bbox around the first potholes gave %v, want 3 including %s", got, potholes[1].Ref)
		}
		r = c.Get("/reports/map.geojson?status=closed&lang=en")
		publicWantContains(t, r, litter.Ref, `"status_label":"done"`, `"category_name":"Fly-tipping"`)
		publicWantLacks(t, r, potholes[0].Ref)

		for _, bad := range []string{"bbox=1,2,3", "bbox=53,13,52,14", "limit=0", "limit=x"} {
			r = c.Get("/reports/map.geojson?" + bad)
			publicWantStatus(t, r, http.StatusBadRequest)
		}
	})
}

// TestPublicMapTilesInTheContentSecurityPolicy lets the configured tile
// server through img-src, and nothing else.
func TestPublicMapTilesInTheContentSecurityPolicy(t *testing.T) {
	t.Parallel()
	town := newPublicTown(t, testkit.SQLite, func(c *config.Config, _ *app.Options) {
		c.MapTileURL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
	})
	r := town.srv.Client().Get("/reports/new/place?category=muell")
	publicWantStatus(t, r, http.StatusOK)
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' data: blob: https://*.tiles.example.org;") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP %q: want the tile server in img-src and scripts from the site only", csp)
	}
	publicWantContains(t, r, `data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"`, "/static/reports/map.")
}

// TestPublicNavigationAndStartPage link to the reporting flow.
func TestPublicNavigationAndStartPage(t *testing.T) {
	t.Parallel()
	town := newPublicTown(t, testkit.SQLite)
	c := town.srv.Client()
	r := c.Get("/")
	publicWantContains(t, r, `href="/reports/new"`, "Mängel melden", `href="/reports"`)
	r = c.Get("/?lang=en")
	publicWantContains(t, r, "Report a problem")
}
