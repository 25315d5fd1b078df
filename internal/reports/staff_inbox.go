package reports

import (
	"context"
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

// staffInboxView is a department's inbox, or one over all of a person's
// departments.
type staffInboxView struct {
	staffFmt
	Admin bool
	// Departments are those the person may choose: all for an admin,
	// their own for staff.
	Departments []auth.Department
	// Department is the one shown; zero when the inbox shows all of the
	// person's departments (an admin's: all departments).
	Department auth.Department
	// Listed is false for staff without a department: nothing to show.
	Listed     bool
	Categories []Category
	Reports    []Report
	// Total matches the filter; Open and Overdue count the departments'
	// reports regardless of the filter.
	Total, Open, Overdue int
	Page                 int
	PrevURL, NextURL     string
}

// DepartmentField chooses the department: admins may choose all, staff
// in several departments all of theirs (the default).
func (v staffInboxView) DepartmentField(p *web.Page) web.FieldView {
	var opts []web.Option
	switch {
	case v.Admin:
		opts = append(opts, web.Option{Value: "", Label: p.T("reports.staff.inbox.all_departments")})
	case len(v.Departments) > 1:
		opts = append(opts, web.Option{Value: "", Label: p.T("reports.staff.inbox.my_departments")})
	}
	for _, d := range v.Departments {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return p.Select("department", "reports.staff.inbox.department", opts)
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
	return p.Select("status", "reports.staff.inbox.status", opts)
}

// CategoryField filters by category.
func (v staffInboxView) CategoryField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "", Label: p.T("reports.staff.inbox.all_categories")}}
	for _, c := range v.Categories {
		opts = append(opts, web.Option{Value: c.Code, Label: c.Name.In(p.Lang)})
	}
	return p.Select("category", "reports.staff.inbox.category", opts)
}

// SortField orders the list.
func (v staffInboxView) SortField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range []Sort{SortDeadline, SortOldest, SortNewest, SortUpdated} {
		opts = append(opts, web.Option{Value: string(s), Label: p.T("reports.staff.inbox.sort_" + string(s))})
	}
	return p.Select("sort", "reports.staff.inbox.sort", opts)
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

// staffScope is whose reports a list shows.
type staffScope struct {
	// Department is the one chosen, or the only one a person works in;
	// zero for all.
	Department auth.Department
	// IDs are the departments listed; with All (an admin's "all
	// departments") every report is. Staff without a department have
	// neither: nothing is listed.
	IDs []int64
	All bool
}

// Listed reports whether the scope shows any reports.
func (sc staffScope) Listed() bool { return sc.All || len(sc.IDs) > 0 }

// list returns one page of the scope's reports matching f.
func (sc staffScope) list(ctx context.Context, svc *Service, f Filter) (Page, error) {
	if sc.All {
		f.DepartmentID = 0
		return svc.List(ctx, f)
	}
	return svc.InboxList(ctx, f, sc.IDs)
}

// count counts the scope's reports matching f.
func (sc staffScope) count(ctx context.Context, svc *Service, f Filter) (int, error) {
	if sc.All {
		f.DepartmentID = 0
		return svc.Count(ctx, f)
	}
	return svc.InboxCount(ctx, f, sc.IDs)
}

// staffScopeParam picks whose reports a list shows from the query: one of
// the person's own departments, or by default all of them; for an admin
// any department, or by default all. Another department's reports are
// forbidden.
func staffScopeParam(q url.Values, admin bool, deps []auth.Department) (staffScope, error) {
	raw := strings.TrimSpace(q.Get("department"))
	if raw == "" {
		if admin {
			return staffScope{All: true}, nil
		}
		sc := staffScope{}
		for _, d := range deps {
			sc.IDs = append(sc.IDs, d.ID)
		}
		if len(deps) == 1 {
			sc.Department = deps[0]
		}
		return sc, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err == nil {
		if i := slices.IndexFunc(deps, func(d auth.Department) bool { return d.ID == id }); i >= 0 {
			return staffScope{Department: deps[i], IDs: []int64{id}}, nil
		}
	}
	if admin {
		var f errs.Fields
		f.Add("department", "reports.department.unknown")
		return staffScope{}, f.Err()
	}
	return staffScope{}, errs.E(errs.Forbidden, "error.forbidden")
}

// staffParseDay reads a date typed as YYYY-MM-DD (the date input) as the
// start of that day in the town's time zone.
func staffParseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), staffZone)
	return t, err == nil
}

// staffInboxFilter reads the inbox's filter form.
func staffInboxFilter(q url.Values) (Filter, error) {
	f := Filter{Staff: true, PageSize: staffInboxPageSize, Sort: SortDeadline}
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
	f.Text = web.SearchParam(q, &fe)
	f.Overdue = q.Get("overdue") == "on"
	f.Sort = web.ChoiceParam(q, "sort", SortDeadline, []Sort{SortDeadline, SortOldest, SortNewest, SortUpdated}, &fe)
	f.Page = web.PageParam(q, &fe)
	return f, fe.Err()
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
	scope, derr := staffScopeParam(q, v.Admin, deps)
	if errs.CodeOf(derr) == errs.Forbidden {
		m.site.Error(w, r, derr)
		return
	}
	v.Department, v.Listed = scope.Department, scope.Listed()
	form.Values.Set("department", "")
	if scope.Department.ID != 0 && strings.TrimSpace(q.Get("department")) != "" {
		form.Values.Set("department", strconv.FormatInt(scope.Department.ID, 10))
	}
	f, ferr := staffInboxFilter(q)
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
	if !v.Listed {
		// Staff without a department see an empty inbox, never all.
		m.site.Render(w, r, http.StatusOK, "reports.staff/inbox", v, form)
		return
	}
	page, err := scope.list(ctx, m.Service, f)
	if err == nil {
		v.Total, err = scope.count(ctx, m.Service, f)
	}
	if err == nil {
		v.Open, err = scope.count(ctx, m.Service, Filter{Staff: true, OpenOnly: true})
	}
	if err == nil {
		v.Overdue, err = scope.count(ctx, m.Service, Filter{Staff: true, Overdue: true})
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v.Reports, v.Page = page.Reports, page.Page
	v.PrevURL, v.NextURL = web.PageLinks(r.URL.Path, q, page.Page, page.More)
	m.site.Render(w, r, http.StatusOK, "reports.staff/inbox", v, form)
}
