package reports

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// The field view is for staff out in the town with a phone: the open
// reports of their department nearest to where they stand, a way to get
// there, and a form to close a report with a photo on the spot.

const (
	// staffFieldCount is how many reports the field view lists.
	staffFieldCount = 20
	// staffFieldRadius bounds the search around the position; a small
	// town fits in it.
	staffFieldRadius = 15000
)

// staffFieldView is the field view.
type staffFieldView struct {
	staffFmt
	Admin       bool
	Departments []auth.Department
	Department  auth.Department
	// Listed is false for staff without a department.
	Listed bool
	// Position is where the person stands; nil lists by deadline.
	Position *geo.Point
	Items    []staffFieldItem
	// ErrorReport is the report whose close form failed.
	ErrorReport int64
	// Here is the field view's address with the position, for "next".
	Here string
}

// staffFieldItem is a report with its distance from the position.
type staffFieldItem struct {
	Report Report
	Metres float64
	// Near reports whether Metres is known.
	Near bool
}

// DepartmentField chooses the department like the inbox does.
func (v staffFieldView) DepartmentField(p *web.Page) web.FieldView {
	return staffInboxView{Admin: v.Admin, Departments: v.Departments}.DepartmentField(p)
}

// Distance writes the distance for people: metres up to a kilometre.
func (v staffFieldView) Distance(metres float64) string {
	if metres < 1000 {
		return strconv.Itoa(int(metres/10+0.5)*10) + " m"
	}
	km := strconv.FormatFloat(metres/1000, 'f', 1, 64)
	if v.Lang == "de" {
		km = strings.Replace(km, ".", ",", 1)
	}
	return km + " km"
}

// GeoURI opens the place in the phone's map app (RFC 5870). It is made
// of two formatted numbers only, so html/template may trust the scheme.
func (v staffFieldView) GeoURI(r Report) template.URL {
	if r.Location == nil {
		return ""
	}
	return template.URL("geo:" + v.Coord(r.Location.Lat) + "," + v.Coord(r.Location.Lon))
}

// DirectionsURL is a route on OpenStreetMap, from the position when known.
func (v staffFieldView) DirectionsURL(r Report) string {
	if r.Location == nil {
		return ""
	}
	from := ""
	if v.Position != nil {
		from = v.Coord(v.Position.Lat) + "," + v.Coord(v.Position.Lon)
	}
	to := v.Coord(r.Location.Lat) + "," + v.Coord(r.Location.Lon)
	return "https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=" + url.QueryEscape(from+";"+to)
}

// NoteID and PhotoID are the ids of a close form's controls: the failed
// form's are the ones the error summary links to.
func (v staffFieldView) NoteID(id int64) string {
	if id == v.ErrorReport {
		return "f-public_note"
	}
	return "close-" + strconv.FormatInt(id, 10) + "-note"
}

// PhotoID is the id of a close form's file input.
func (v staffFieldView) PhotoID(id int64) string {
	if id == v.ErrorReport {
		return "f-photo"
	}
	return "close-" + strconv.FormatInt(id, 10) + "-photo"
}

// Errors returns the translated errors of field in report id's close form.
func (v staffFieldView) Errors(p *web.Page, id int64, field string) []string {
	if id != v.ErrorReport {
		return nil
	}
	return p.Field(field, "text", "reports.staff.field.note").Errors
}

// staffFieldPosition reads the position typed or filled in by "use my
// location"; both empty is no position.
func staffFieldPosition(q url.Values) (*geo.Point, error) {
	lat, lon := strings.TrimSpace(q.Get("lat")), strings.TrimSpace(q.Get("lon"))
	if lat == "" && lon == "" {
		return nil, nil
	}
	p, err := geo.ParsePoint(lat, lon)
	if err != nil {
		var f errs.Fields
		f.Add(FieldLocation, "reports.staff.location.invalid")
		return nil, f.Err()
	}
	return &p, nil
}

func (m *Module) staffField(w http.ResponseWriter, r *http.Request) {
	m.staffRenderField(w, r, http.StatusOK, r.URL.Query(), 0, nil)
}

// staffRenderField shows the field view for the position and department in
// q; errReport and form carry a failed close form.
func (m *Module) staffRenderField(w http.ResponseWriter, r *http.Request, status int, q url.Values, errReport int64, form *web.Form) {
	ctx := r.Context()
	p := web.PrincipalOf(r)
	deps, err := m.staffDepartments(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := staffFieldView{staffFmt: m.staffFmt(r), Admin: p.IsAdmin(), Departments: deps, ErrorReport: errReport}
	page := web.NewForm(url.Values{"lat": {q.Get("lat")}, "lon": {q.Get("lon")}})
	if form != nil {
		for k, vs := range form.Values {
			page.Values[k] = vs
		}
		page.Errors, page.Summary = form.Errors, form.Summary
	}
	scope, err := staffScopeParam(q, v.Admin, deps)
	dept := scope.Department
	if err == nil {
		v.Department, v.Listed = dept, scope.Listed()
		if dept.ID != 0 {
			page.Values.Set("department", strconv.FormatInt(dept.ID, 10))
		}
		v.Position, err = staffFieldPosition(q)
	}
	if errs.CodeOf(err) == errs.Invalid {
		page.SetErrors(err)
		m.site.Render(w, r, http.StatusUnprocessableEntity, "reports.staff/field", v, page)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	here := url.Values{}
	for _, k := range []string{"lat", "lon", "department"} {
		if s := page.Values.Get(k); s != "" && (k != "department" || dept.ID != 0) {
			here.Set(k, s)
		}
	}
	v.Here = "/staff/reports/field"
	if len(here) > 0 {
		v.Here += "?" + here.Encode()
	}
	if !v.Listed {
		m.site.Render(w, r, status, "reports.staff/field", v, page)
		return
	}
	f := Filter{Staff: true, OpenOnly: true, Sort: SortDeadline, PageSize: staffFieldCount}
	if v.Position != nil {
		f.Near, f.Radius, f.PageSize = v.Position, staffFieldRadius, MaxPageSize
	}
	list, err := scope.list(ctx, m.Service, f)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	for _, rep := range list.Reports {
		it := staffFieldItem{Report: rep}
		if v.Position != nil && rep.Location != nil {
			it.Metres, it.Near = geo.Distance(*v.Position, *rep.Location), true
		}
		v.Items = append(v.Items, it)
	}
	if v.Position != nil {
		slices.SortStableFunc(v.Items, func(a, b staffFieldItem) int { return cmp.Compare(a.Metres, b.Metres) })
		v.Items = v.Items[:min(len(v.Items), staffFieldCount)]
	}
	m.site.Render(w, r, status, "reports.staff/field", v, page)
}

// staffClose closes a report from the field: status done with a public
// note and, when given, a photo of the place, in one transaction. The
// photo is checked before anything changes.
func (m *Module) staffClose(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ph, err := m.staffUpload(r, "photo", false)
	if err == nil {
		err = m.Service.Close(r.Context(), id, r.PostFormValue("public_note"), ph, staffActor(r))
	}
	if status, ok := web.FormStatus(err); ok {
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.staffRenderField(w, r, status, r.PostForm, id, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "reports.staff.flash.closed")
	web.Redirect(w, r, web.SafeNext(r.PostFormValue("next"), "/staff/reports/field"))
}
