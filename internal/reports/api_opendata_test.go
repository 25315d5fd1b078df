package reports_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// apiPersonal is personal data of the town's reports that no export may
// carry.
var apiPersonal = []string{"Max Mustermann", "max@example.org", "Erika", "erika@example.org"}

type geoJSONDoc struct {
	Type    string `json:"type"`
	License struct {
		ID, URL string
	} `json:"license"`
	Features []struct {
		Type     string `json:"type"`
		ID       string `json:"id"`
		Geometry struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func TestOpenDataGeoJSON(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		get := func(t *testing.T, query string) (apiResponse, geoJSONDoc) {
			t.Helper()
			resp := town.apiDo(t, http.MethodGet, reports.OpenDataGeoJSON+query, "", nil, nil)
			var doc geoJSONDoc
			if resp.status == http.StatusOK {
				if err := json.Unmarshal(resp.body, &doc); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, resp.body)
				}
			}
			return resp, doc
		}
		t.Run("a FeatureCollection of published reports with a place, with the licence", func(t *testing.T) {
			resp, doc := get(t, "")
			if resp.status != 200 || resp.header.Get("Content-Type") != "application/geo+json" {
				t.Fatalf("%d %s", resp.status, resp.header.Get("Content-Type"))
			}
			if !strings.Contains(resp.header.Get("Link"), `<`+reports.Licence.URL+`>; rel="license"`) ||
				resp.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("headers %v", resp.header)
			}
			if doc.Type != "FeatureCollection" || doc.License.ID != "dl-de/by-2-0" || doc.License.URL != reports.Licence.URL {
				t.Errorf("collection %+v", doc)
			}
			var ids []string
			for _, f := range doc.Features {
				ids = append(ids, f.ID)
			}
			if !slices.Equal(ids, []string{town.done.Ref, town.open.Ref}) {
				t.Fatalf("features %v, want done and open", ids)
			}
			f := doc.Features[1]
			// RFC 7946 §3.1.1: longitude first.
			if f.Type != "Feature" || f.Geometry.Type != "Point" || !slices.Equal(f.Geometry.Coordinates, []float64{apiNear.Lon, apiNear.Lat}) {
				t.Errorf("feature %+v", f)
			}
			p := f.Properties
			if p["service_request_id"] != town.open.Ref || p["service_code"] != "muell" || p["status"] != "open" ||
				p["status_detail"] != "new" || p["agency_responsible"] != "Ordnungsamt" || p["description"] != "Sofa am Waldweg" ||
				p["url"] != town.srv.URL+"/reports/"+town.open.Ref || p["closed_datetime"] != nil {
				t.Errorf("properties %v", p)
			}
			if doc.Features[0].Properties["closed_datetime"] == nil || doc.Features[0].Properties["status_notes"] != "Leuchtmittel getauscht." {
				t.Errorf("closed report %v", doc.Features[0].Properties)
			}
			for _, pii := range apiPersonal {
				if strings.Contains(string(resp.body), pii) {
					t.Errorf("export contains %q", pii)
				}
			}
		})
		t.Run("the filters of the list", func(t *testing.T) {
			for query, want := range map[string][]string{
				"?service_code=laterne":                   {town.done.Ref},
				"?status=open":                            {town.open.Ref},
				"?bbox=9.70,52.36,9.76,52.39":             {town.open.Ref},
				"?lat=52.4209&long=9.7320&radius=50":      {town.done.Ref},
				"?start_date=2000-01-01T00:00:00Z":        nil,
				"?service_request_id=" + town.open.Ref:    {town.open.Ref},
				"?updated_after=2000-01-01T00:00:00Z":     {town.done.Ref, town.open.Ref},
				"?page_size=1&service_code=muell,laterne": {town.done.Ref, town.open.Ref},
			} {
				_, doc := get(t, query)
				var ids []string
				for _, f := range doc.Features {
					ids = append(ids, f.ID)
				}
				if !slices.Equal(ids, want) {
					t.Errorf("%s: %v, want %v", query, ids, want)
				}
			}
		})
		t.Run("a bad filter is a 400 error list", func(t *testing.T) {
			resp, _ := get(t, "?bbox=1,2,3")
			var es open311.Errors
			if resp.status != 400 || json.Unmarshal(resp.body, &es) != nil || len(es) == 0 || es[0].Code != 400 {
				t.Errorf("%d %s", resp.status, resp.body)
			}
		})
	})
}

func TestOpenDataCSV(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		hostile := geo.Point{Lat: 52.38, Lon: 9.74}
		if _, _, err := town.svc.Create(town.ctx, reports.NewReport{CategoryCode: "laterne", Location: &hostile,
			Description: "=HYPERLINK(\"https://evil.example\")", Address: "-1+1"}); err != nil {
			t.Fatal(err)
		}
		resp := town.apiDo(t, http.MethodGet, reports.OpenDataCSV, "", nil, nil)
		if resp.status != 200 || resp.header.Get("Content-Type") != "text/csv; charset=utf-8; header=present" {
			t.Fatalf("%d %s", resp.status, resp.header.Get("Content-Type"))
		}
		links := strings.Join(resp.header.Values("Link"), ", ")
		if !strings.Contains(links, `<`+reports.Licence.URL+`>; rel="license"`) ||
			!strings.Contains(links, `<`+town.srv.URL+reports.OpenDataCSVMetadata+`>; rel="describedby"; type="application/csvm+json"`) {
			t.Errorf("Link %q", links)
		}
		if !strings.Contains(string(resp.body), "\r\n") {
			t.Error("lines do not end with CRLF (RFC 4180)")
		}
		rows, err := csv.NewReader(strings.NewReader(string(resp.body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := rows[0]
		col := func(row []string, name string) string { return row[slices.Index(header, name)] }
		if len(rows) != 5 || header[0] != "service_request_id" || !slices.Contains(header, "lat") {
			t.Fatalf("rows %q", rows)
		}
		byRef := map[string][]string{}
		for _, r := range rows[1:] {
			byRef[r[0]] = r
		}
		if _, ok := byRef[town.hidden.Ref]; ok {
			t.Error("the hidden report is exported")
		}
		np := byRef[town.noPlace.Ref]
		if np == nil || col(np, "lat") != "" || col(np, "address") != "Marktplatz vor dem Rathaus" {
			t.Errorf("report without place: %q", np)
		}
		open := byRef[town.open.Ref]
		if open == nil || col(open, "lat") != "52.3759" || col(open, "long") != "9.732" || col(open, "status") != "open" ||
			col(open, "service_name") != "Wilder Müll" {
			t.Errorf("open report: %q", open)
		}
		for _, r := range rows[1:] {
			if strings.HasPrefix(col(r, "description"), "=") || strings.HasPrefix(col(r, "address"), "-") {
				t.Errorf("a cell a spreadsheet would run as a formula: %q", r)
			}
		}
		for _, pii := range apiPersonal {
			if strings.Contains(string(resp.body), pii) {
				t.Errorf("export contains %q", pii)
			}
		}

		meta := town.apiDo(t, http.MethodGet, reports.OpenDataCSVMetadata, "", nil, nil)
		var doc struct {
			Context string            `json:"@context"`
			URL     string            `json:"url"`
			License map[string]string `json:"dc:license"`
			Schema  struct {
				Columns []struct{ Name, Titles string }
			} `json:"tableSchema"`
		}
		if err := json.Unmarshal(meta.body, &doc); err != nil || meta.header.Get("Content-Type") != "application/csvm+json" {
			t.Fatalf("metadata %v %s", err, meta.body)
		}
		var names []string
		for _, c := range doc.Schema.Columns {
			names = append(names, c.Titles)
		}
		if doc.Context != "http://www.w3.org/ns/csvw" || doc.URL != town.srv.URL+reports.OpenDataCSV ||
			doc.License["@id"] != reports.Licence.URL || !slices.Equal(names, header) {
			t.Errorf("metadata %+v, header %q", doc, header)
		}
	})
}

func TestAPIPreflightAllowsReadsFromEveryOrigin(t *testing.T) {
	town := newAPITown(t, testkit.SQLite)
	for _, path := range []string{reports.APIPrefix + "/requests.json", reports.OpenDataGeoJSON} {
		resp := town.apiDo(t, http.MethodOptions, path, "", nil, map[string]string{
			"Origin": "https://karte.example", "Access-Control-Request-Method": "GET"})
		h := resp.header
		if resp.status != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" ||
			h.Get("Access-Control-Allow-Methods") != "GET, HEAD, OPTIONS" {
			t.Errorf("OPTIONS %s: %d %v", path, resp.status, h)
		}
	}
}
