package forms

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// adminListPage lists the forms with their versions and takes new ones.
type adminListPage struct {
	Forms []adminForm
	// Problems are the "line N: reason" of a refused definition.
	Problems []string
	Errors   errorSummary
	Source   string
	// Installed names the version just installed (or found unchanged).
	Installed string
}

type adminForm struct {
	ID       string
	Title    string
	Versions []Version
}

func (m *Module) adminList(w http.ResponseWriter, r *http.Request) {
	m.renderAdminList(w, r, http.StatusOK, adminListPage{})
}

func (m *Module) renderAdminList(w http.ResponseWriter, r *http.Request, status int, d adminListPage) {
	versions, err := m.svc.Versions(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	for _, v := range versions {
		if len(d.Forms) == 0 || d.Forms[len(d.Forms)-1].ID != v.FormID {
			d.Forms = append(d.Forms, adminForm{ID: v.FormID})
		}
		af := &d.Forms[len(d.Forms)-1]
		if v.Active || af.Title == "" {
			af.Title = v.Title.In(lang)
		}
		af.Versions = append(af.Versions, v)
	}
	d.Errors.Title = m.site.T(r, "forms.admin.refused")
	m.site.Render(w, r, status, "forms/admin_list", d, nil)
}

// maxDefinition bounds an uploaded definition file.
const maxDefinition = 1 << 20

// adminUpload installs an uploaded or pasted definition. A definition with
// mistakes is refused with every line and reason, and nothing changes.
func (m *Module) adminUpload(w http.ResponseWriter, r *http.Request) {
	if err := parseBody(r); err != nil {
		m.site.Error(w, r, err)
		return
	}
	src := []byte(r.PostFormValue("source"))
	if r.MultipartForm != nil {
		if fh := firstFile(r.MultipartForm.File["file"]); fh != nil {
			file, err := fh.Open()
			if err != nil {
				m.site.Error(w, r, errs.Wrap(errs.BadRequest, "error.bad_request", err))
				return
			}
			src, err = io.ReadAll(io.LimitReader(file, maxDefinition+1))
			file.Close()
			if err != nil {
				m.site.Error(w, r, errs.Wrap(errs.BadRequest, "error.bad_request", err))
				return
			}
		}
	}
	// The text box shows the refused source again; a file that is not
	// UTF-8 shows "�" where its unreadable characters are.
	d := adminListPage{Source: strings.ToValidUTF8(string(src), "\uFFFD")}
	if strings.TrimSpace(string(src)) == "" {
		d.Problems = []string{m.site.T(r, "forms.admin.empty")}
		d.Errors.Items = []summaryItem{{Href: "#f-source", Text: d.Problems[0]}}
		m.renderAdminList(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if len(src) > maxDefinition {
		d.Source = ""
		d.Problems = []string{m.site.T(r, "forms.admin.too_large")}
		d.Errors.Items = []summaryItem{{Href: "#f-source", Text: d.Problems[0]}}
		m.renderAdminList(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	p := web.PrincipalOf(r)
	f, created, err := m.svc.install(r.Context(), src, p.User.ID, web.ClientIP(r))
	var pe *formdef.ParseError
	if errors.As(err, &pe) {
		lang := web.Lang(r)
		for _, le := range pe.Errors {
			d.Problems = append(d.Problems, m.site.T(r, "forms.admin.line", le.Line, le.Text(lang)))
		}
		if len(d.Problems) == 0 {
			d.Problems = []string{pe.Error()}
		}
		for _, msg := range d.Problems {
			d.Errors.Items = append(d.Errors.Items, summaryItem{Href: "#f-source", Text: msg})
		}
		m.renderAdminList(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	key := "forms.admin.unchanged"
	if created {
		key = "forms.admin.installed"
	}
	m.renderAdminList(w, r, http.StatusOK, adminListPage{Installed: m.site.T(r, key, f.ID, f.Version)})
}

// adminVersionPage shows the source of one version.
type adminVersionPage struct {
	FormID  string
	Version int
	Title   string
	Source  string
	Active  bool
	Action  string
}

func (m *Module) adminVersion(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	formID := r.PathValue("form")
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	f, err := m.svc.FormVersion(ctx, formID, n)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	src, err := m.svc.Source(ctx, formID, n)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	running, err := m.svc.Running(ctx, formID)
	active := err == nil && running.Version == n
	m.site.Render(w, r, http.StatusOK, "forms/admin_version", adminVersionPage{FormID: formID, Version: n,
		Title: f.Title.In(web.Lang(r)), Source: src, Active: active,
		Action: "/admin/forms/" + formID + "/" + strconv.Itoa(n) + "/activate"}, nil)
}

// adminActivate puts a stored version into service.
func (m *Module) adminActivate(w http.ResponseWriter, r *http.Request) {
	formID := r.PathValue("form")
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	if err := m.svc.Activate(r.Context(), formID, n, web.PrincipalOf(r).User.ID, web.ClientIP(r)); err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "forms.admin.activated")
	web.Redirect(w, r, "/admin/forms/"+formID+"/"+strconv.Itoa(n))
}
