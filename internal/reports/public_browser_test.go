package reports_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestPublicPagesInTheBrowser checks the citizens' pages with axe-core
// (WCAG 2.1 A and AA) in both languages, with the maps drawn by script,
// and sends a report with JavaScript turned off.
func TestPublicPagesInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; without -short it runs")
	}
	b := testkit.NewBrowser(t)
	town := newPublicTown(t, testkit.SQLite)
	ctx := town.srv.Ctx()
	spot := geo.Point{Lat: 52.52, Lon: 13.405}
	rep, token := town.report("schlagloch", &spot, 1)
	full, err := town.svc.StaffReport(ctx, rep.ID, reports.SystemActor)
	if err != nil {
		t.Fatal(err)
	}
	if err := town.svc.ReleasePhoto(ctx, rep.ID, full.Photos[0].ID, reports.SystemActor); err != nil {
		t.Fatal(err)
	}
	if err := town.svc.SetStatus(ctx, rep.ID, reports.StatusChange{Status: reports.StatusDone, PublicNote: "Verfüllt."}, reports.SystemActor); err != nil {
		t.Fatal(err)
	}
	town.report("schlagloch", &spot, 0) // an open one nearby
	details := url.Values{"category": {"schlagloch"}, "lat": {"52.5201"}, "lon": {"13.4051"}, "address": {"Lindenallee 5"}}
	// The shell's accessibility test opens every route once; these are the
	// states it cannot reach: a chosen category, reports nearby, a closed
	// report with photo and history, the reporter's page with its forms.
	pages := []string{
		"/reports/new/place?category=schlagloch",
		"/reports/new/details?" + details.Encode(),
		"/reports?status=closed",
		"/reports/" + rep.Ref,
		reports.ManagePath(token),
	}
	check := func(t *testing.T, what string) {
		t.Helper()
		vs, err := b.Axe()
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) > 0 {
			t.Errorf("%s: %d accessibility violation(s):\n%s", what, len(vs), testkit.FormatViolations(vs))
		}
	}
	for i, p := range pages {
		for _, lang := range []string{"de", "en"} {
			t.Run(fmt.Sprintf("%s/page_%d", lang, i), func(t *testing.T) {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				resp, err := b.Open(town.srv.URL + p + sep + "lang=" + lang)
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status >= 500 {
					t.Fatalf("status %d", resp.Status)
				}
				check(t, fmt.Sprintf("%s (%s, status %d)", p, lang, resp.Status))
			})
		}
	}

	t.Run("maps_are_drawn_with_javascript", func(t *testing.T) {
		if _, err := b.Open(town.srv.URL + "/reports/new/place?category=schlagloch&lang=de"); err != nil {
			t.Fatal(err)
		}
		visible, err := testkit.BrowserRun(b, chromedp.Evaluate[bool](`!document.querySelector("[data-map-tools]").hidden && !!document.querySelector("#place-map.leaflet-container")`))
		if err != nil || !visible {
			t.Fatalf("the place map is not drawn (err %v)", err)
		}
		if err := b.Do(chromedp.Click(chromedp.CSS(`[data-centre]`))); err != nil {
			t.Fatal(err)
		}
		lat, err := testkit.BrowserRun(b, chromedp.Evaluate[string](`document.querySelector("input[data-lat]").value`))
		if err != nil || lat == "" {
			t.Errorf("marking the map centre left lat %q (err %v)", lat, err)
		}
		check(t, "place page with a marked spot")
		if _, err := b.Open(town.srv.URL + "/reports?lang=de"); err != nil {
			t.Fatal(err)
		}
		if err := b.Do(chromedp.WaitVisible(chromedp.CSS(`#reports-map path.leaflet-interactive`))); err != nil {
			t.Errorf("the map of reports shows no reports: %v", err)
		}
		check(t, "list with the map")
	})

	t.Run("sending_an_empty_details_form", func(t *testing.T) {
		if _, err := b.Open(town.srv.URL + "/reports/new/details?" + details.Encode()); err != nil {
			t.Fatal(err)
		}
		resp, err := b.Submit(chromedp.Evaluate[chromedp.Void](`document.querySelector('main form[action="/reports/new"]').submit()`))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 422 {
			t.Errorf("empty details form answered %d, want 422", resp.Status)
		}
		check(t, "details form with errors")
	})

	t.Run("reporting_without_javascript", func(t *testing.T) {
		if err := b.SetJavaScript(false); err != nil {
			t.Fatal(err)
		}
		defer b.SetJavaScript(true)
		if _, err := b.Open(town.srv.URL + "/reports/new?lang=de"); err != nil {
			t.Fatal(err)
		}
		if err := b.Do(chromedp.Click(chromedp.CSS(`input[value="muell"]`))); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Submit(chromedp.Click(chromedp.CSS(`form[action="/reports/new/place"] button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
		hidden, err := testkit.BrowserRun(b, chromedp.Evaluate[bool](`document.querySelector("[data-map-tools]").hidden`))
		if err != nil || !hidden {
			t.Errorf("without JavaScript the map tools should stay hidden (err %v)", err)
		}
		if err := b.Do(chromedp.SendKeys(chromedp.CSS(`#f-address`), "Am Bahnhof 2")); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Submit(chromedp.Click(chromedp.CSS(`form[action="/reports/new/details"] button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
		if err := b.Do(chromedp.SendKeys(chromedp.CSS(`#f-description`), "Alte Matratzen neben dem Container")); err != nil {
			t.Fatal(err)
		}
		resp, err := b.Submit(chromedp.Click(chromedp.CSS(`form[action="/reports/new"] button[type=submit]`)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 200 || !strings.Contains(resp.URL, "/reports/sent/M-") {
			t.Fatalf("sending landed on %s with %d, want the confirmation", resp.URL, resp.Status)
		}
		ref := resp.URL[strings.Index(resp.URL, "/reports/sent/")+len("/reports/sent/"):]
		got, err := town.svc.PublicReport(ctx, ref)
		if err != nil || got.Address != "Am Bahnhof 2" || got.Description != "Alte Matratzen neben dem Container" {
			t.Errorf("report %s = %+v (err %v), want the typed address and description", ref, got, err)
		}
	})
}
