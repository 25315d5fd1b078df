package cases

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffInboxPageSize is how many cases one inbox page lists.
const staffInboxPageSize = 25

// allDepartments is the department filter's value for "all of mine" (an
// admin: all of them).
const allDepartments = "all"

// staffInboxView is a department's inbox.
type staffInboxView struct {
	staffFmt
	Admin bool
	// Departments are those the person may choose: all for an admin,
	// their own for staff.
	Departments []auth.Department
	// Department is the one shown; zero when several are.
	Department auth.Department
	Forms      []FormInfo
	// Members of the shown department, for the assignee filter.
	Members []Member
	Cases   []Case
	// Total matches the filter (capped at CountLimit: TotalMore);
	// OverdueCount counts the shown departments' overdue cases.
	Total        int
	TotalMore    bool
	OverdueCount int
	OverdueMore  bool
	Page         int
	PrevURL      string
	NextURL      string
	CSVURL       string
}

// Several reports whether cases of more than one department are listed.
func (v staffInboxView) Several() bool { return v.Department.ID == 0 }

// DepartmentField chooses the department when there is a choice.
func (v staffInboxView) DepartmentField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, d := range v.Departments {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	label := "cases.staff.inbox.all_mine"
	if v.Admin {
		label = "cases.staff.inbox.all_departments"
	}
	opts = append(opts, web.Option{Value: allDepartments, Label: p.T(label)})
	return p.Select("department", "cases.staff.inbox.department", opts)
}

// StateField filters open, closed or all cases.
func (v staffInboxView) StateField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range []string{StateOpen, StateClosed, StateAll} {
		opts = append(opts, web.Option{Value: s, Label: p.T("cases.staff.inbox.state_" + s)})
	}
	return p.Select("state", "cases.staff.inbox.state", opts)
}

// StatusField filters by one status of the department's forms.
func (v staffInboxView) StatusField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "", Label: p.T("cases.staff.inbox.any_status")}}
	seen := map[string]bool{}
	for _, f := range v.Forms {
		for _, s := range f.Statuses {
			if seen[s.Key] {
				continue
			}
			seen[s.Key] = true
			opts = append(opts, web.Option{Value: s.Key, Label: s.Label.In(p.Lang)})
		}
	}
	return p.Select("status", "cases.staff.inbox.status", opts)
}

// FormField filters by service (the form a case came from).
func (v staffInboxView) FormField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "", Label: p.T("cases.staff.inbox.any_service")}}
	for _, f := range v.Forms {
		opts = append(opts, web.Option{Value: f.ID, Label: f.Title.In(p.Lang)})
	}
	return p.Select("form", "cases.staff.inbox.service", opts)
}

// AssigneeField filters by who works on a case.
func (v staffInboxView) AssigneeField(p *web.Page) web.FieldView {
	opts := []web.Option{
		{Value: "", Label: p.T("cases.staff.inbox.anyone")},
		{Value: "mine", Label: p.T("cases.staff.inbox.mine")},
		{Value: "none", Label: p.T("cases.staff.inbox.unassigned")},
	}
	for _, m := range v.Members {
		opts = append(opts, web.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
	}
	return p.Select("assignee", "cases.staff.inbox.assignee", opts)
}

// SortField orders the list.
func (v staffInboxView) SortField(p *web.Page) web.FieldView {
	var opts []web.Option
	for _, s := range []Sort{SortDeadline, SortOldest, SortNewest} {
		opts = append(opts, web.Option{Value: string(s), Label: p.T("cases.staff.inbox.sort_" + string(s))})
	}
	return p.Select("sort", "cases.staff.inbox.sort", opts)
}

// Count says how many cases were found.
func (v staffInboxView) Count(p *web.Page) string {
	switch {
	case v.TotalMore:
		return p.T("cases.staff.inbox.count_more", v.Total)
	case v.Total == 1:
		return p.T("cases.staff.inbox.count_one")
	}
	return p.T("cases.staff.inbox.count", v.Total)
}

// staffDepartments returns the departments the principal may choose: all
// for an admin, their own for staff.
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

// staffInboxQuery reads the inbox's filter from the query into f (and the
// department shown). Another department than one's own is a field error.
func (v *staffInboxView) filter(q url.Values, actor Actor) (Filter, error) {
	f := Filter{PageSize: staffInboxPageSize, Sort: SortDeadline, State: StateOpen}
	var fe errs.Fields
	switch raw := strings.TrimSpace(q.Get("department")); raw {
	case "":
		// Staff start with their first department, admins with all.
		if !v.Admin && len(v.Departments) > 0 {
			v.Department = v.Departments[0]
		}
	case allDepartments:
	default:
		id, _ := strconv.ParseInt(raw, 10, 64)
		i := slices.IndexFunc(v.Departments, func(d auth.Department) bool { return d.ID == id })
		if i < 0 {
			fe.Add("department", "field.choice.invalid")
		} else {
			v.Department = v.Departments[i]
		}
	}
	switch {
	case v.Department.ID != 0:
		f.Departments = []int64{v.Department.ID}
	case !v.Admin:
		for _, d := range v.Departments {
			f.Departments = append(f.Departments, d.ID)
		}
	}
	f.State = web.ChoiceParam(q, "state", StateOpen, []string{StateOpen, StateClosed, StateAll}, &fe)
	f.Status = strings.TrimSpace(q.Get("status"))
	if len(f.Status) > 100 {
		fe.Add("status", "field.choice.invalid")
	}
	f.Form = strings.TrimSpace(q.Get("form"))
	if len(f.Form) > 200 {
		fe.Add("form", "field.choice.invalid")
	}
	switch a := q.Get("assignee"); a {
	case "":
	case "mine":
		f.Assignee = actor.UserID
	case "none":
		f.Unassigned = true
	default:
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("assignee", "field.choice.invalid")
		}
		f.Assignee = id
	}
	f.Overdue = q.Get("overdue") == "on"
	f.Text = web.SearchParam(q, &fe)
	f.Sort = web.ChoiceParam(q, "sort", SortDeadline, []Sort{SortDeadline, SortOldest, SortNewest}, &fe)
	f.Page = web.PageParam(q, &fe)
	return f, fe.Err()
}

// staffInboxSetup reads the departments and the filter shared by the inbox
// and its CSV export.
func (m *Module) staffInboxSetup(r *http.Request) (*staffInboxView, Filter, error, error) {
	p := web.PrincipalOf(r)
	deps, err := m.staffDepartments(r)
	if err != nil {
		return nil, Filter{}, nil, err
	}
	v := &staffInboxView{staffFmt: m.staffFmt(r), Admin: p.IsAdmin(), Departments: deps}
	f, ferr := v.filter(r.URL.Query(), staffActor(r))
	return v, f, ferr, nil
}

func (m *Module) staffInbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v, f, ferr, err := m.staffInboxSetup(r)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	actor := staffActor(r)
	// The form shows the filter as applied; q stays as asked, for links.
	form := web.NewForm(maps.Clone(q))
	if v.Department.ID != 0 {
		form.Values.Set("department", strconv.FormatInt(v.Department.ID, 10))
	} else if form.Get("department") == "" {
		form.Values.Set("department", allDepartments)
	}
	if form.Get("state") == "" {
		form.Values.Set("state", StateOpen)
	}
	if form.Get("sort") == "" || (f.State != StateOpen && f.Sort == SortDeadline) {
		// What the list is sorted by: closed cases have no deadline to
		// sort by (Filter.order), so they come newest first.
		form.Values.Set("sort", string(f.Sort))
		if f.State != StateOpen && f.Sort == SortDeadline {
			form.Values.Set("sort", string(SortNewest))
		}
	}
	if v.Forms, err = m.Service.Forms(ctx, f.Departments); err == nil && v.Department.ID != 0 {
		v.Members, err = m.Service.Members(ctx, v.Department.ID)
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	if ferr != nil {
		form.SetErrors(ferr)
		m.site.Render(w, r, http.StatusUnprocessableEntity, "cases.staff/inbox", v, form)
		return
	}
	if !v.Admin && len(v.Departments) == 0 {
		// Staff without a department see an empty inbox, never all.
		m.site.Render(w, r, http.StatusOK, "cases.staff/inbox", v, form)
		return
	}
	list, err := m.Service.List(ctx, f, actor)
	switch {
	case err != nil:
	case f.Text != "":
		// A name search is not counted: counting would read every name
		// of the department's history again. The pages say how many.
		v.Total = (list.Page-1)*f.PageSize + len(list.Cases)
		v.TotalMore = list.More
	default:
		v.Total, v.TotalMore, err = m.Service.Count(ctx, f, actor)
	}
	if err == nil {
		v.OverdueCount, v.OverdueMore, err = m.Service.Count(ctx, Filter{Departments: f.Departments, Overdue: true}, actor)
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v.Cases, v.Page = list.Cases, list.Page
	v.PrevURL, v.NextURL = web.PageLinks(r.URL.Path, q, list.Page, list.More)
	q2 := maps.Clone(q)
	q2.Del("page")
	v.CSVURL = "/staff/cases.csv"
	if len(q2) > 0 {
		v.CSVURL += "?" + q2.Encode()
	}
	m.site.Render(w, r, http.StatusOK, "cases.staff/inbox", v, form)
}
