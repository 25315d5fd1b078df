package reports

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicPlacePage is step 2 of reporting: where the defect is.
type publicPlacePage struct {
	Fmt      publicFmt
	Category Category
	Map      publicMap
	// PlaceErrors are the messages about the place as a whole.
	PlaceErrors []string
}

func (m *Module) publicNewPlace(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cat, ok := m.publicFlowCategory(w, r, q.Get("category"))
	if !ok {
		return
	}
	m.publicRenderPlace(w, r, http.StatusOK, cat, web.NewForm(q))
}

func (m *Module) publicRenderPlace(w http.ResponseWriter, r *http.Request, status int, cat Category, form *web.Form) {
	d := publicPlacePage{Fmt: m.publicFmt(r), Category: cat, Map: m.publicMapConfig(r.Context()),
		PlaceErrors: m.publicFieldErrors(r, form, FieldLocation)}
	m.site.Render(w, r, status, "reports.public/new_place", d, form)
}

// publicPlace reads the place the flow carries: the address as typed and
// the point from the map, the phone's location or a photo. One of them is
// needed; a point must lie in the town's area.
func (m *Module) publicPlace(ctx context.Context, v url.Values) (string, *geo.Point, errs.Fields) {
	var f errs.Fields
	address := web.CleanText(v.Get("address"), false)
	if tooLong(address, MaxAddress) {
		f.Add(FieldAddress, "field.too_long", MaxAddress)
	}
	var loc *geo.Point
	lat, lon := strings.TrimSpace(v.Get("lat")), strings.TrimSpace(v.Get("lon"))
	if lat != "" || lon != "" {
		p, err := geo.ParsePoint(lat, lon)
		switch {
		case err != nil:
			f.Add(FieldLocation, "reports.public.location.invalid")
		case !m.Service.inArea(ctx, p):
			f.Add(FieldLocation, "reports.location.outside")
		default:
			loc = &p
		}
	}
	if loc == nil && address == "" && !f.Has(FieldLocation) {
		f.Add(FieldLocation, "reports.location.missing")
	}
	return address, loc, f
}

// publicFieldErrors translates the errors of one field, for controls the
// "field" partial cannot draw.
func (m *Module) publicFieldErrors(r *http.Request, form *web.Form, field string) []string {
	var out []string
	for _, fe := range form.Errors[field] {
		out = append(out, m.site.T(r, fe.Key, fe.Args...))
	}
	return out
}

// publicMap is what the map script needs: the tile server and where to
// start.
type publicMap struct {
	// Tiles is the tile URL template; empty draws no background.
	Tiles    string
	Lat, Lon float64
	Zoom     int
}

// publicMapConfig centres the map on the town's area, or on Germany while
// the town has none.
func (m *Module) publicMapConfig(ctx context.Context) publicMap {
	pm := publicMap{Tiles: m.Config.MapTileURL, Lat: 51.1634, Lon: 10.4477, Zoom: 6}
	if m.Service.deps.Area != nil {
		if a := m.Service.deps.Area(ctx); a != nil {
			c := a.Bounds().Center()
			pm.Lat, pm.Lon, pm.Zoom = c.Lat, c.Lon, 13
		}
	}
	return pm
}
