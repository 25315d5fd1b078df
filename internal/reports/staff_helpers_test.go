package reports_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const staffPW = "Staff-Passwort-2026"

// staffStart is a Monday morning in Germany without a holiday near it.
var staffStart = time.Date(2026, 6, 8, 7, 0, 0, 0, time.UTC)

// staffOffice is a running town hall with two departments: the
// Ordnungsamt (A) and the Tiefbauamt (B), staff in each, an admin and a
// citizen; a category per department; the clock stands still until a test
// moves it.
type staffOffice struct {
	srv                            *testkit.Server
	clock                          *clock.Fixed
	svc                            *reports.Service
	deptA, deptB                   auth.Department
	admin, staffA, staffB, citizen auth.User
	dumping, pothole, notOurJob    reports.Category
	clientA, clientB, clientAdmin  *testkit.Client
	clientCitizen, clientAnonymous *testkit.Client
}

func newStaffOffice(t *testing.T, e testkit.Engine, opts ...testkit.ServerOption) *staffOffice {
	t.Helper()
	c := clock.NewFixed(staffStart)
	opts = append(opts, func(_ *config.Config, o *app.Options) { o.Clock = c })
	srv := testkit.NewServer(t, e, opts...)
	ctx := srv.Ctx()
	o := &staffOffice{srv: srv, clock: c, svc: srv.App.Reports}
	var err error
	if o.deptA, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt", Email: "ordnung@town.example"}); err != nil {
		t.Fatal(err)
	}
	if o.deptB, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "tiefbau", Name: "Tiefbauamt"}); err != nil {
		t.Fatal(err)
	}
	o.admin = srv.CreateUser("admin@town.example", staffPW, auth.RoleAdmin)
	o.staffA = srv.CreateUser("anna@town.example", staffPW, auth.RoleStaff)
	o.staffB = srv.CreateUser("bernd@town.example", staffPW, auth.RoleStaff)
	o.citizen = srv.CreateUser("citizen@town.example", staffPW, auth.RoleCitizen)
	for _, m := range []struct {
		u auth.User
		d auth.Department
	}{{o.staffA, o.deptA}, {o.staffB, o.deptB}} {
		if err := srv.App.Auth.SetMembership(ctx, m.u.ID, m.d.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	sys := reports.SystemActor
	if o.dumping, err = o.svc.SaveCategory(ctx, reports.Category{Code: "muell", Group: reports.Text{DE: "Sauberkeit"},
		Name: reports.Text{DE: "Illegaler Müll", EN: "Illegal dumping"}, DepartmentID: o.deptA.ID,
		FirstReactionDays: 1, ClosureDays: 5, Active: true}, sys); err != nil {
		t.Fatal(err)
	}
	if o.pothole, err = o.svc.SaveCategory(ctx, reports.Category{Code: "schlagloch", Group: reports.Text{DE: "Straße"},
		Name: reports.Text{DE: "Schlagloch", EN: "Pothole"}, DepartmentID: o.deptB.ID, Active: true,
		Attributes: []reports.Attribute{{Code: "groesse", Datatype: open311.DatatypeSingleValueList, Order: 1,
			Description: reports.Text{DE: "Wie groß ist es?"}, Values: []reports.AttributeValue{
				{Key: "klein", Name: reports.Text{DE: "Handgroß"}}, {Key: "gross", Name: reports.Text{DE: "Größer als ein Rad"}}}}}}, sys); err != nil {
		t.Fatal(err)
	}
	if o.notOurJob, err = o.svc.SaveCategory(ctx, reports.Category{Code: "autobahn", Name: reports.Text{DE: "Autobahn"},
		NotOurJob: reports.Text{DE: "Zuständig ist die Autobahn GmbH."}, Active: true}, sys); err != nil {
		t.Fatal(err)
	}
	o.clientA = o.login(t, o.staffA)
	o.clientB = o.login(t, o.staffB)
	o.clientAdmin = o.login(t, o.admin)
	o.clientCitizen = o.login(t, o.citizen)
	o.clientAnonymous = srv.Client()
	return o
}

func (o *staffOffice) login(t *testing.T, u auth.User) *testkit.Client {
	t.Helper()
	c := o.srv.Client()
	c.Login(u.Email, staffPW)
	return c
}

// report files a report through the Service, as a citizen would.
func (o *staffOffice) report(t *testing.T, n reports.NewReport) reports.Report {
	t.Helper()
	if n.Description == "" {
		n.Description = "Ein Haufen Sperrmüll am Straßenrand."
	}
	if n.Location == nil && n.Address == "" {
		n.Location = &geo.Point{Lat: 52.375, Lon: 9.735}
	}
	r, _, err := o.svc.Create(o.srv.Ctx(), n)
	if err != nil {
		t.Fatalf("create report: %v", err)
	}
	return r
}

// stored reads a report as the system sees it.
func (o *staffOffice) stored(t *testing.T, id int64) reports.Report {
	t.Helper()
	r, err := o.svc.StaffReport(o.srv.Ctx(), id, reports.SystemActor)
	if err != nil {
		t.Fatalf("read report %d: %v", id, err)
	}
	return r
}

// events returns the kinds of a report's history, oldest first.
func (o *staffOffice) events(t *testing.T, id int64) []reports.Event {
	t.Helper()
	ev, err := o.svc.StaffEvents(o.srv.Ctx(), id, reports.SystemActor)
	if err != nil {
		t.Fatalf("history of report %d: %v", id, err)
	}
	return ev
}

// auditCount counts audit entries with action about report id.
func (o *staffOffice) auditCount(t *testing.T, action string, objectType string, id int64) int {
	t.Helper()
	ctx := o.srv.Ctx()
	var n int
	if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = ? AND object_type = ? AND object_id = ?",
		action, objectType, strconv.FormatInt(id, 10)).Scan(&n); err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return n
}

func staffPath(id int64, rest string) string {
	return "/staff/reports/" + strconv.FormatInt(id, 10) + rest
}

func staffWantStatus(t *testing.T, r *testkit.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; page:\n%s", r.Request.Method, r.Request.URL, r.StatusCode, want, testkit.Excerpt(r.Body))
	}
}

func staffWantContains(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page lacks %q; page:\n%s", r.Request.Method, r.Request.URL, p, testkit.Excerpt(r.Body))
		}
	}
}

func staffWantLacks(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page contains %q; page:\n%s", r.Request.Method, r.Request.URL, p, testkit.Excerpt(r.Body))
		}
	}
}

// staffPNG is a small PNG photo.
func staffPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// staffPhoto is a processed photo for NewReport.
func staffPhoto(t *testing.T) *photo.Result {
	t.Helper()
	p, err := photo.New(photo.Limits{}).Process(t.Context(), bytes.NewReader(staffPNG(t)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// staffUpload posts a multipart form with the client's CSRF token and, when
// file is not nil, a file under "photo".
func staffUpload(t *testing.T, c *testkit.Client, path string, fields url.Values, file []byte) *testkit.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", c.CSRF())
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if file != nil {
		fw, err := w.CreateFormFile("photo", "foto.png")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return &testkit.Response{Response: resp, Body: b.String()}
}
