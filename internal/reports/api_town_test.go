package reports_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// apiTown is a running town hall with what the Open311 tests ask about:
// categories of every kind, published, closed, hidden and photographed
// reports, and API keys.
type apiTown struct {
	srv *testkit.Server
	ctx context.Context
	svc *reports.Service
	// key works; revoked did until it was revoked.
	key, revoked string
	dept         auth.Department
	// dumping has a required single choice and a multiple choice;
	// lamp has no questions; motorway is not the town's job; closedCat
	// is inactive.
	dumping, lamp, motorway, closedCat reports.Category
	// open is new with a released photo; done is closed with a public
	// note; hidden is unpublished; noPlace has only an address.
	open, done, hidden, noPlace reports.Report
}

// apiNear is a point of the town; apiFar is 5 km away.
var (
	apiNear = geo.Point{Lat: 52.3759, Lon: 9.7320}
	apiFar  = geo.Point{Lat: 52.4209, Lon: 9.7320}
)

func newAPITown(t testing.TB, e testkit.Engine) *apiTown {
	t.Helper()
	srv := testkit.NewServer(t, e)
	ctx := srv.Ctx()
	town := &apiTown{srv: srv, ctx: ctx, svc: srv.App.Reports}
	sys := reports.SystemActor
	var err error
	town.dept, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		t.Fatal(err)
	}
	save := func(c reports.Category) reports.Category {
		t.Helper()
		c, err := town.svc.SaveCategory(ctx, c, sys)
		if err != nil {
			t.Fatalf("category %s: %v", c.Code, err)
		}
		return c
	}
	town.dumping = save(reports.Category{
		Code: "muell", Group: reports.Text{DE: "Sauberkeit", EN: "Cleanliness"},
		Name: reports.Text{DE: "Wilder Müll", EN: "Illegal dumping"}, Description: reports.Text{DE: "Müll am falschen Ort"},
		Keywords: []string{"sperrmüll", "abfall"}, DepartmentID: town.dept.ID, ClosureDays: 10, Active: true, SortOrder: 1,
		Attributes: []reports.Attribute{
			{Code: "menge", Datatype: open311.DatatypeSingleValueList, Required: true, Order: 1,
				Description: reports.Text{DE: "Wie viel?", EN: "How much?"},
				Values:      []reports.AttributeValue{{Key: "sack", Name: reports.Text{DE: "ein Sack"}}, {Key: "haufen", Name: reports.Text{DE: "ein Haufen"}}}},
			{Code: "art", Datatype: open311.DatatypeMultiValueList, Order: 2, Description: reports.Text{DE: "Was liegt dort?"},
				Values: []reports.AttributeValue{{Key: "moebel", Name: reports.Text{DE: "Möbel"}}, {Key: "reifen", Name: reports.Text{DE: "Reifen"}}}},
		},
	})
	town.lamp = save(reports.Category{Code: "laterne", Group: reports.Text{DE: "Straße"}, Name: reports.Text{DE: "Laterne defekt"},
		DepartmentID: town.dept.ID, Active: true, SortOrder: 2})
	town.motorway = save(reports.Category{Code: "autobahn", Group: reports.Text{DE: "Straße"}, Name: reports.Text{DE: "Autobahn"},
		NotOurJob: reports.Text{DE: "Zuständig ist die Autobahn GmbH des Bundes."}, Active: true, SortOrder: 3})
	town.closedCat = save(reports.Category{Code: "alt", Name: reports.Text{DE: "Alte Kategorie"}, DepartmentID: town.dept.ID, SortOrder: 4})
	if town.closedCat.Active {
		town.closedCat.Active = false
		town.closedCat = save(town.closedCat)
	}

	create := func(n reports.NewReport) reports.Report {
		t.Helper()
		r, _, err := town.svc.Create(ctx, n)
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		return r
	}
	far := apiFar
	near := apiNear
	town.done = create(reports.NewReport{CategoryCode: "laterne", Location: &far, Description: "Laterne flackert", Address: "Lindenallee 3"})
	town.hidden = create(reports.NewReport{CategoryCode: "laterne", Location: &far, Description: "Privat", Name: "Erika Muster", Email: "erika@example.org"})
	town.noPlace = create(reports.NewReport{CategoryCode: "laterne", Address: "Marktplatz vor dem Rathaus", Description: "Laterne aus"})
	town.open = create(reports.NewReport{CategoryCode: "muell", Location: &near, Address: "Am Wald 1", Description: "Sofa am Waldweg",
		Answers: open311.Answers{"menge": {"haufen"}}, Photos: []*photo.Result{apiPhoto(t)},
		Name: "Max Mustermann", Email: "max@example.org"})
	if err := town.svc.SetStatus(ctx, town.done.ID, reports.StatusChange{Status: reports.StatusDone, PublicNote: "Leuchtmittel getauscht."}, sys); err != nil {
		t.Fatal(err)
	}
	if err := town.svc.SetPublished(ctx, town.hidden.ID, false, sys); err != nil {
		t.Fatal(err)
	}
	if err := town.svc.ReleasePhoto(ctx, town.open.ID, town.open.Photos[0].ID, sys); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*reports.Report{&town.done, &town.open} {
		if *r, err = town.svc.PublicReport(ctx, r.Ref); err != nil {
			t.Fatal(err)
		}
	}
	if _, town.key, err = town.svc.CreateAPIClient(ctx, "Melde-App", sys); err != nil {
		t.Fatal(err)
	}
	var gone reports.APIClient
	if gone, town.revoked, err = town.svc.CreateAPIClient(ctx, "Alte App", sys); err != nil {
		t.Fatal(err)
	}
	if err := town.svc.RevokeAPIClient(ctx, gone.ID, sys); err != nil {
		t.Fatal(err)
	}
	return town
}

// apiJPEG is a small photo, made fresh so the test needs no files.
func apiJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func apiPhoto(t testing.TB) *photo.Result {
	t.Helper()
	res, err := photo.New(photo.Limits{}).Process(context.Background(), bytes.NewReader(apiJPEG(t)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// apiPart is one part of a multipart body: a value, or a file when name is
// set.
type apiPart struct {
	field, value string
	file         string
	data         []byte
}

// apiMultipart encodes parts as multipart/form-data.
func apiMultipart(t testing.TB, parts []apiPart) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		if p.file == "" {
			mw.WriteField(p.field, p.value)
			continue
		}
		fw, err := mw.CreateFormFile(p.field, p.file)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(p.data)
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

// apiResponse is a response with its whole body.
type apiResponse struct {
	status int
	header http.Header
	body   []byte
}

// apiDo sends a request to the town without cookies.
func (town *apiTown) apiDo(t testing.TB, method, path, contentType string, body []byte, header map[string]string) apiResponse {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, town.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return apiResponse{status: resp.StatusCode, header: resp.Header, body: b}
}

// apiForm posts a url-encoded form.
func (town *apiTown) apiForm(t testing.TB, path string, form url.Values) apiResponse {
	t.Helper()
	return town.apiDo(t, http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
}

// apiGetRequests reads GET requests.json with query and returns the ids in
// order.
func (town *apiTown) apiIDs(t testing.TB, query string) []string {
	t.Helper()
	resp := town.apiDo(t, http.MethodGet, reports.APIPrefix+"/requests.json?"+query, "", nil, nil)
	if resp.status != http.StatusOK {
		t.Fatalf("GET requests.json?%s: %d %s", query, resp.status, resp.body)
	}
	var doc open311.ServiceRequests
	if err := open311.Unmarshal(open311.JSON, resp.body, &doc); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(doc))
	for i, r := range doc {
		ids[i] = r.ServiceRequestID
	}
	return ids
}

// with returns a copy of v with more values set.
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if strings.HasSuffix(kv[i], "+") {
			out.Add(strings.TrimSuffix(kv[i], "+"), kv[i+1])
			continue
		}
		if kv[i+1] == "" {
			out.Del(kv[i])
			continue
		}
		out.Set(kv[i], kv[i+1])
	}
	return out
}
