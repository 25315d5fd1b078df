package reports_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestPublicManagePage runs the reporter's actions on their private page:
// reopen within the window and not after it, feedback once closed, and
// deleting their data, after which the link stops working.
func TestPublicManagePage(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		ctx := town.srv.Ctx()
		spot := geo.Point{Lat: 52.52, Lon: 13.405}
		rep, token := town.report("schlagloch", &spot, 0)
		manage := reports.ManagePath(token)
		c := town.srv.Client()
		status := func() reports.Status {
			r, err := town.svc.PublicReport(ctx, rep.Ref)
			if err != nil {
				t.Fatal(err)
			}
			return r.Status
		}
		done := func() {
			if err := town.svc.SetStatus(ctx, rep.ID, reports.StatusChange{Status: reports.StatusDone, PublicNote: "Loch verfüllt."}, reports.SystemActor); err != nil {
				t.Fatal(err)
			}
		}

		r := c.Get(manage)
		publicWantStatus(t, r, http.StatusOK)
		publicWantContains(t, r, rep.Ref, "Erika Geheim", "Meine Daten löschen")
		publicWantLacks(t, r, "Meldung wieder öffnen", "Ist der Mangel behoben?")
		if r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("manage page Referrer-Policy %q, want no-referrer", r.Header.Get("Referrer-Policy"))
		}

		t.Run("feedback_on_an_open_report_is_refused", func(t *testing.T) {
			r := c.Post(manage+"/feedback", url.Values{"fixed": {"yes"}})
			publicWantStatus(t, r, http.StatusConflict)
			publicWantContains(t, r, "erst möglich, wenn die Meldung abgeschlossen ist")
		})

		t.Run("reopen_within_the_window", func(t *testing.T) {
			done()
			town.clock.Advance(13 * 24 * time.Hour)
			r := c.Get(manage)
			publicWantContains(t, r, "Meldung wieder öffnen", "Loch verfüllt.")
			r = c.Post(manage+"/reopen", url.Values{"reason": {""}})
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, `id="f-reason-error"`)
			r = c.Post(manage+"/reopen", url.Values{"reason": {"Das Loch ist wieder da."}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != manage {
				t.Fatalf("reopen: %d to %q, want 303 back to the page:\n%s", r.StatusCode, r.Header.Get("Location"), testkit.Excerpt(r.Body))
			}
			if s := status(); s != reports.StatusNew {
				t.Errorf("status after reopening = %s, want new", s)
			}
			publicWantContains(t, c.Get(manage), "Die Meldung ist wieder offen.", "Das Loch ist wieder da.")
			publicWantLacks(t, c.Get("/reports/"+rep.Ref), "Das Loch ist wieder da.")
		})

		t.Run("reopen_after_the_window_is_refused", func(t *testing.T) {
			done()
			town.clock.Advance(15 * 24 * time.Hour)
			r := c.Get(manage)
			publicWantLacks(t, r, `action="`+manage+`/reopen"`)
			publicWantContains(t, r, "bis 14 Tage nach „erledigt“")
			r = c.Post(manage+"/reopen", url.Values{"reason": {"Immer noch kaputt."}})
			publicWantStatus(t, r, http.StatusConflict)
			if s := status(); s != reports.StatusDone {
				t.Errorf("status after a late reopen = %s, want done", s)
			}
		})

		t.Run("feedback_once_closed", func(t *testing.T) {
			r := c.Post(manage+"/feedback", url.Values{"comment": {"ohne Wahl"}})
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, `id="f-fixed-error"`, "ohne Wahl")
			r = c.Post(manage+"/feedback", url.Values{"fixed": {"no"}, "comment": {"Nur halb verfüllt."}})
			publicWantStatus(t, r, http.StatusSeeOther)
			page := c.Get(manage)
			publicWantContains(t, page, "Danke für Ihre Rückmeldung.", "Nicht behoben", "Nur halb verfüllt.")
			public := c.Get("/reports/" + rep.Ref)
			publicWantContains(t, public, "Nicht behoben")
			publicWantLacks(t, public, "Nur halb verfüllt.")
		})

		t.Run("delete_my_data", func(t *testing.T) {
			r := c.Post(manage+"/delete", nil)
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, "Bitte bestätigen Sie, dass Sie Ihre Daten löschen möchten.")
			r = c.Post(manage+"/delete", url.Values{"confirm": {"on"}})
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/reports/"+rep.Ref {
				t.Fatalf("delete: %d to %q, want 303 to the public page", r.StatusCode, r.Header.Get("Location"))
			}
			publicWantContains(t, c.Get("/reports/"+rep.Ref), "Ihre persönlichen Daten zu dieser Meldung sind gelöscht.")
			publicWantStatus(t, c.Get(manage), http.StatusNotFound)
			full, err := town.svc.StaffReport(ctx, rep.ID, reports.SystemActor)
			if err != nil {
				t.Fatal(err)
			}
			if !full.Reporter.IsZero() {
				t.Errorf("reporter after deleting = %+v, want nothing", full.Reporter)
			}
		})

		publicWantStatus(t, c.Get(reports.ManagePath("kein-gueltiger-link")), http.StatusNotFound)
		publicWantStatus(t, c.Post(reports.ManagePath("kein-gueltiger-link")+"/reopen", url.Values{"reason": {"x"}}), http.StatusNotFound)
	})
}

// TestPublicSubscription asks to follow a report, confirms it with the
// button behind the mail's link and ends it again.
func TestPublicSubscription(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		ctx := town.srv.Ctx()
		rep, _ := town.report("muell", nil, 0)
		c := town.srv.Client()

		r := c.Post("/reports/"+rep.Ref+"/subscribe", url.Values{"subscribe_email": {""}})
		publicWantStatus(t, r, http.StatusUnprocessableEntity)
		publicWantContains(t, r, `id="f-subscribe_email-error"`, "Bitte füllen Sie dieses Feld aus.")
		r = c.Post("/reports/"+rep.Ref+"/subscribe", url.Values{"subscribe_email": {"Folgerin@Example.org"}})
		publicWantStatus(t, r, http.StatusSeeOther)
		publicWantContains(t, c.Get("/reports/"+rep.Ref), "Fast geschafft")

		var token string
		var confirmed bool
		row := func() {
			t.Helper()
			if err := town.srv.App.DB.QueryRow(ctx, "SELECT token, confirmed FROM report_subscribers WHERE report_id = ?", rep.ID).Scan(&token, &confirmed); err != nil {
				t.Fatal(err)
			}
		}
		row()
		if confirmed {
			t.Fatal("subscription confirmed before the link was used")
		}
		page := c.Get(reports.ConfirmPath(token))
		publicWantStatus(t, page, http.StatusOK)
		publicWantContains(t, page, `action="`+reports.ConfirmPath(token)+`"`)
		if row(); confirmed {
			t.Fatal("opening the link (as a mail scanner does) confirmed the subscription")
		}
		r = c.Post(reports.ConfirmPath(token), nil)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/reports/"+rep.Ref {
			t.Fatalf("confirm: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		if row(); !confirmed {
			t.Fatal("subscription not confirmed after the button")
		}
		publicWantStatus(t, c.Get(reports.UnsubscribePath(token)), http.StatusOK)
		r = c.Post(reports.UnsubscribePath(token), nil)
		publicWantStatus(t, r, http.StatusSeeOther)
		var n int
		if err := town.srv.App.DB.QueryRow(ctx, "SELECT COUNT(*) FROM report_subscribers WHERE report_id = ?", rep.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d subscriptions after ending it, want 0", n)
		}
		publicWantStatus(t, c.Post(reports.UnsubscribePath(token), nil), http.StatusNotFound)
		publicWantStatus(t, c.Post(reports.ConfirmPath("unbekannt"), nil), http.StatusNotFound)
	})
}
