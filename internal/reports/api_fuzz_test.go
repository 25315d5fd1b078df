package reports_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// The fuzz tests send random parameters through the whole handler chain of
// a real town hall (middleware, Open311 handlers, the Service, SQLite): the
// answer must never be a 5xx, and must be a well-formed document of the
// requested format.

// apiServe sends req to the town's handler in-process, which is much faster
// than a network round trip per input.
func apiServe(town *apiTown, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	town.srv.App.Handler.ServeHTTP(rec, req)
	return rec
}

// checkAPIAnswer fails on a server error or a body that is not a document
// in the format the path asks for.
func checkAPIAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("%s %s: status %d\n%s", req.Method, req.URL, rec.Code, rec.Body.Bytes())
	}
	var f open311.Format
	switch ct := rec.Header().Get("Content-Type"); ct {
	case open311.JSON.ContentType():
		f = open311.JSON
	case open311.XML.ContentType():
		f = open311.XML
	default:
		return // the open-data exports, a preflight, a redirect
	}
	var doc any = new(open311.Errors)
	if rec.Code < 300 {
		doc = new(any)
		if f == open311.XML {
			doc = new(struct{})
		}
	}
	if err := open311.Unmarshal(f, rec.Body.Bytes(), doc); err != nil {
		t.Fatalf("%s %s: status %d, body is no %s document: %v\n%s", req.Method, req.URL, rec.Code, f, err, rec.Body.Bytes())
	}
}

// apiGetResources are what FuzzAPIQuery picks from.
var apiGetResources = []string{
	"/requests.json", "/requests.xml", "/servicerequestupdates.json", "/services.xml", "/discovery.json",
	"/services/muell.json", "/requests/M-2222-22.xml", "/tokens/x.json",
}

func FuzzAPIQuery(f *testing.F) {
	for _, s := range []string{
		"", "service_request_id=M-2222-22,m2222&status=open", "service_code=muell,laterne&status=OPEN,closed",
		"start_date=2026-01-01T00:00:00+01:00&end_date=2026-02-01T00:00:00Z", "updated_after=2026-03-01T00:00Z&page=2&page_size=50",
		"bbox=9.70,52.36,9.76,52.39", "lat=52.4&long=9.7&radius=100", "lat=1e400&long=NaN&radius=-0",
		"page=99999999999999999999999&page_size=0", "lang=en&status=%FF", "bbox=-180,-90,180,90&page_size=500",
		"start_date=2026-01-01T00:00:00 01:00", "service_code=%00", "jurisdiction_id=x&extensions=true",
	} {
		f.Add(uint8(0), "", s)
		f.Add(uint8(3), "", s)
	}
	f.Add(uint8(0), "requests/../../admin", "")
	f.Add(uint8(1), "services/%2e%2e.json", "")
	f.Add(uint8(2), "opendata", "bbox=1,2,3,4")
	town := newAPITown(f, testkit.SQLite)
	f.Fuzz(func(t *testing.T, which uint8, path, query string) {
		p := reports.APIPrefix + apiGetResources[int(which)%len(apiGetResources)]
		switch {
		case path == "opendata":
			p = []string{reports.OpenDataGeoJSON, reports.OpenDataCSV}[which%2]
		case path != "":
			p = reports.APIPrefix + "/" + path
		}
		req, err := http.NewRequest(http.MethodGet, "http://rathaus.test"+p+"?"+query, nil)
		if err != nil {
			return // not a request a client could send
		}
		checkAPIAnswer(t, req, apiServe(town, req))
	})
}

func FuzzAPIPost(f *testing.F) {
	for _, s := range []string{
		"service_code=muell&lat=52.3761&long=9.7331&attribute[menge]=sack&description=Sofa",
		"service_code=laterne&address_string=Markt+1&media_url=https://a.example/1&media_url=https://a.example/2",
		"service_code=muell&lat=52.4&long=9.7&attribute[menge]=sack&attribute[art][]=moebel&attribute[art][]=reifen",
		"service_code=muell&lat=91&long=181&attribute[menge]=lkw&email=kein-at",
		"service_code=autobahn&address_string=A2", "service_code=&lat=&long=",
		"attribute[=1&attribute[]]=2&attribute[a][b]=3&service_code=laterne&address_id=17",
		"service_code=laterne&address_string=%FF%FE&description=%00",
		"service_request_id=M-2222-22&update_id=1&updated_datetime=2026-03-02T14:00:05Z&status=fixed&description=ok",
		"service_request_id=M-2222-22&update_id=1&updated_datetime=2026-03-02T14:00:05Z&status=DUPLICATE",
	} {
		f.Add(false, true, s)
		f.Add(true, true, s)
	}
	f.Add(false, false, "service_code=laterne&address_string=Markt")
	town := newAPITown(f, testkit.SQLite)
	f.Fuzz(func(t *testing.T, update, keyed bool, body string) {
		if keyed {
			body = "api_key=" + town.key + "&" + body
		}
		p := reports.APIPrefix + "/requests.json"
		if update {
			p = reports.APIPrefix + "/servicerequestupdates.xml"
		}
		req, _ := http.NewRequest(http.MethodPost, "http://rathaus.test"+p, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		checkAPIAnswer(t, req, apiServe(town, req))
	})
}

func FuzzAPIUpload(f *testing.F) {
	f.Add(apiJPEG(f), "media")
	var png1 bytes.Buffer
	png.Encode(&png1, image.NewGray(image.Rect(0, 0, 3, 2)))
	f.Add(png1.Bytes(), "media[]")
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "media")
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\x00\x08"), "media")
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x02"), "media")
	town := newAPITown(f, testkit.SQLite)
	f.Fuzz(func(t *testing.T, data []byte, field string) {
		ct, body := apiMultipart(t, []apiPart{{field: "api_key", value: town.key}, {field: "service_code", value: "laterne"},
			{field: "address_string", value: "Markt 1"}, {field: field, file: "foto.jpg", data: data}})
		req, _ := http.NewRequest(http.MethodPost, "http://rathaus.test"+reports.APIPrefix+"/requests.xml", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		checkAPIAnswer(t, req, apiServe(town, req))
	})
}
