package catalog

import (
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) adminList(w http.ResponseWriter, r *http.Request) {
	list, err := m.Catalog.Services(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Render(w, r, http.StatusOK, "catalog/admin_services", list, nil)
}

// renderForm shows the form of service id (0 for a new one) with form's
// values and errors.
func (m *Module) renderForm(w http.ResponseWriter, r *http.Request, status int, id int64, stored *Service, form *web.Form) {
	ctx := r.Context()
	deps, err := m.Auth.Departments(ctx)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v := adminServiceView{ID: id, Departments: deps, Action: "/admin/services/new"}
	if v.Topics, err = m.Catalog.Topics(ctx); err == nil {
		v.Life, err = m.Catalog.LifeSituations(ctx)
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	if stored != nil {
		v.Name, v.Slug, v.Published = stored.Name.In(web.Lang(r)), stored.Slug, stored.Published
		v.Action = "/admin/services/" + strconv.FormatInt(id, 10)
	}
	m.site.Render(w, r, status, "catalog/admin_service", v, form)
}

func (m *Module) adminNew(w http.ResponseWriter, r *http.Request) {
	form := web.NewForm(nil)
	form.Values["audience"] = []string{string(Citizens)}
	m.renderForm(w, r, http.StatusOK, 0, nil, form)
}

func (m *Module) adminEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	s, err := m.Catalog.ServiceByID(r.Context(), id)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.renderForm(w, r, http.StatusOK, id, s, web.NewForm(serviceValues(s)))
}

func (m *Module) adminCreate(w http.ResponseWriter, r *http.Request) { m.adminSaveService(w, r, 0) }

func (m *Module) adminSave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.adminSaveService(w, r, id)
}

func (m *Module) adminSaveService(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	var stored *Service
	if id != 0 {
		var err error
		if stored, err = m.Catalog.ServiceByID(ctx, id); err != nil {
			m.site.Error(w, r, err)
			return
		}
	}
	if err := r.ParseForm(); err != nil {
		m.site.Error(w, r, errs.Wrap(errs.BadRequest, "error.bad_request", err))
		return
	}
	s, bad := serviceFromForm(r)
	s.ID = id
	var err error
	if len(bad) > 0 {
		// Show every problem at once: what could not be read and what the
		// rules say about the rest.
		s.normalize()
		err = merge(bad, s.Validate())
	} else {
		var saved *Service
		if saved, err = m.Catalog.Save(ctx, s, actor(r)); err == nil {
			m.site.Flash(w, r, "catalog.admin.saved")
			web.Redirect(w, r, "/admin/services/"+strconv.FormatInt(saved.ID, 10))
			return
		}
	}
	if errs.CodeOf(err) != errs.Invalid {
		m.site.Error(w, r, err)
		return
	}
	form := web.FormFrom(r)
	form.SetErrors(err)
	m.renderForm(w, r, http.StatusUnprocessableEntity, id, stored, form)
}

// merge adds the field errors of err to first, one error per field.
func merge(first errs.Fields, err error) error {
	out := first
	if err != nil {
		for _, fe := range errs.As(err).Fields {
			if !out.Has(fe.Field) {
				out = append(out, fe)
			}
		}
	}
	return out.Err()
}
