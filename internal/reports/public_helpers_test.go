package reports_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// publicTown is a running town hall with categories for the citizens'
// pages: a pothole category with a required question, a litter category,
// and "Autobahn", which is not the town's job.
type publicTown struct {
	t     *testing.T
	srv   *testkit.Server
	svc   *reports.Service
	clock *clock.Fixed
	dept  auth.Department
}

var publicStart = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

func newPublicTown(t *testing.T, e testkit.Engine, opts ...testkit.ServerOption) *publicTown {
	t.Helper()
	clk := clock.NewFixed(publicStart)
	opts = append([]testkit.ServerOption{func(_ *config.Config, o *app.Options) { o.Clock = clk }}, opts...)
	srv := testkit.NewServer(t, e, opts...)
	town := &publicTown{t: t, srv: srv, svc: srv.App.Reports, clock: clk}
	ctx := srv.Ctx()
	var err error
	town.dept, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "tiefbau", Name: "Tiefbauamt", Email: "tiefbau@example.org"})
	if err != nil {
		t.Fatalf("department: %v", err)
	}
	for _, c := range []reports.Category{
		{Code: "schlagloch", Group: reports.Text{DE: "Straße und Wege", EN: "Streets"}, Name: reports.Text{DE: "Schlagloch", EN: "Pothole"},
			Description: reports.Text{DE: "Löcher und Risse in der Fahrbahn"}, DepartmentID: town.dept.ID, Active: true, ClosureDays: 10,
			Attributes: []reports.Attribute{{Code: "groesse", Datatype: open311.DatatypeSingleValueList, Required: true, Order: 1,
				Description: reports.Text{DE: "Wie groß ist das Loch?", EN: "How big is the hole?"},
				Values: []reports.AttributeValue{{Key: "klein", Name: reports.Text{DE: "kleiner als ein Teller", EN: "smaller than a plate"}},
					{Key: "gross", Name: reports.Text{DE: "größer als ein Teller", EN: "bigger than a plate"}}}}}},
		{Code: "muell", Group: reports.Text{DE: "Sauberkeit", EN: "Cleanliness"}, Name: reports.Text{DE: "Wilder Müll", EN: "Fly-tipping"},
			Keywords: []string{"Sperrmüll", "Abfall"}, DepartmentID: town.dept.ID, Active: true},
		{Code: "autobahn", Group: reports.Text{DE: "Straße und Wege", EN: "Streets"}, Name: reports.Text{DE: "Autobahn", EN: "Motorway"},
			NotOurJob: reports.Text{DE: "Zuständig ist die Autobahn GmbH des Bundes.", EN: "The federal motorway company is responsible."}, Active: true},
	} {
		if _, err := town.svc.SaveCategory(ctx, c, reports.SystemActor); err != nil {
			t.Fatalf("category %s: %v", c.Code, err)
		}
	}
	return town
}

// report files a report through the Service, as a citizen with name and
// e-mail, optionally with photos.
func (town *publicTown) report(category string, p *geo.Point, photos int) (reports.Report, string) {
	town.t.Helper()
	n := reports.NewReport{CategoryCode: category, Location: p, Address: "Lindenallee 3", Description: "Tiefes Loch vor der Schule",
		Name: "Erika Geheim", Email: "erika.geheim@example.org", Lang: "de", Source: reports.SourceWeb}
	if category == "schlagloch" {
		n.Answers = open311.Answers{"groesse": {"gross"}}
	}
	for i := range photos {
		img := publicJPEG(town.t, uint8(40*i+20), nil)
		pr, err := photo.New(photo.Limits{}).Process(town.srv.Ctx(), bytes.NewReader(img))
		if err != nil {
			town.t.Fatal(err)
		}
		n.Photos = append(n.Photos, pr)
	}
	r, token, err := town.svc.Create(town.srv.Ctx(), n)
	if err != nil {
		town.t.Fatalf("create report: %v", err)
	}
	return r, token
}

// multipart posts fields and files (field name → contents) to path as a
// browser sends a form with enctype multipart/form-data, CSRF token added.
func publicMultipart(t *testing.T, c *testkit.Client, path string, fields url.Values, files map[string][][]byte) *testkit.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF())
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, list := range files {
		for i, content := range list {
			fw, err := mw.CreateFormFile(name, fmt.Sprintf("foto-%d.jpg", i+1))
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(content)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Response: resp, Body: string(b)}
}

// publicJPEG makes a real JPEG of a plain colour; with gps it carries an
// EXIF GPS position as a phone writes it.
func publicJPEG(t testing.TB, shade uint8, gps *geo.Point) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{shade, uint8(x / 3), uint8(y / 2), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if gps == nil {
		return buf.Bytes()
	}
	seg := append([]byte("Exif\x00\x00"), publicGPSTIFF(*gps)...)
	jpg := buf.Bytes()
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// publicGPSTIFF is a little-endian TIFF block with IFD0 pointing to a GPS
// IFD that holds p in degrees, minutes and seconds.
func publicGPSTIFF(p geo.Point) []byte {
	le := binary.LittleEndian
	dms := func(v float64) []byte {
		deg := uint32(v)
		minF := (v - float64(deg)) * 60
		mins := uint32(minF)
		secs := uint32((minF - float64(mins)) * 60 * 1000)
		var b []byte
		for _, r := range [][2]uint32{{deg, 1}, {mins, 1}, {secs, 1000}} {
			b = le.AppendUint32(b, r[0])
			b = le.AppendUint32(b, r[1])
		}
		return b
	}
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		return le.AppendUint32(b, value)
	}
	const ifd0 = 8
	const gpsIFD = ifd0 + 2 + 12 + 4
	const data = gpsIFD + 2 + 4*12 + 4
	out := []byte("II*\x00")
	out = le.AppendUint32(out, ifd0)
	out = le.AppendUint16(out, 1)
	out = entry(out, 0x8825, 4, 1, gpsIFD)
	out = le.AppendUint32(out, 0)
	out = le.AppendUint16(out, 4)
	out = entry(out, 0x0001, 2, 2, uint32('N'))
	out = entry(out, 0x0002, 5, 3, data)
	out = entry(out, 0x0003, 2, 2, uint32('E'))
	out = entry(out, 0x0004, 5, 3, data+24)
	out = le.AppendUint32(out, 0)
	out = append(out, dms(p.Lat)...)
	return append(out, dms(p.Lon)...)
}

// publicGIF is a real GIF, a format the town does not take.
func publicGIF(t *testing.T) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var publicRefRe = regexp.MustCompile(`^/reports/sent/(M-[0-9A-Z]{4}-[0-9A-Z]{2})`)

// publicSentRef returns the reference a successful send redirected to.
func publicSentRef(t *testing.T, r *testkit.Response) string {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: status %d, want 303:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
	}
	m := publicRefRe.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("send redirected to %q, want /reports/sent/REF", r.Header.Get("Location"))
	}
	return m[1]
}

func publicWantStatus(t *testing.T, r *testkit.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d:\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, testkit.Excerpt(r.Body))
	}
}

func publicWantContains(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page lacks %q:\n%s", r.Request.Method, r.Request.URL.Path, p, testkit.Excerpt(r.Body))
		}
	}
}

func publicWantLacks(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page shows %q, which it must not:\n%s", r.Request.Method, r.Request.URL.Path, p, testkit.Excerpt(r.Body))
		}
	}
}

// publicInput returns the value of the first input name on a page ("" if there is none).
func publicInput(body, name string) string {
	re := regexp.MustCompile(`<input[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`)
	if m := re.FindStringSubmatch(body); m != nil {
		return htmlUnescape(m[1])
	}
	return ""
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}
