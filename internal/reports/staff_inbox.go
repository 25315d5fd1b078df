package reports

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffInboxPageSize is how many reports one inbox page lists.
const staffInboxPageSize = 25

// staffInboxView is a department's inbox.
type staffInboxView struct {
	staffFmt
	Admin bool
	// Departments are those the person may choose: all for an admin,
	// their own for staff.
	Departments []auth.Department
	// Department is the one shown; zero when an admin looks at all.
	Department auth.Department
	Categories []Category
	Reports    []Report
	// Total matches the filter; Open and Overdue count the department's
	// reports regardless of the filter.
	Total, Open, Overdue int
	Page                 int
	PrevURL, NextURL     string
}

// DepartmentField chooses the department (admins may choose all).
func (v staffInboxView) DepartmentField(p *web.Page) web.FieldView {
	var opts []web.Option
	if v.Admin {
		opts = append(opts, web.Option{Value: "", Label: p.T("reports.staff.inbox.all_departments")})
	}
	for _, d := range v.Departments {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return staffSelect(p, "department", "reports.staff.inbox.department", opts)
}

// StatusField filters by status: open (the default), all, closed or one.
func (v staffInboxView) StatusField(p *web.Page) web.FieldView {
	opts := []web.Option{
		{Value: "open", Label: p.T("reports.staff.inbox.status_open")},
		{Value: "all", Label: p.T("reports.staff.inbox.status_all")},
		{Value: "closed", Label: p.T("reports.staff.inbox.status_closed")},
	}
	for _, s := range Statuses {
		opts = append(opts, web.Option{Value: string(s), Label: p.T(s.LabelKey())})
	}
	return staffSelect(p, "status", "reports.staff.inbox.status", opts)
}

// CategoryField filters by category.
func (v staffInboxView) CategoryField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "", Label: p.T("reports.staff.inbox.all_categories")}}
	for _, c := range v.Categories {
		opts = append(opts, web.Option{Value: c.Code, Label: c.Name.In(p.Lang)})
	}
	return staffSelect(p, "category", "reports.staff.inbox.category", opts)
}

// SortField orders the list.
func (v staffInboxView) SortField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range []Sort{SortDeadline, SortOldest, SortNewest, SortUpdated} {
		opts = append(opts, web.Option{Value: string(s), Label: p.T("reports.staff.inbox.sort_" + string(s))})
	}
	return staffSelect(p, "sort", "reports.staff.inbox.sort", opts)
}

// staffDepartments returns the departments the principal works in; an
// admin's are all of them.
func (m *Module) staffDepartments(r *http.Request) ([]auth.Department, error) {
	p := web.PrincipalOf(r)
	if p.IsAdmin() {
		return m.Auth.Departments(r.Context())
	}
	var out []auth.Department
	for _, ms := range p.Memberships {
		out = append(out, ms.Department)
	}
	return out, nil
}

// staffDepartmentParam picks the department of a list from the query: one
// of the person's own (the first by default), or for an admin any or all.
// Another department's reports are forbidden.
func staffDepartmentParam(q url.Values, admin bool, deps []auth.Department) (auth.Department, error) {
	raw := strings.TrimSpace(q.Get("department"))
	if raw == "" {
		if admin || len(deps) == 0 {
			return auth.Department{}, nil
		}
		return deps[0], nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err == nil {
		if i := slices.IndexFunc(deps, func(d auth.Department) bool { return d.ID == id }); i >= 0 {
			return deps[i], nil
		}
	}
	if admin {
		var f errs.Fields
		f.Add("department", "reports.department.unknown")
		return auth.Department{}, f.Err()
	}
	return auth.Department{}, errs.E(errs.Forbidden, "error.forbidden")
}

// staffParseDay reads a date typed as YYYY-MM-DD (the date input) as the
// start of that day in the town's time zone.
func staffParseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), staffZone)
	return t, err == nil
}

// staffInboxFilter reads the inbox's filter form.
func staffInboxFilter(q url.Values, dept int64) (Filter, error) {
	f := Filter{Staff: true, DepartmentID: dept, PageSize: staffInboxPageSize, Sort: SortDeadline}
	var fe errs.Fields
	switch st := q.Get("status"); st {
	case "", "open":
		f.OpenOnly = true
	case "all":
	case "closed":
		f.ClosedOnly = true
	default:
		s, ok := ParseStatus(st)
		if !ok {
			fe.Add("status", "field.choice.invalid")
		}
		f.Statuses = []Status{s}
	}
	if c := strings.TrimSpace(q.Get("category")); c != "" {
		f.Categories = []string{c}
	}
	if s := q.Get("from"); strings.TrimSpace(s) != "" {
		t, ok := staffParseDay(s)
		if !ok {
			fe.Add("from", "reports.staff.date.invalid")
		}
		f.CreatedFrom = t
	}
	if s := q.Get("to"); strings.TrimSpace(s) != "" {
		t, ok := staffParseDay(s)
		if !ok {
			fe.Add("to", "reports.staff.date.invalid")
		}
		// The period includes the day typed as its end.
		f.CreatedTo = t.AddDate(0, 0, 1)
	}
	f.Text = strings.TrimSpace(q.Get("q"))
	if len([]rune(f.Text)) > 200 {
		fe.Add("q", "field.too_long", 200)
	}
	f.Overdue = q.Get("overdue") == "on"
	switch s := Sort(q.Get("sort")); s {
	case "":
	case SortDeadline, SortOldest, SortNewest, SortUpdated:
		f.Sort = s
	default:
		fe.Add("sort", "field.choice.invalid")
	}
	f.Page = 1
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			fe.Add("page", "field.choice.invalid")
		}
		f.Page = max(n, 1)
	}
	return f, fe.Err()
}

// staffPageURL is the inbox with the same filter on another page.
func staffPageURL(path string, q url.Values, page int) string {
	q2 := maps.Clone(q)
	q2.Set("page", strconv.Itoa(page))
	return path + "?" + q2.Encode()
}

func (m *Module) staffInbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := web.PrincipalOf(r)
	q := r.URL.Query()
	deps, err := m.staffDepartments(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := staffInboxView{staffFmt: m.staffFmt(r), Admin: p.IsAdmin(), Departments: deps}
	if v.Categories, err = m.Service.Categories(ctx, true); err != nil {
		m.site.Error(w, r, err)
		return
	}
	// The form shows the filter as applied; q stays as asked, for the
	// page links.
	form := web.NewForm(maps.Clone(q))
	if !q.Has("status") {
		form.Values.Set("status", "open")
	}
	dept, derr := staffDepartmentParam(q, v.Admin, deps)
	if errs.CodeOf(derr) == errs.Forbidden {
		m.site.Error(w, r, derr)
		return
	}
	v.Department = dept
	form.Values.Set("department", "")
	if dept.ID != 0 {
		form.Values.Set("department", strconv.FormatInt(dept.ID, 10))
	}
	f, ferr := staffInboxFilter(q, dept.ID)
	if derr != nil || ferr != nil {
		if derr != nil {
			form.SetErrors(derr)
		}
		if ferr != nil {
			form.SetErrors(ferr)
		}
		m.site.Render(w, r, http.StatusUnprocessableEntity, "reports.staff/inbox", v, form)
		return
	}
	if !v.Admin && dept.ID == 0 {
		// Staff without a department see an empty inbox, never all.
		m.site.Render(w, r, http.StatusOK, "reports.staff/inbox", v, form)
		return
	}
	page, err := m.Service.List(ctx, f)
	if err == nil {
		v.Total, err = m.Service.Count(ctx, f)
	}
	if err == nil {
		v.Open, err = m.Service.Count(ctx, Filter{Staff: true, DepartmentID: dept.ID, OpenOnly: true})
	}
	if err == nil {
		v.Overdue, err = m.Service.Count(ctx, Filter{Staff: true, DepartmentID: dept.ID, Overdue: true})
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v.Reports, v.Page = page.Reports, page.Page
	if page.Page > 1 {
		v.PrevURL = staffPageURL(r.URL.Path, q, page.Page-1)
	}
	if page.More {
		v.NextURL = staffPageURL(r.URL.Path, q, page.Page+1)
	}
	m.site.Render(w, r, http.StatusOK, "reports.staff/inbox", v, form)
}
