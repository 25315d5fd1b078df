package reports

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffReportView is a report's page in the staff area: everything about
// it, its full history and the forms that change it.
type staffReportView struct {
	staffFmt
	Report      Report
	Events      []Event
	Answers     []Answer
	Categories  []Category
	Departments []auth.Department
	// PhotoNumbers number the photos for their alternative texts.
	PhotoNumbers map[int64]int
	// MapTiles is the tile server of the map ("" for none); MapLat and
	// MapLon are where it starts: the report's place, else the middle of
	// the town, else "" (the script's default).
	MapTiles, MapLat, MapLon string
}

// FeedbackKey is the label of the reporter's feedback in e, "" if none.
func (v staffReportView) FeedbackKey(e Event) string {
	switch {
	case e.Fixed == nil:
		return ""
	case *e.Fixed:
		return "reports.feedback.fixed"
	}
	return "reports.feedback.not_fixed"
}

// StatusField offers every status except duplicate, which only a merge
// sets.
func (v staffReportView) StatusField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range Statuses {
		if s != StatusDuplicate || v.Report.Status == StatusDuplicate {
			opts = append(opts, web.Option{Value: string(s), Label: p.T(s.LabelKey())})
		}
	}
	return p.Select("status", "reports.staff.report.status", opts, "required")
}

// CategoryField offers the active categories that are the town's job.
func (v staffReportView) CategoryField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, c := range v.Categories {
		if c.IsNotOurJob() || (!c.Active && c.Code != v.Report.CategoryCode) {
			continue
		}
		label := c.Name.In(p.Lang)
		if g := c.Group.In(p.Lang); g != "" {
			label = g + ": " + label
		}
		opts = append(opts, web.Option{Value: c.Code, Label: label})
	}
	return p.Select("category", "reports.staff.report.category", opts, "required")
}

// DepartmentField offers every department.
func (v staffReportView) DepartmentField(p *web.Page) web.FieldView {
	var opts []web.Option
	if v.Report.DepartmentID == 0 {
		opts = append(opts, web.Option{Value: "", Label: p.T("reports.staff.report.no_department")})
	}
	for _, d := range v.Departments {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return p.Select("department", "reports.staff.report.department", opts, "required")
}

// Path is the report's staff page.
func (v staffReportView) Path() string { return StaffPath(v.Report.ID) }

// PhotoPath is where a photo's bytes are served; thumb asks for the small
// one.
func (v staffReportView) PhotoPath(ph Photo, thumb bool) string {
	p := StaffPath(v.Report.ID) + "/photos/" + strconv.FormatInt(ph.ID, 10)
	if thumb {
		p += "?size=thumb"
	}
	return p
}

// OSMLink shows the report's place on OpenStreetMap.
func (v staffReportView) OSMLink() string {
	l := v.Report.Location
	if l == nil {
		return ""
	}
	lat, lon := strconv.FormatFloat(l.Lat, 'f', 6, 64), strconv.FormatFloat(l.Lon, 'f', 6, 64)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon
}

// PublicPath is the report's public page.
func (v staffReportView) PublicPath() string { return PublicPath(v.Report.Ref) }

// staffReportValues fills the forms of a report's page with what is stored.
func staffReportValues(r Report) url.Values {
	v := url.Values{}
	v.Set("status", string(r.Status))
	v.Set("category", r.CategoryCode)
	if r.DepartmentID != 0 {
		v.Set("department", strconv.FormatInt(r.DepartmentID, 10))
	}
	if r.Location != nil {
		v.Set("lat", strconv.FormatFloat(r.Location.Lat, 'f', -1, 64))
		v.Set("lon", strconv.FormatFloat(r.Location.Lon, 'f', -1, 64))
	}
	v.Set("address", r.Address)
	return v
}

func (m *Module) staffReport(w http.ResponseWriter, r *http.Request) {
	m.staffRenderReport(w, r, http.StatusOK, nil)
}

// staffRenderReport shows the report's page. form carries a failed post:
// its values and errors go over the stored values.
func (m *Module) staffRenderReport(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ctx := r.Context()
	actor := staffActor(r)
	rep, err := m.Service.StaffReport(ctx, id, actor)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := staffReportView{staffFmt: m.staffFmt(r), Report: rep, PhotoNumbers: map[int64]int{},
		MapTiles: m.Config.MapTileURL}
	if c := m.staffMapCenter(r, rep.Location); c != nil {
		v.MapLat, v.MapLon = strconv.FormatFloat(c.Lat, 'f', 6, 64), strconv.FormatFloat(c.Lon, 'f', 6, 64)
	}
	if v.Events, err = m.Service.StaffEvents(ctx, id, actor); err != nil {
		m.site.Error(w, r, err)
		return
	}
	if v.Categories, err = m.Service.Categories(ctx, true); err != nil {
		m.site.Error(w, r, err)
		return
	}
	if v.Departments, err = m.Auth.Departments(ctx); err != nil {
		m.site.Error(w, r, err)
		return
	}
	if i := slices.IndexFunc(v.Categories, func(c Category) bool { return c.ID == rep.CategoryID }); i >= 0 {
		v.Answers = v.Categories[i].AnswerList(rep.Answers, v.Lang)
	}
	for i, ph := range rep.Photos {
		v.PhotoNumbers[ph.ID] = i + 1
	}
	page := web.NewForm(staffReportValues(rep))
	if form != nil {
		for k, vs := range form.Values {
			page.Values[k] = vs
		}
		page.Errors, page.Summary = form.Errors, form.Summary
	}
	m.site.Render(w, r, status, "reports.staff/report", v, page)
}
