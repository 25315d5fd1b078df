package app_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// reportFixtures are the Mängelmelder records routes about one report,
// category or API key need: a category of department A, a report in it
// with its private manage link, and an API key.
type reportFixtures struct {
	category reports.Category
	report   reports.Report
	manage   string // the raw manage token of the report
	photo    reports.Photo
	apiKey   reports.APIClient
}

// reports returns the world's Mängelmelder records, made on first use.
func (w *world) reports() *reportFixtures {
	w.t.Helper()
	if w.rep != nil {
		return w.rep
	}
	ctx, svc := w.srv.Ctx(), w.srv.App.Reports
	system := reports.Actor{System: true}
	f := &reportFixtures{}
	var err error
	f.category, err = svc.SaveCategory(ctx, reports.Category{
		Code:         fmt.Sprintf("laterne-%d", w.seq),
		Group:        reports.Text{DE: "Straße und Wege", EN: "Streets and paths"},
		Name:         reports.Text{DE: "Straßenlaterne defekt", EN: "Street light broken"},
		DepartmentID: w.deptA.ID,
		Active:       true,
		// A public question: its answer shows on both report pages.
		Attributes: []reports.Attribute{{Code: "art", Datatype: open311.DatatypeSingleValueList, Public: true, Order: 1,
			Description: reports.Text{DE: "Was ist kaputt?", EN: "What is broken?"},
			Values:      []reports.AttributeValue{{Key: "lampe", Name: reports.Text{DE: "die Lampe", EN: "the lamp"}}}}},
	}, system)
	if err != nil {
		w.t.Fatalf("report category: %v", err)
	}
	f.report, f.manage, err = svc.Create(ctx, reports.NewReport{CategoryCode: f.category.Code, Address: "Marktplatz 1",
		Description: "Die Laterne vor dem Rathaus ist dunkel.", Answers: open311.Answers{"art": {"lampe"}}, Email: fmt.Sprintf("melder-%d@example.org", w.seq), Lang: "de"})
	if err != nil {
		w.t.Fatalf("report: %v", err)
	}
	var img bytes.Buffer
	pic := image.NewRGBA(image.Rect(0, 0, 64, 48))
	draw.Draw(pic, pic.Bounds(), &image.Uniform{color.RGBA{200, 120, 40, 255}}, image.Point{}, draw.Src)
	if err := png.Encode(&img, pic); err != nil {
		w.t.Fatal(err)
	}
	processed, err := photo.New(photo.Limits{}).Process(ctx, &img)
	if err != nil {
		w.t.Fatalf("photo: %v", err)
	}
	f.photo, err = svc.AddPhoto(ctx, f.report.ID, processed, system)
	if err != nil {
		w.t.Fatalf("add photo: %v", err)
	}
	f.apiKey, _, err = svc.CreateAPIClient(ctx, fmt.Sprintf("App %d", w.seq), system)
	if err != nil {
		w.t.Fatalf("API key: %v", err)
	}
	w.rep = f
	return f
}

// reportParam fills the parameters of the Mängelmelder's routes.
func (w *world) reportParam(rt web.Route, name string) (string, bool) {
	path := rt.Path
	if !strings.HasPrefix(path, "/reports/") && !strings.HasPrefix(path, "/staff/reports/") &&
		!strings.HasPrefix(path, "/admin/reports/") && !strings.HasPrefix(path, "/georeport/") {
		return "", false
	}
	f := w.reports()
	id := func(n int64) (string, bool) { return strconv.FormatInt(n, 10), true }
	switch {
	case name == "ref":
		return f.report.Ref, true
	case name == "token" && strings.HasPrefix(path, "/reports/manage/"):
		return f.manage, true
	case name == "token":
		// Subscription and Open311 tokens are only ever mailed or handed
		// out once; an unknown one is what an attacker has.
		return auth.NewToken(), true
	case name == "code":
		return f.category.Code, true
	case name == "n":
		return id(f.photo.ID)
	case name == "id" && strings.HasPrefix(path, "/staff/reports/"):
		return id(f.report.ID)
	case name == "id" && strings.HasPrefix(path, "/admin/reports/categories/"):
		return id(f.category.ID)
	case name == "id" && strings.HasPrefix(path, "/admin/reports/apikeys/"):
		return id(f.apiKey.ID)
	case name == "id" && strings.HasPrefix(path, "/georeport/"):
		return f.report.Ref, true
	case name == "id" && strings.HasPrefix(path, "/reports/photos/"):
		return id(f.photo.ID)
	}
	return "", false
}
