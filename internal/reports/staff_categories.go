package reports

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffCategoriesView is the admin's list of categories under their
// groups, inactive ones included.
type staffCategoriesView struct {
	Groups []CategoryGroup
}

func (m *Module) staffCategories(w http.ResponseWriter, r *http.Request) {
	cats, err := m.Service.Categories(r.Context(), true)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	var v staffCategoriesView
	index := map[string]int{}
	for _, c := range cats {
		i, ok := index[c.Group.DE]
		if !ok {
			i = len(v.Groups)
			index[c.Group.DE] = i
			v.Groups = append(v.Groups, CategoryGroup{Name: c.Group})
		}
		v.Groups[i].Categories = append(v.Groups[i].Categories, c)
	}
	m.site.Render(w, r, http.StatusOK, "reports.staff/categories", v, nil)
}

// staffCategoryView is the form of a new or stored category.
type staffCategoryView struct {
	// ID is 0 for a new category.
	ID          int64
	Name        string
	Action      string
	Departments []auth.Department
	// Rows numbers the question rows.
	Rows []int
}

// DepartmentField is the department select; "none" is for categories that
// only point elsewhere.
func (v staffCategoryView) DepartmentField(p *web.Page) web.FieldView {
	opts := []web.Option{{Value: "", Label: p.T("reports.staff.category.department.none")}}
	for _, d := range v.Departments {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return p.Select("department", "reports.staff.category.department", opts, "hint=reports.staff.category.department.hint")
}

// staffDatatypes are the kinds of questions in the order the form offers
// them.
var staffDatatypes = []open311.Datatype{open311.DatatypeString, open311.DatatypeText, open311.DatatypeNumber,
	open311.DatatypeDatetime, open311.DatatypeSingleValueList, open311.DatatypeMultiValueList}

// DatatypeField is the select of question row i's kind.
func (v staffCategoryView) DatatypeField(p *web.Page, i int) web.FieldView {
	var opts []web.Option
	for _, d := range staffDatatypes {
		opts = append(opts, web.Option{Value: string(d), Label: p.T("reports.staff.datatype." + string(d))})
	}
	return p.Select(staffAttrName(i, "datatype"), "reports.staff.attr.datatype", opts)
}

// AttributesField carries the Service's errors about the questions as a
// whole.
func (v staffCategoryView) AttributesField(p *web.Page) web.FieldView {
	return p.Field("attributes", "hidden", "reports.staff.category.attributes")
}

func (m *Module) staffRenderCategory(w http.ResponseWriter, r *http.Request, status int, id int64, name string, form *web.Form) {
	deps, err := m.Auth.Departments(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := staffCategoryView{ID: id, Name: name, Departments: deps, Action: "/admin/reports/categories/new"}
	if id != 0 {
		v.Action = "/admin/reports/categories/" + strconv.FormatInt(id, 10)
	}
	rows, _ := strconv.Atoi(form.Get("attr_rows"))
	for i := range max(rows, staffEmptyRows) {
		v.Rows = append(v.Rows, i)
	}
	form.Values.Set("attr_rows", strconv.Itoa(len(v.Rows)))
	m.site.Render(w, r, status, "reports.staff/category", v, form)
}

func (m *Module) staffCategoryNew(w http.ResponseWriter, r *http.Request) {
	v := staffCategoryValues(Category{Active: true})
	m.staffRenderCategory(w, r, http.StatusOK, 0, "", web.NewForm(v))
}

func (m *Module) staffCategoryEdit(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	c, err := m.Service.CategoryByID(r.Context(), id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.staffRenderCategory(w, r, http.StatusOK, id, c.Name.In(web.Lang(r)), web.NewForm(staffCategoryValues(c)))
}

func (m *Module) staffCategoryCreate(w http.ResponseWriter, r *http.Request) {
	m.staffSaveCategory(w, r, 0, "")
}

func (m *Module) staffCategorySave(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	c, err := m.Service.CategoryByID(r.Context(), id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.staffSaveCategory(w, r, id, c.Name.In(web.Lang(r)))
}

// staffSaveCategory stores the posted category, or shows the form again: with
// one more question row for "add another question", with the errors next
// to the fields when something is wrong.
func (m *Module) staffSaveCategory(w http.ResponseWriter, r *http.Request, id int64, name string) {
	c, values, err := staffCategoryForm(web.FormFrom(r).Values)
	form := web.NewForm(values)
	if r.PostFormValue("add_attr") != "" {
		rows, _ := strconv.Atoi(values.Get("attr_rows"))
		form.Values.Set("attr_rows", strconv.Itoa(rows+1))
		m.staffRenderCategory(w, r, http.StatusOK, id, name, form)
		return
	}
	if err == nil {
		c.ID = id
		c, err = m.Service.SaveCategory(r.Context(), c, staffActor(r))
	} else if verr := normalizeCategory(c).validate(); verr != nil {
		// Show the Service's findings along with the numbers that are not
		// numbers, so one round trip shows every problem.
		errs.As(err).Fields = append(errs.As(err).Fields, errs.As(verr).Fields...)
	}
	if status, ok := web.FormStatus(err); ok {
		form.SetErrors(err)
		m.staffRenderCategory(w, r, status, id, name, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "reports.staff.category.saved")
	web.Redirect(w, r, "/admin/reports/categories#c-"+url.PathEscape(c.Code))
}
