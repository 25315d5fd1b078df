package reports

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// maxCategoryQuery bounds the category search text.
const maxCategoryQuery = 100

// publicCategoryPage is step 1 of reporting: the categories by group, or
// those matching the search.
type publicCategoryPage struct {
	Fmt    publicFmt
	Query  string
	Groups []CategoryGroup
	// Searched is true when Query filtered the list.
	Searched bool
	Found    int
}

func (m *Module) publicNewCategory(w http.ResponseWriter, r *http.Request) {
	m.publicRenderCategories(w, r, http.StatusOK, web.NewForm(r.URL.Query()))
}

// publicRenderCategories shows step 1; the flow comes back here with a
// field error when the category is missing or unknown.
func (m *Module) publicRenderCategories(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	groups, err := m.Service.CategoryGroups(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d := publicCategoryPage{Fmt: m.publicFmt(r), Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if len([]rune(d.Query)) > maxCategoryQuery {
		d.Query = string([]rune(d.Query)[:maxCategoryQuery])
	}
	if d.Query != "" {
		d.Searched = true
		groups = publicSearchCategories(groups, d.Query)
	}
	for _, g := range groups {
		d.Found += len(g.Categories)
	}
	d.Groups = groups
	m.site.Render(w, r, status, "reports.public/new_category", d, form)
}

// publicSearchCategories keeps the categories whose names, group,
// description or keywords (in either language) contain every word of q.
func publicSearchCategories(groups []CategoryGroup, q string) []CategoryGroup {
	words := strings.Fields(publicFold(q))
	var out []CategoryGroup
	for _, g := range groups {
		var keep []Category
		for _, c := range g.Categories {
			hay := publicFold(strings.Join([]string{c.Name.DE, c.Name.EN, c.Group.DE, c.Group.EN,
				c.Description.DE, c.Description.EN, strings.Join(c.Keywords, " ")}, " "))
			all := true
			for _, w := range words {
				if !strings.Contains(hay, w) {
					all = false
					break
				}
			}
			if all {
				keep = append(keep, c)
			}
		}
		if len(keep) > 0 {
			out = append(out, CategoryGroup{Name: g.Name, Categories: keep})
		}
	}
	return out
}

// publicFold lowers s and spells umlauts out, so "Strasse" finds "Straße"
// and "Mull" or "Muell" finds "Müll".
func publicFold(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ae", "a", "oe", "o", "ue", "u", "ß", "ss").Replace(s)
}

// publicFlowCategory loads the category the flow carries. A missing or
// unknown one sends the citizen back to step 1 with an error; a "not our
// job" one shows who is responsible instead. ok is false when a page was
// written.
func (m *Module) publicFlowCategory(w http.ResponseWriter, r *http.Request, code string) (Category, bool) {
	code = strings.TrimSpace(code)
	var c Category
	var err error
	if code != "" {
		c, err = m.Service.Category(r.Context(), code)
	}
	switch {
	case code == "" || errs.CodeOf(err) == errs.NotFound || (err == nil && !c.Active):
		var f errs.Fields
		f.Add(FieldCategory, "reports.category.unknown")
		form := web.NewForm(nil)
		form.SetErrors(f.Err())
		m.publicRenderCategories(w, r, http.StatusUnprocessableEntity, form)
		return c, false
	case err != nil:
		m.site.Error(w, r, err)
		return c, false
	case c.IsNotOurJob():
		m.site.Render(w, r, http.StatusOK, "reports.public/not_our_job", struct {
			Fmt      publicFmt
			Category Category
		}{m.publicFmt(r), c}, nil)
		return c, false
	}
	return c, true
}
