package catalog

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// adminTaxaView is the list of topics or life situations, each with a
// form to rename it, and a form to add one. The forms share field names,
// so their ids carry the row: f-t12-name_de, f-new-name_de.
type adminTaxaView struct {
	Life  bool
	Path  string
	Items []Topic
	// Failed is the row whose post failed (0 for the add form), -1 for
	// none.
	Failed int64
}

// Field returns the field name of row id (0 for the add form): the stored
// value, or what was typed when this row's post failed.
func (v adminTaxaView) Field(p *web.Page, id int64, name, typ, labelKey string, required bool) web.FieldView {
	prefix := rowPrefix(id)
	fv := web.FieldView{Name: name, Type: typ, Label: p.T(labelKey), ID: "f-" + prefix + name, Required: required,
		Autocomplete: "off", ErrorPrefix: p.T("form.error_prefix")}
	if id == v.Failed {
		fv.Value = p.Form.Get(name)
	} else {
		for _, t := range v.Items {
			if t.ID == id && id != 0 {
				fv.Value = map[string]string{"slug": t.Slug, "name_de": t.Name.DE, "name_en": t.Name.EN,
					"sort_order": strconv.Itoa(t.SortOrder)}[name]
			}
		}
	}
	for _, fe := range p.Form.Errors[prefix+name] {
		fv.Errors = append(fv.Errors, p.T(fe.Key, fe.Args...))
	}
	if len(fv.Errors) > 0 {
		fv.Describedby = template.HTMLAttr(`aria-describedby="` + fv.ID + `-error"`)
	}
	return fv
}

// Action is where row id's form posts.
func (v adminTaxaView) Action(id int64) string {
	if id == 0 {
		return v.Path
	}
	return fmt.Sprintf("%s/%d", v.Path, id)
}

func rowPrefix(id int64) string {
	if id == 0 {
		return "new-"
	}
	return fmt.Sprintf("t%d-", id)
}

func (m *Module) adminTaxa(k taxonomy) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m.renderTaxa(w, r, k, http.StatusOK, -1, nil)
	}
}

func (m *Module) renderTaxa(w http.ResponseWriter, r *http.Request, k taxonomy, status int, failed int64, form *web.Form) {
	var list []Topic
	var err error
	if k == topics {
		list, err = m.Catalog.Topics(r.Context())
	} else {
		list, err = m.Catalog.LifeSituations(r.Context())
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := adminTaxaView{Life: k == lifeSituations, Path: "/admin/services/" + k.pathName(), Items: list, Failed: failed}
	m.site.Render(w, r, status, "catalog/admin_taxa", v, form)
}

// adminTaxonSave adds a topic or life situation (no {id}) or renames one.
func (m *Module) adminTaxonSave(k taxonomy) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var id int64
		if r.PathValue("id") != "" {
			var err error
			if id, err = pathID(r, "id"); err != nil {
				m.site.Error(w, r, err)
				return
			}
		}
		t := Topic{ID: id, Slug: r.PostFormValue("slug"), Name: Text{r.PostFormValue("name_de"), r.PostFormValue("name_en")}}
		var bad errs.Fields
		if s := strings.TrimSpace(r.PostFormValue("sort_order")); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < -100000 || n > 100000 {
				bad.Add("sort_order", "catalog.field.sort_order.invalid")
			}
			t.SortOrder = n
		}
		var err error
		if len(bad) > 0 {
			err = merge(bad, validateTopic(t))
		} else if k == topics {
			_, err = m.Catalog.SaveTopic(r.Context(), t, actor(r))
		} else {
			_, err = m.Catalog.SaveLifeSituation(r.Context(), t, actor(r))
		}
		if err == nil {
			m.site.Flash(w, r, "catalog.admin.saved")
			web.Redirect(w, r, "/admin/services/"+k.pathName())
			return
		}
		if errs.CodeOf(err) != errs.Invalid {
			m.site.Error(w, r, err)
			return
		}
		// The errors belong to this row's fields.
		form := web.FormFrom(r)
		for _, fe := range errs.As(err).Fields {
			form.Errors[rowPrefix(id)+fe.Field] = append(form.Errors[rowPrefix(id)+fe.Field], fe)
		}
		m.renderTaxa(w, r, k, http.StatusUnprocessableEntity, id, form)
	}
}
