package app_test

import (
	"errors"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// A square of about 2 km around 52.6367 N, 9.8451 E.
const townSquare = `{"type":"Polygon","coordinates":[[[9.83,52.627],[9.86,52.627],[9.86,52.646],[9.83,52.646],[9.83,52.627]]]}`

func TestReportsOutsideTheConfiguredTownAreaAreRefused(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite, func(c *config.Config, _ *app.Options) {
		c.TownArea = []byte(townSquare)
	})
	ctx := srv.Ctx()
	dept, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Reports.SaveCategory(ctx, reports.Category{Code: "muell", Name: reports.Text{DE: "Müll"},
		Group: reports.Text{DE: "Sauberkeit"}, DepartmentID: dept.ID, Active: true}, reports.SystemActor); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		at     geo.Point
		refuse bool
	}{
		{"inside the town", geo.Point{Lat: 52.6367, Lon: 9.8451}, false},
		{"in the next town", geo.Point{Lat: 52.70, Lon: 9.95}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.at
			_, _, err := srv.App.Reports.Create(ctx, reports.NewReport{CategoryCode: "muell", Location: &p,
				Description: "Müllsäcke am Weg", Lang: "de", Source: reports.SourceWeb})
			var e *errs.Error
			refused := errors.As(err, &e) && e.Code == errs.Invalid
			if refused != tc.refuse || (!tc.refuse && err != nil) {
				t.Fatalf("Create at %v: err %v, want refused=%v", tc.at, err, tc.refuse)
			}
		})
	}
}
