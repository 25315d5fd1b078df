package reports_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/open311/open311test"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// apiDoc names the document a response must hold.
type apiDoc string

const (
	docDiscovery      apiDoc = "discovery"
	docServices       apiDoc = "services"
	docDefinition     apiDoc = "service_definition"
	docRequests       apiDoc = "requests"
	docReceipts       apiDoc = "receipts"
	docTokens         apiDoc = "tokens"
	docUpdates        apiDoc = "updates"
	docUpdateReceipts apiDoc = "update_receipts"
	docErrors         apiDoc = "errors"
)

// apiCase is one scenario of the conformance table. {f} in path is the
// format; each case runs in XML and JSON unless path has no {f} (then the
// format is fixed by the path). form is sent url-encoded; parts, when set,
// as multipart/form-data.
type apiCase struct {
	name   string
	method string
	path   string
	form   func(town *apiTown) url.Values
	parts  func(t testing.TB, town *apiTown) []apiPart
	header map[string]string
	status int
	doc    apiDoc
	// own gives the case a town of its own: it changes what others read.
	own bool
	// check looks at the decoded document (a pointer to the open311 type
	// of doc) and at the town afterwards.
	check func(t *testing.T, town *apiTown, doc any)
}

// apiKeyed is a valid POST requests form.
func apiKeyed(town *apiTown, kv ...string) url.Values {
	v := url.Values{"api_key": {town.key}, "service_code": {"muell"}, "lat": {"52.3761"}, "long": {"9.7331"},
		"description": {"Reifen im Graben"}, "attribute[menge]": {"sack"}}
	return with(v, kv...)
}

// apiUpdateForm is a valid POST servicerequestupdates form for town.open.
func apiUpdateForm(town *apiTown, kv ...string) url.Values {
	v := url.Values{"api_key": {town.key}, "service_request_id": {town.open.Ref}, "update_id": {"fms-77"},
		"updated_datetime": {"2026-05-04T10:00:00+02:00"}, "status": {"IN_PROGRESS"}, "description": {"Team ist unterwegs."}}
	return with(v, kv...)
}

func apiCases() []apiCase {
	form := func(f func(town *apiTown) url.Values) func(town *apiTown) url.Values { return f }
	return []apiCase{
		// Discovery and services.
		{name: "discovery", method: "GET", path: "/discovery.{f}", status: 200, doc: docDiscovery,
			check: func(t *testing.T, town *apiTown, doc any) {
				d := doc.(*open311.Discovery)
				if len(d.Endpoints) != 1 || d.Endpoints[0].URL != town.srv.URL+reports.APIPrefix ||
					d.Endpoints[0].Specification != open311.SpecGeoReportV2 || len(d.Endpoints[0].Formats) != 2 || d.Changeset == "" {
					t.Errorf("discovery %+v", d)
				}
			}},
		{name: "services lists active categories that are the town's job", method: "GET", path: "/services.{f}", status: 200, doc: docServices,
			check: func(t *testing.T, town *apiTown, doc any) {
				s := *doc.(*open311.Services)
				var codes []string
				for _, x := range s {
					codes = append(codes, x.ServiceCode)
				}
				if !slices.Equal(codes, []string{"muell", "laterne"}) || !s[0].Metadata || s[1].Metadata ||
					s[0].Type != open311.Realtime || s[0].Group != "Sauberkeit" || s[0].Keywords != "sperrmüll,abfall" {
					t.Errorf("services %+v", s)
				}
			}},
		{name: "services in English", method: "GET", path: "/services.{f}?lang=en", status: 200, doc: docServices,
			check: func(t *testing.T, town *apiTown, doc any) {
				if s := *doc.(*open311.Services); s[0].ServiceName != "Illegal dumping" || s[1].ServiceName != "Laterne defekt" {
					t.Errorf("services %+v", s)
				}
			}},
		{name: "service definition", method: "GET", path: "/services/muell.{f}", status: 200, doc: docDefinition,
			check: func(t *testing.T, town *apiTown, doc any) {
				d := doc.(*open311.ServiceDefinition)
				if d.ServiceCode != "muell" || len(d.Attributes) != 2 || d.Attributes[0].Code != "menge" || !d.Attributes[0].Required ||
					d.Attributes[0].Datatype != open311.DatatypeSingleValueList || len(d.Attributes[0].Values) != 2 ||
					d.Attributes[1].Datatype != open311.DatatypeMultiValueList || d.Attributes[1].Required {
					t.Errorf("definition %+v", d)
				}
			}},
		{name: "service definition without questions", method: "GET", path: "/services/laterne.{f}", status: 200, doc: docDefinition,
			check: func(t *testing.T, town *apiTown, doc any) {
				if d := doc.(*open311.ServiceDefinition); d.ServiceCode != "laterne" || len(d.Attributes) != 0 {
					t.Errorf("definition %+v", d)
				}
			}},
		{name: "service definition of an unknown code", method: "GET", path: "/services/gibtsnicht.{f}", status: 404, doc: docErrors},
		{name: "service definition of an inactive category", method: "GET", path: "/services/alt.{f}", status: 404, doc: docErrors},
		{name: "service definition of a category that is not the town's job", method: "GET", path: "/services/autobahn.{f}", status: 404, doc: docErrors},
		{name: "service definition without format", method: "GET", path: "/services/muell", status: 404, doc: docErrors},

		// GET requests.
		{name: "requests lists published reports newest first", method: "GET", path: "/requests.{f}", status: 200, doc: docRequests,
			check: func(t *testing.T, town *apiTown, doc any) {
				rs := *doc.(*open311.ServiceRequests)
				if got := apiRefs(rs); !slices.Equal(got, []string{town.open.Ref, town.noPlace.Ref, town.done.Ref}) {
					t.Fatalf("requests %v", got)
				}
				o, d, np := rs[0], rs[2], rs[1]
				if o.Status != open311.Open || o.ServiceCode != "muell" || o.ServiceName != "Wilder Müll" || o.AgencyResponsible != "Ordnungsamt" ||
					o.Description != "Sofa am Waldweg" || o.Address != "Am Wald 1" || o.Lat == nil || *o.Lat != apiNear.Lat || *o.Long != apiNear.Lon ||
					o.ExpectedDatetime.IsZero() || !strings.HasPrefix(o.MediaURL, town.srv.URL+"/reports/photos/"+town.open.Ref+"/") {
					t.Errorf("open request %+v", o)
				}
				if resp := town.apiDo(t, "GET", strings.TrimPrefix(o.MediaURL, town.srv.URL), "", nil, nil); resp.status != 200 ||
					resp.header.Get("Content-Type") != "image/jpeg" {
					t.Errorf("media_url %s: %d %s", o.MediaURL, resp.status, resp.header.Get("Content-Type"))
				}
				if _, off := o.RequestedDatetime.Zone(); off != 3600 && off != 7200 {
					t.Errorf("requested_datetime %s is not in the town's time zone", o.RequestedDatetime.W3C())
				}
				if d.Status != open311.Closed || d.StatusNotes != "Leuchtmittel getauscht." || d.MediaURL != "" {
					t.Errorf("done request %+v", d)
				}
				// encoding/xml reads an empty <lat/> as 0.
				if (np.Lat != nil && *np.Lat != 0) || (np.Long != nil && *np.Long != 0) || np.Address != "Marktplatz vor dem Rathaus" {
					t.Errorf("request without coordinates %+v", np)
				}
			}},
		{name: "requests never show personal data", method: "GET", path: "/requests.{f}", status: 200, doc: docRequests,
			check: func(t *testing.T, town *apiTown, doc any) {
				b, _ := json.Marshal(doc)
				for _, pii := range []string{"Max Mustermann", "max@example.org", "Erika", "erika@example.org"} {
					if strings.Contains(string(b), pii) {
						t.Errorf("requests contain %q", pii)
					}
				}
			}},
		{name: "requests by service_request_id", method: "GET", path: "/requests.{f}?service_request_id={done},{open},{hidden}", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref, town.done.Ref} })},
		{name: "requests by service_code", method: "GET", path: "/requests.{f}?service_code=laterne", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.noPlace.Ref, town.done.Ref} })},
		{name: "requests by status", method: "GET", path: "/requests.{f}?status=closed", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.done.Ref} })},
		{name: "requests by both statuses", method: "GET", path: "/requests.{f}?status=open,closed&service_code=muell", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref} })},
		{name: "requests by date range", method: "GET", path: "/requests.{f}?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return nil })},
		{name: "requests updated after", method: "GET", path: "/requests.{f}?updated_after=2000-01-01T00:00:00Z", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref, town.noPlace.Ref, town.done.Ref} })},
		{name: "requests in a bbox (west,south,east,north)", method: "GET", path: "/requests.{f}?bbox=9.70,52.36,9.76,52.39", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref} })},
		{name: "requests around a point", method: "GET", path: "/requests.{f}?lat=52.4209&long=9.7320&radius=100", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.done.Ref} })},
		{name: "requests second page", method: "GET", path: "/requests.{f}?page=2&page_size=2", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.done.Ref} })},
		{name: "requests with an unknown status", method: "GET", path: "/requests.{f}?status=pending", status: 400, doc: docErrors},
		{name: "requests with a wrong bbox", method: "GET", path: "/requests.{f}?bbox=52.36,9.70,52.39", status: 400, doc: docErrors},
		{name: "requests with end before start", method: "GET", path: "/requests.{f}?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", status: 400, doc: docErrors},
		{name: "requests with a bad page size", method: "GET", path: "/requests.{f}?page_size=0", status: 400, doc: docErrors},
		{name: "requests with bbox and radius", method: "GET", path: "/requests.{f}?bbox=9.70,52.36,9.76,52.39&lat=52.4&long=9.7", status: 400, doc: docErrors},
		{name: "requests with invalid UTF-8", method: "GET", path: "/requests.{f}?service_code=%FF", status: 400, doc: docErrors},
		{name: "one request is a list of one", method: "GET", path: "/requests/{open}.{f}", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref} })},
		{name: "one request, reference typed loosely", method: "GET", path: "/requests/{openLoose}.{f}", status: 200, doc: docRequests,
			check: wantRefs(func(town *apiTown) []string { return []string{town.open.Ref} })},
		{name: "an unknown request", method: "GET", path: "/requests/M-2222-22.{f}", status: 404, doc: docErrors},
		{name: "a hidden request", method: "GET", path: "/requests/{hidden}.{f}", status: 404, doc: docErrors},
		{name: "a request without format", method: "GET", path: "/requests/M-2222-22", status: 404, doc: docErrors},

		// Tokens: every service is realtime; a token is the id itself.
		{name: "token", method: "GET", path: "/tokens/{open}.{f}", status: 200, doc: docTokens,
			check: func(t *testing.T, town *apiTown, doc any) {
				if tk := *doc.(*open311.Tokens); len(tk) != 1 || tk[0].ServiceRequestID != town.open.Ref || tk[0].Token != town.open.Ref {
					t.Errorf("tokens %+v", tk)
				}
			}},
		{name: "an unknown token", method: "GET", path: "/tokens/x.{f}", status: 404, doc: docErrors},

		// POST requests.
		{name: "post a request", method: "POST", path: "/requests.{f}", status: 201, doc: docReceipts,
			form: form(func(town *apiTown) url.Values {
				return apiKeyed(town, "attribute[art][]+", "moebel", "attribute[art][]+", "reifen", "email", "anna@example.org",
					"first_name", "Anna", "last_name", "Beispiel", "media_url", "https://fotos.example/1.jpg")
			}),
			check: func(t *testing.T, town *apiTown, doc any) {
				rc := *doc.(*open311.Receipts)
				if len(rc) != 1 || rc[0].ServiceRequestID == "" || rc[0].Token != "" || !strings.Contains(rc[0].ServiceNotice, "Ordnungsamt") {
					t.Fatalf("receipt %+v", rc)
				}
				id, err := town.svc.ReportID(town.ctx, rc[0].ServiceRequestID)
				if err != nil {
					t.Fatal(err)
				}
				r, err := town.svc.StaffReport(town.ctx, id, reports.SystemActor)
				if err != nil {
					t.Fatal(err)
				}
				if r.CategoryCode != "muell" || r.Description != "Reifen im Graben" || r.Location == nil || r.Location.Lat != 52.3761 ||
					!slices.Equal(r.Answers["menge"], []string{"sack"}) || !slices.Equal(r.Answers["art"], []string{"moebel", "reifen"}) ||
					r.Source != reports.SourceAPI || r.APIClient != "Melde-App" || r.Reporter.Email != "anna@example.org" ||
					r.Reporter.Name != "Anna Beispiel" || len(r.Photos) != 1 || r.Photos[0].URL != "https://fotos.example/1.jpg" || r.Photos[0].Released {
					t.Errorf("stored report %+v", r)
				}
			}},
		{name: "post a request with an address only", method: "POST", path: "/requests.{f}", status: 201, doc: docReceipts,
			form: form(func(town *apiTown) url.Values {
				return apiKeyed(town, "service_code", "laterne", "lat", "", "long", "", "address_string", "Bahnhofstraße 5", "attribute[menge]", "")
			}),
			check: func(t *testing.T, town *apiTown, doc any) {
				r, err := town.svc.PublicReport(town.ctx, (*doc.(*open311.Receipts))[0].ServiceRequestID)
				if err != nil || r.Location != nil || r.Address != "Bahnhofstraße 5" {
					t.Errorf("stored report %+v, %v", r, err)
				}
			}},
		{name: "post a request with the key in the query", method: "POST", path: "/requests.{f}?api_key={key}", status: 201, doc: docReceipts,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "api_key", "") })},
		{name: "post keeps hostile text as text", method: "POST", path: "/requests.{f}", status: 201, doc: docReceipts,
			form: form(func(town *apiTown) url.Values {
				return apiKeyed(town, "description", "<script>alert(1)</script> & \"Müll\"")
			}),
			check: func(t *testing.T, town *apiTown, doc any) {
				ref := (*doc.(*open311.Receipts))[0].ServiceRequestID
				for _, f := range []open311.Format{open311.XML, open311.JSON} {
					resp := town.apiDo(t, "GET", reports.APIPrefix+"/requests/"+ref+"."+string(f), "", nil, nil)
					if strings.Contains(string(resp.body), "<script>") {
						t.Errorf("%s answer carries the markup unescaped: %s", f, resp.body)
					}
					var rs open311.ServiceRequests
					if err := open311.Unmarshal(f, resp.body, &rs); err != nil || rs[0].Description != "<script>alert(1)</script> & \"Müll\"" {
						t.Errorf("%s: %v %+v", f, err, rs)
					}
				}
			}},
		{name: "post a request with a photo", method: "POST", path: "/requests.{f}", status: 201, doc: docReceipts,
			parts: func(t testing.TB, town *apiTown) []apiPart {
				return []apiPart{{field: "api_key", value: town.key}, {field: "service_code", value: "laterne"},
					{field: "lat", value: "52.376"}, {field: "long", value: "9.733"}, {field: "description", value: "mit Foto"},
					{field: "media", file: "laterne.jpg", data: apiJPEG(t)}}
			},
			check: func(t *testing.T, town *apiTown, doc any) {
				id, _ := town.svc.ReportID(town.ctx, (*doc.(*open311.Receipts))[0].ServiceRequestID)
				r, err := town.svc.StaffReport(town.ctx, id, reports.SystemActor)
				if err != nil || len(r.Photos) != 1 || r.Photos[0].Key == "" || r.Photos[0].Released || r.Photos[0].Width != 64 {
					t.Errorf("stored report %+v, %v", r, err)
				}
			}},
		{name: "post a photo that is no JPEG or PNG", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			parts: func(t testing.TB, town *apiTown) []apiPart {
				return []apiPart{{field: "api_key", value: town.key}, {field: "service_code", value: "laterne"},
					{field: "address_string", value: "Markt 1"}, {field: "media", file: "a.gif", data: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}}
			}},
		{name: "post a photo over the size limit", method: "POST", path: "/requests.{f}", status: 413, doc: docErrors,
			parts: func(t testing.TB, town *apiTown) []apiPart {
				big := append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 11<<20)...)
				return []apiPart{{field: "api_key", value: town.key}, {field: "service_code", value: "laterne"},
					{field: "address_string", value: "Markt 1"}, {field: "media", file: "gross.jpg", data: big}}
			}},
		{name: "post more than three photos", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values {
				return apiKeyed(town, "media_url+", "https://a.example/1", "media_url+", "https://a.example/2",
					"media_url+", "https://a.example/3", "media_url+", "https://a.example/4")
			})},
		{name: "post without api_key", method: "POST", path: "/requests.{f}", status: 403, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "api_key", "") })},
		{name: "post with an unknown api_key", method: "POST", path: "/requests.{f}", status: 403, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "api_key", "falsch") })},
		{name: "post with a revoked api_key", method: "POST", path: "/requests.{f}", status: 403, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "api_key", town.revoked) })},
		{name: "a bad key comes before bad parameters", method: "POST", path: "/requests.{f}", status: 403, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return url.Values{"api_key": {"falsch"}} })},
		{name: "post without service_code", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "service_code", "") })},
		{name: "post with an unknown service_code", method: "POST", path: "/requests.{f}", status: 404, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "service_code", "gibtsnicht") })},
		{name: "post to an inactive category", method: "POST", path: "/requests.{f}", status: 404, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "service_code", "alt") })},
		{name: "post to a category that is not the town's job", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "service_code", "autobahn") })},
		{name: "post without a location", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "lat", "", "long", "") })},
		{name: "post with lat but no long", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "long", "") })},
		{name: "post with coordinates out of range", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "lat", "91") })},
		{name: "post without a required attribute", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "attribute[menge]", "") })},
		{name: "post with an answer not in the list", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "attribute[menge]", "lkw") })},
		{name: "post with a malformed attribute name", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "attribute[menge", "sack") })},
		{name: "post with a bad e-mail", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "email", "kein-at") })},
		{name: "post with a description over 4000 characters", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "description", strings.Repeat("ä", 4001)) })},
		{name: "post with a NUL character", method: "POST", path: "/requests.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiKeyed(town, "description", "a\x00b") })},

		// mySociety's servicerequestupdates.
		{name: "updates list the public changes", method: "GET", path: "/servicerequestupdates.{f}?start_date={since}", status: 200, doc: docUpdates,
			check: apiCheckUpdates},
		{name: "updates of the last 90 days by default", method: "GET", path: "/servicerequestupdates.{f}", status: 200, doc: docUpdates,
			check: apiCheckUpdates},
		{name: "updates of another time", method: "GET", path: "/servicerequestupdates.{f}?start_date=2000-01-01T00:00:00Z", status: 200, doc: docUpdates,
			check: func(t *testing.T, town *apiTown, doc any) {
				if us := *doc.(*open311.RequestUpdates); len(us) != 0 {
					t.Errorf("updates %+v", us)
				}
			}},
		{name: "updates with a bad date", method: "GET", path: "/servicerequestupdates.{f}?start_date=gestern", status: 400, doc: docErrors},
		{name: "post an update", method: "POST", path: "/servicerequestupdates.{f}", status: 200, doc: docUpdateReceipts, own: true,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town) }),
			check: func(t *testing.T, town *apiTown, doc any) {
				rc := *doc.(*open311.UpdateReceipts)
				r, err := town.svc.PublicReport(town.ctx, town.open.Ref)
				if len(rc) != 1 || rc[0].UpdateID == "" || err != nil || r.Status != reports.StatusInProgress || r.PublicNote != "Team ist unterwegs." {
					t.Errorf("receipt %+v, report %+v %v", rc, r, err)
				}
				events, _ := town.svc.PublicEvents(town.ctx, r.ID)
				if last := events[len(events)-1]; last.Kind != reports.EventStatus || last.ToStatus != reports.StatusInProgress {
					t.Errorf("last event %+v", last)
				}
			}},
		{name: "post an update that says too little", method: "POST", path: "/servicerequestupdates.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "status", "CLOSED") })},
		{name: "post a duplicate update", method: "POST", path: "/servicerequestupdates.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "status", "DUPLICATE") })},
		{name: "post an update with an unknown status", method: "POST", path: "/servicerequestupdates.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "status", "ERLEDIGT") })},
		{name: "post an update without update_id", method: "POST", path: "/servicerequestupdates.{f}", status: 400, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "update_id", "") })},
		{name: "post an update without api_key", method: "POST", path: "/servicerequestupdates.{f}", status: 403, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "api_key", "") })},
		{name: "post an update to an unknown request", method: "POST", path: "/servicerequestupdates.{f}", status: 404, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return apiUpdateForm(town, "service_request_id", "M-2222-22") })},

		// Around the resources.
		{name: "an unknown resource", method: "GET", path: "/gibtsnicht.{f}", status: 404, doc: docErrors},
		{name: "an unknown format", method: "GET", path: "/requests.yaml", status: 404, doc: docErrors},
		{name: "a resource without format", method: "GET", path: "/services", status: 404, doc: docErrors},
		{name: "a method the resource does not take", method: "DELETE", path: "/requests.{f}", status: 405, doc: docErrors},
		{name: "posting to a read-only resource", method: "POST", path: "/services.{f}", status: 405, doc: docErrors,
			form: form(func(town *apiTown) url.Values { return url.Values{"api_key": {town.key}} })},
	}
}

// apiCheckUpdates checks the updates of the read town: the closing of
// done with its note, the released photo of open, nothing of hidden.
func apiCheckUpdates(t *testing.T, town *apiTown, doc any) {
	us := *doc.(*open311.RequestUpdates)
	var fixed, photo bool
	for _, u := range us {
		if u.ServiceRequestID == town.done.Ref && u.Status == open311.UpdateFixed && u.Description == "Leuchtmittel getauscht." {
			fixed = true
		}
		if u.ServiceRequestID == town.open.Ref && u.Status == open311.UpdateOpen && strings.Contains(u.MediaURL, "/reports/photos/") {
			photo = true
		}
		if u.ServiceRequestID == town.hidden.Ref {
			t.Errorf("update of a hidden report: %+v", u)
		}
	}
	if !fixed || !photo {
		t.Errorf("updates %+v", us)
	}
}

// wantRefs checks that a requests document holds exactly these reports in
// this order.
func wantRefs(want func(town *apiTown) []string) func(t *testing.T, town *apiTown, doc any) {
	return func(t *testing.T, town *apiTown, doc any) {
		t.Helper()
		if got := apiRefs(*doc.(*open311.ServiceRequests)); !slices.Equal(got, want(town)) {
			t.Errorf("requests %v, want %v", got, want(town))
		}
	}
}

func apiRefs(rs open311.ServiceRequests) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ServiceRequestID)
	}
	return out
}

// newDoc returns a pointer to the open311 type of d.
func newDoc(d apiDoc) any {
	switch d {
	case docDiscovery:
		return new(open311.Discovery)
	case docServices:
		return new(open311.Services)
	case docDefinition:
		return new(open311.ServiceDefinition)
	case docRequests:
		return new(open311.ServiceRequests)
	case docReceipts:
		return new(open311.Receipts)
	case docTokens:
		return new(open311.Tokens)
	case docUpdates:
		return new(open311.RequestUpdates)
	case docUpdateReceipts:
		return new(open311.UpdateReceipts)
	}
	return new(open311.Errors)
}

// apiFixtures are real servers' answers the shape of ours is compared with:
// the same elements and keys with values of the same kinds. extra names
// elements ours may add (Gießen leaves out group, which the spec lists).
var apiFixtures = map[apiDoc]map[open311.Format]struct {
	file  string
	extra []string
}{
	docServices: {open311.XML: {"fixtures/open311/services_giessen.xml", []string{"group"}}, open311.JSON: {"fixtures/open311/service_list.json", nil}},
	docRequests: {open311.XML: {"fixtures/open311/requests_many.xml", nil}, open311.JSON: {"fixtures/open311/service_requests.json", nil}},
}

// TestOpen311Conformance runs the conformance table over real HTTP in both
// formats on every engine. Reads share one town; writes that only add
// reports share another; a case that changes the reports the others look
// at gets a town of its own.
func TestOpen311Conformance(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		read, write := newAPITown(t, e), newAPITown(t, e)
		for _, c := range apiCases() {
			formats := []open311.Format{open311.XML, open311.JSON}
			if !strings.Contains(c.path, "{f}") {
				formats = []open311.Format{""}
			}
			for _, f := range formats {
				name := c.name
				if f != "" {
					name += "/" + string(f)
				}
				t.Run(name, func(t *testing.T) {
					town := read
					switch {
					case c.own:
						town = newAPITown(t, e)
					case c.method != http.MethodGet:
						town = write
					}
					runAPICase(t, town, c, f)
				})
			}
		}
	})
}

func runAPICase(t *testing.T, town *apiTown, c apiCase, f open311.Format) {
	t.Helper()
	path := strings.NewReplacer("{f}", string(f), "{open}", town.open.Ref, "{done}", town.done.Ref, "{hidden}", town.hidden.Ref,
		"{key}", url.QueryEscape(town.key), "{since}", url.QueryEscape(time.Now().Add(-24*time.Hour).Format(time.RFC3339)), "{openLoose}", strings.ToLower(strings.ReplaceAll(town.open.Ref, "-", ""))).Replace(c.path)
	path = reports.APIPrefix + path
	var resp apiResponse
	switch {
	case c.parts != nil:
		ct, body := apiMultipart(t, c.parts(t, town))
		resp = town.apiDo(t, c.method, path, ct, body, c.header)
	case c.form != nil:
		resp = town.apiDo(t, c.method, path, "application/x-www-form-urlencoded", []byte(c.form(town).Encode()), c.header)
	default:
		resp = town.apiDo(t, c.method, path, "", nil, c.header)
	}
	if resp.status != c.status {
		t.Fatalf("%s %s: status %d, want %d\n%s", c.method, path, resp.status, c.status, resp.body)
	}
	if f == "" {
		// A path without a known format is answered in XML, the format
		// the spec requires.
		f = open311.XML
	}
	if ct := resp.header.Get("Content-Type"); ct != f.ContentType() {
		t.Errorf("Content-Type %q, want %q", ct, f.ContentType())
	}
	if c.method == http.MethodGet && resp.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("a read without Access-Control-Allow-Origin: *")
	}
	if c.method != http.MethodGet && resp.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a write allows other origins")
	}
	doc := newDoc(c.doc)
	if err := open311.Unmarshal(f, resp.body, doc); err != nil {
		t.Fatalf("not a %s document in %s: %v\n%s", c.doc, f, err, resp.body)
	}
	if f == open311.JSON {
		// Lists are arrays, documents of one thing objects.
		kind := open311test.JSONKind(open311test.DecodeJSON(t, resp.body))
		want := "array"
		if c.doc == docDiscovery || c.doc == docDefinition {
			want = "object"
		}
		if kind != want {
			t.Errorf("JSON %s, want %s", kind, want)
		}
	}
	if c.doc == docErrors {
		es := *doc.(*open311.Errors)
		if len(es) == 0 {
			t.Fatalf("empty error list")
		}
		for _, e := range es {
			if e.Code != c.status || strings.TrimSpace(e.Description) == "" {
				t.Errorf("error %+v in an answer with status %d", e, c.status)
			}
		}
	}
	if fx, ok := apiFixtures[c.doc][f]; ok && !apiEmpty(doc) {
		want := open311test.ReadShared(t, fx.file)
		var diffs []string
		if f == open311.XML {
			diffs = open311test.DiffStructure("", open311test.ParseShape(t, want), open311test.ParseShape(t, resp.body), false, fx.extra)
		} else {
			diffs = open311test.DiffJSONStructure("$", open311test.DecodeJSON(t, want), open311test.DecodeJSON(t, resp.body))
		}
		if len(diffs) > 0 {
			t.Errorf("shape differs from %s:\n%s\nours: %s", fx.file, strings.Join(diffs, "\n"), resp.body)
		}
	}
	if c.check != nil {
		c.check(t, town, doc)
	}
}

func apiEmpty(doc any) bool {
	switch d := doc.(type) {
	case *open311.Services:
		return len(*d) == 0
	case *open311.ServiceRequests:
		return len(*d) == 0
	}
	return false
}
