package reports

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicListSize is the number of reports on a page of the public list.
const publicListSize = 20

// publicMaxPage bounds paging: deeper pages are for the open-data export.
const publicMaxPage = 500

// publicPeriods are the periods the list offers, in days.
var publicPeriods = []int{7, 30, 90, 365}

// publicListFilter is the list's and the map's filter as the GET form
// sends it. Values that are not on offer are ignored.
type publicListFilter struct {
	Category, Status, Period string
	Page                     int
}

func publicParseListFilter(q url.Values) publicListFilter {
	lf := publicListFilter{Category: q.Get("category"), Status: q.Get("status"), Period: q.Get("period"), Page: 1}
	if len(lf.Category) > 100 {
		lf.Category = ""
	}
	if _, ok := ParseStatus(lf.Status); !ok && lf.Status != "open" && lf.Status != "closed" {
		lf.Status = ""
	}
	if n, err := strconv.Atoi(lf.Period); err != nil || !slices.Contains(publicPeriods, n) {
		lf.Period = ""
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		lf.Page = min(n, publicMaxPage)
	}
	return lf
}

// Filter turns the form into the Service's filter at now.
func (lf publicListFilter) Filter(now time.Time) Filter {
	f := Filter{Page: lf.Page, PageSize: publicListSize, Sort: SortNewest}
	if lf.Category != "" {
		f.Categories = []string{lf.Category}
	}
	switch lf.Status {
	case "":
	case "open":
		f.OpenOnly = true
	case "closed":
		f.ClosedOnly = true
	default:
		f.Statuses = []Status{Status(lf.Status)}
	}
	if days, err := strconv.Atoi(lf.Period); err == nil {
		f.CreatedFrom = now.AddDate(0, 0, -days)
	}
	return f
}

// Query is the filter as a query string, page left out unless page > 1.
func (lf publicListFilter) Query(page int) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"category": lf.Category, "status": lf.Status, "period": lf.Period} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return q
}

// publicListPage is the public list with its map.
type publicListPage struct {
	Fmt        publicFmt
	Filter     publicListFilter
	Categories []Category
	Statuses   []Status
	Lights     []Light
	Periods    []int
	Reports    []Report
	Page       int
	More       bool
	Prev, Next template.URL
	// MapData is the address of the map's GeoJSON with the same filter.
	MapData string
	Map     publicMap
}

func (m *Module) publicList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lf := publicParseListFilter(r.URL.Query())
	page, err := m.Service.List(ctx, lf.Filter(m.Service.now()))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	cats, err := m.Service.Categories(ctx, false)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	var reportable []Category
	for _, c := range cats {
		if !c.IsNotOurJob() {
			reportable = append(reportable, c)
		}
	}
	d := publicListPage{Fmt: m.publicFmt(r), Filter: lf, Categories: reportable, Statuses: Statuses,
		Lights: []Light{Red, Yellow, Green}, Periods: publicPeriods, Reports: page.Reports, Page: page.Page, More: page.More, Map: m.publicMapConfig(ctx)}
	if page.Page > 1 {
		d.Prev = template.URL("/reports?" + lf.Query(page.Page-1).Encode())
	}
	if page.More && page.Page < publicMaxPage {
		d.Next = template.URL("/reports?" + lf.Query(page.Page+1).Encode())
	}
	d.MapData = "/reports/map.geojson"
	if q := lf.Query(0).Encode(); q != "" {
		d.MapData += "?" + q
	}
	form := web.NewForm(lf.Query(0))
	m.site.Render(w, r, http.StatusOK, "reports.public/list", d, form)
}
