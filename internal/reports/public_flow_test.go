package reports_test

import (
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

// TestPublicReportingWithoutJavaScript walks the reporting flow as a
// browser without scripts does: GET forms for category and place, one
// multipart POST for the rest.
func TestPublicReportingWithoutJavaScript(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		c := town.srv.Client()

		t.Run("categories_are_grouped_with_the_not_our_job_hint", func(t *testing.T) {
			r := c.Get("/reports/new")
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, "<legend>Straße und Wege</legend>", "<legend>Sauberkeit</legend>",
				`value="schlagloch"`, `value="muell"`, "Zuständig ist die Autobahn GmbH des Bundes.")
			publicWantLacks(t, r, `value="autobahn"`)
		})

		t.Run("search_filters_the_categories_on_the_server", func(t *testing.T) {
			r := c.Get("/reports/new?q=" + url.QueryEscape("sperrmull"))
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, `value="muell"`)
			publicWantLacks(t, r, `value="schlagloch"`)
			r = c.Get("/reports/new?q=Fahrbahn")
			publicWantContains(t, r, `value="schlagloch"`)
			publicWantLacks(t, r, `value="muell"`)
		})

		t.Run("missing_category_is_a_field_error", func(t *testing.T) {
			r := c.Get("/reports/new/place")
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, `id="f-category-error"`, "Bitte wählen Sie eine Kategorie aus der Liste.", `href="#f-category"`)
		})

		t.Run("not_our_job_names_who_is_responsible_instead_of_continuing", func(t *testing.T) {
			r := c.Get("/reports/new/place?category=autobahn")
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, "Dafür ist die Stadt nicht zuständig.", "Zuständig ist die Autobahn GmbH des Bundes.")
			publicWantLacks(t, r, `action="/reports/new/details"`)
			r = publicMultipart(t, c, "/reports/new", url.Values{"category": {"autobahn"}, "address": {"A7"}, "description": {"Loch"}}, nil)
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, "Zuständig ist die Autobahn GmbH des Bundes.")
		})

		t.Run("missing_place_is_a_field_error_and_keeps_the_category", func(t *testing.T) {
			r := c.Get("/reports/new/details?category=schlagloch&address=")
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, `id="f-location-error"`, "Bitte geben Sie den Ort an", `name="category" value="schlagloch"`)
		})

		t.Run("details_page_keeps_the_place", func(t *testing.T) {
			r := c.Get("/reports/new/details?category=schlagloch&address=" + url.QueryEscape("Hauptstraße 5"))
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, `enctype="multipart/form-data"`, `name="address" value="Hauptstraße 5"`, "Wie groß ist das Loch?")
		})

		t.Run("gif_and_missing_fields_come_back_with_errors_and_input_kept", func(t *testing.T) {
			r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"schlagloch"}, "address": {"Hauptstraße 5"},
				"name": {"Max Muster"}, "email": {"max@example.org"}},
				map[string][][]byte{"photos": {publicGIF(t)}})
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, "kein Foto im Format JPEG oder PNG", `id="f-photos-error"`,
				`id="f-description-error"`, `id="f-attribute[groesse]-error"`,
				`value="Max Muster"`, `value="max@example.org"`, `name="address" value="Hauptstraße 5"`)
		})

		t.Run("photo_survives_a_form_with_errors_and_is_filed", func(t *testing.T) {
			r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"schlagloch"}, "address": {"Hauptstraße 5"},
				"attribute[groesse]": {"gross"}}, map[string][][]byte{"photos": {publicJPEG(t, 90, nil)}})
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			token := publicInput(r.Body, "photo_keep")
			if token == "" {
				t.Fatalf("the form with errors does not carry the uploaded photo:\n%s", testkit.Excerpt(r.Body))
			}
			publicWantContains(t, r, `selected>größer als ein Teller`)
			r = publicMultipart(t, c, "/reports/new", url.Values{"category": {"schlagloch"}, "address": {"Hauptstraße 5"},
				"attribute[groesse]": {"gross"}, "description": {"Tiefes Loch"}, "photo_keep": {token},
				"name": {"Max Muster"}, "email": {"max@example.org"}}, nil)
			ref := publicSentRef(t, r)
			if !strings.HasSuffix(r.Header.Get("Location"), "?mail=1") {
				t.Errorf("with an e-mail address the confirmation should say a mail was sent; redirect to %s", r.Header.Get("Location"))
			}
			sent := c.Get(r.Header.Get("Location"))
			publicWantStatus(t, sent, http.StatusOK)
			publicWantContains(t, sent, ref, "Wir haben Ihnen eine E-Mail mit einem persönlichen Link geschickt.", "/reports/manage/")
			again := c.Get(r.Header.Get("Location"))
			publicWantLacks(t, again, "/reports/manage/")
			id, err := town.svc.ReportID(town.srv.Ctx(), ref)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := town.svc.StaffReport(town.srv.Ctx(), id, reports.SystemActor)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Photos) != 1 || rep.Photos[0].Key == "" || rep.Description != "Tiefes Loch" ||
				rep.Address != "Hauptstraße 5" || rep.Reporter.Email != "max@example.org" || rep.Answers["groesse"][0] != "gross" {
				t.Errorf("filed report = %+v, want the photo, description, address, e-mail and answer", rep)
			}
		})

		t.Run("a_photo_token_from_another_browser_is_refused", func(t *testing.T) {
			r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt"}},
				map[string][][]byte{"photos": {publicJPEG(t, 10, nil)}})
			token := publicInput(r.Body, "photo_keep")
			other := town.srv.Client()
			r = publicMultipart(t, other, "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt"},
				"description": {"Sperrmüll"}, "photo_keep": {token}}, nil)
			publicWantStatus(t, r, http.StatusUnprocessableEntity)
			publicWantContains(t, r, "Ein Foto konnte nicht verarbeitet werden.")
		})

		t.Run("gps_of_a_photo_is_suggested_as_the_place", func(t *testing.T) {
			spot := geo.Point{Lat: 52.52, Lon: 13.405}
			r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Hinter dem Bahnhof"},
				"description": {"Sperrmüll"}}, map[string][][]byte{"photos": {publicJPEG(t, 200, &spot)}})
			publicWantStatus(t, r, http.StatusOK)
			publicWantContains(t, r, "Ihr Foto enthält eine Ortsangabe.", `name="use_point" value="on" checked`)
			lat, lon := publicInput(r.Body, "lat"), publicInput(r.Body, "lon")
			if !strings.HasPrefix(lat, "52.52") || !strings.HasPrefix(lon, "13.40") {
				t.Fatalf("suggested point %s,%s, want the photo's 52.52,13.405", lat, lon)
			}
			r = publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Hinter dem Bahnhof"},
				"description": {"Sperrmüll"}, "place_edit": {"1"}, "use_point": {"on"}, "lat": {lat}, "lon": {lon},
				"photo_keep": {publicInput(r.Body, "photo_keep")}}, nil)
			ref := publicSentRef(t, r)
			rep, err := town.svc.PublicReport(town.srv.Ctx(), ref)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Location == nil || geo.Distance(*rep.Location, spot) > 5 {
				t.Errorf("filed location %v, want the photo's %v", rep.Location, spot)
			}
		})

		t.Run("anonymous_report_shows_the_private_link_once", func(t *testing.T) {
			r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "lat": {"52.5"}, "lon": {"13.4"},
				"description": {"Kühlschrank am Waldrand"}}, nil)
			ref := publicSentRef(t, r)
			if strings.Contains(r.Header.Get("Location"), "mail=1") {
				t.Errorf("no e-mail given, but the confirmation says one was sent: %s", r.Header.Get("Location"))
			}
			sent := c.Get(r.Header.Get("Location"))
			publicWantContains(t, sent, ref, "Ihr persönlicher Link", "/reports/manage/")
			publicWantLacks(t, sent, "Wir haben Ihnen eine E-Mail")
			if sent.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("the page with the private link sends Referrer-Policy %q, want no-referrer", sent.Header.Get("Referrer-Policy"))
			}
		})
	})
}

// TestPublicUploadOverTheLimit answers 413 with a translated page.
func TestPublicUploadOverTheLimit(t *testing.T) {
	t.Parallel()
	town := newPublicTown(t, testkit.SQLite, func(c *config.Config, _ *app.Options) { c.MaxUploadBytes = 1 << 20 })
	c := town.srv.Client()
	big := make([]byte, 5<<20)
	r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt"}},
		map[string][][]byte{"photos": {big}})
	publicWantStatus(t, r, http.StatusRequestEntityTooLarge)
	publicWantContains(t, r, "Die gesendeten Daten sind zu groß.", `<html lang="de">`)

	r = publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt"}, "description": {"x"}},
		map[string][][]byte{"photos": {make([]byte, 1<<20+10)}})
	publicWantStatus(t, r, http.StatusUnprocessableEntity)
	publicWantContains(t, r, "Das Foto ist zu groß. Es darf höchstens 1 MB groß sein.")
}

// TestPublicTooManyPhotos refuses a fourth photo with the field error.
func TestPublicTooManyPhotos(t *testing.T) {
	t.Parallel()
	town := newPublicTown(t, testkit.SQLite)
	c := town.srv.Client()
	var four [][]byte
	for i := range 4 {
		four = append(four, publicJPEG(t, uint8(50*i), nil))
	}
	r := publicMultipart(t, c, "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt"}, "description": {"x"}},
		map[string][][]byte{"photos": four})
	publicWantStatus(t, r, http.StatusUnprocessableEntity)
	publicWantContains(t, r, "Bitte höchstens 3 Fotos.")
	if n := strings.Count(r.Body, `name="photo_keep"`); n != 3 {
		t.Errorf("the form keeps %d photos, want the first 3", n)
	}
}

// TestPublicBadInputGetsAClearAnswer sends malformed and hostile input to
// the reporting flow: always a 4xx page, never a server error.
func TestPublicBadInputGetsAClearAnswer(t *testing.T) {
	t.Parallel()
	town := newPublicTown(t, testkit.SQLite)
	c := town.srv.Client()
	forged := url.Values{"category": {"muell"}, "address": {"Am Markt"}, "description": {"x"}}
	for range 10 {
		forged.Add("photo_keep", strings.Repeat("a", 64)+"."+strings.Repeat("b", 64)+".00")
	}
	for _, tc := range []struct {
		name   string
		get    string
		post   url.Values
		status int
		want   string
	}{
		{name: "coordinates_that_are_no_numbers", get: "/reports/new/details?category=muell&lat=abc&lon=1", status: 422, want: "Die markierte Stelle ist ungültig."},
		{name: "coordinates_off_the_earth", get: "/reports/new/details?category=muell&lat=95&lon=1", status: 422, want: "Die markierte Stelle ist ungültig."},
		{name: "unknown_category", get: "/reports/new/details?category=unbekannt&address=x", status: 422, want: "Bitte wählen Sie eine Kategorie aus der Liste."},
		{name: "long_search", get: "/reports/new?q=" + strings.Repeat("ü", 500), status: 200, want: "Keine passende Kategorie"},
		{name: "unknown_report", get: "/reports/M-2345-67", status: 404},
		{name: "no_reference_at_all", get: "/reports/nichts", status: 404},
		{name: "photo_of_unknown_report", get: "/reports/photos/M-2345-67/1", status: 404},
		{name: "unknown_sent_page", get: "/reports/sent/M-2345-67", status: 404},
		{name: "forged_photo_references", post: forged, status: 422, want: "Ein Foto konnte nicht verarbeitet werden."},
		{name: "description_too_long", post: url.Values{"category": {"muell"}, "address": {"Am Markt"}, "description": {strings.Repeat("x", reports.MaxDescription+1)}},
			status: 422, want: "Bitte höchstens 5000 Zeichen."},
		{name: "answer_not_in_the_list", post: url.Values{"category": {"schlagloch"}, "address": {"Am Markt"}, "description": {"x"}, "attribute[groesse]": {"riesig"}},
			status: 422, want: `id="f-attribute[groesse]-error"`},
		{name: "invalid_email", post: url.Values{"category": {"muell"}, "address": {"Am Markt"}, "description": {"x"}, "email": {"@@"}},
			status: 422, want: `id="f-email-error"`},
		{name: "hostile_text_is_escaped", post: url.Values{"category": {"muell"}, "address": {`<script>alert(1)</script>`}},
			status: 422, want: `&lt;script&gt;alert(1)&lt;/script&gt;`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *testkit.Response
			if tc.post != nil {
				r = publicMultipart(t, c, "/reports/new", tc.post, nil)
			} else {
				r = c.Get(tc.get)
			}
			publicWantStatus(t, r, tc.status)
			if tc.want != "" {
				publicWantContains(t, r, tc.want)
			}
			if n := strings.Count(r.Body, "Ein Foto konnte nicht verarbeitet werden."); n > 2 {
				t.Errorf("the photo error shows %d times, want it once (plus the summary)", n)
			}
		})
	}
	r := c.Get("/reports/m%202345%2067")
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/reports/M-2345-67" {
		t.Errorf("a loosely typed reference answers %d to %q, want 301 to /reports/M-2345-67", r.StatusCode, r.Header.Get("Location"))
	}
}
