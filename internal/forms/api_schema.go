package forms

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// schema serves the JSON Schema of the running version's answers.
func (m *Module) schema(w http.ResponseWriter, r *http.Request) {
	f, err := m.svc.Running(r.Context(), r.PathValue("form"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	writeSchema(w, f)
}

// versionSchema serves the JSON Schema of one version, "v3".
func (m *Module) versionSchema(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("version")
	n, err := strconv.Atoi(strings.TrimPrefix(raw, "v"))
	if !strings.HasPrefix(raw, "v") || err != nil || n <= 0 {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	f, err := m.svc.FormVersion(r.Context(), r.PathValue("form"), n)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	writeSchema(w, f)
}

func writeSchema(w http.ResponseWriter, f *formdef.Form) {
	h := w.Header()
	h.Set("Content-Type", "application/schema+json")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(f.JSONSchema())
}
