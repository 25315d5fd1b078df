package reports

import (
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicMapDefault is how many points the map shows: the newest of the
// visible box, asked for again when the map moves. More markers would not
// help on a phone, and each costs bytes on a slow line; publicMapLimit
// bounds what a client may ask for with limit.
const (
	publicMapDays    = 90
	publicMapDefault = 300
	publicMapLimit   = 5000
)

// publicMapProps are the properties of one report on the map: what the
// popup shows and links to, in the request's language. Never personal data.
type publicMapProps struct {
	Ref          string `json:"ref"`
	URL          string `json:"url"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	Light        string `json:"light"`
	LightLabel   string `json:"light_label"`
	Category     string `json:"category"`
	CategoryName string `json:"category_name"`
}

// publicMapData answers GET /reports/map.geojson: the published reports
// with a place as a GeoJSON FeatureCollection (RFC 7946), filtered like the
// list (category, status, period: the last 90 days unless one is chosen)
// and by bbox=west,south,east,north (the GeoJSON order, as in Open311),
// newest first, at most limit (default 300, up to 5000).
func (m *Module) publicMapData(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	lf := publicParseListFilter(q)
	now := m.Service.now()
	f := lf.Filter(now)
	f.Page, f.PageSize = 0, 0
	if lf.Period == "" {
		// Without a chosen period the map shows the last 90 days, as the
		// Open311 list does: finding the newest of all time in a box reads
		// every report the box ever had where it cuts a grid cell.
		f.CreatedFrom = now.AddDate(0, 0, -publicMapDays)
	}
	if s := q.Get("bbox"); s != "" {
		b, err := geo.ParseBBox(s)
		if err != nil {
			m.site.Error(w, r, errs.Wrap(errs.BadRequest, "error.bad_request", err))
			return
		}
		f.BBox = &b
	}
	limit := publicMapDefault
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			m.site.Error(w, r, errs.E(errs.BadRequest, "error.bad_request"))
			return
		}
		limit = min(n, publicMapLimit)
	}
	points, err := m.Service.MapPoints(ctx, f, limit)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	cats, err := m.Service.Categories(ctx, true)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	names := make(map[string]string, len(cats))
	for _, c := range cats {
		names[c.Code] = c.Name.In(lang)
	}
	h := w.Header()
	h.Set("Content-Type", "application/geo+json")
	// Short, so a status change shows soon; the language is in the body.
	h.Set("Cache-Control", "public, max-age=60")
	h.Set("Vary", "Cookie")
	fw := geo.NewFeatureWriter(w)
	for _, p := range points {
		light := p.Status.Light()
		props := publicMapProps{Ref: p.Ref, URL: PublicPath(p.Ref), Status: string(p.Status),
			StatusLabel: m.site.T(r, p.Status.LabelKey()), Light: string(light), LightLabel: m.site.T(r, light.LabelKey()),
			Category: p.CategoryCode, CategoryName: names[p.CategoryCode]}
		pt := geo.Point{Lat: p.Lat, Lon: p.Lon}
		if !pt.Valid() {
			continue
		}
		if err := fw.Write(geo.Feature{ID: p.Ref, Point: pt, Properties: props}); err != nil {
			m.publicLog().Debug("map data", "err", err)
			return
		}
	}
	if err := fw.Close(); err != nil {
		m.publicLog().Debug("map data", "err", err)
	}
}
