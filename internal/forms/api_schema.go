package forms

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// schema serves the JSON Schema of the running version's answers.
func (m *Module) schema(w http.ResponseWriter, r *http.Request) {
	lang, ok := m.schemaLang(w, r)
	if !ok {
		return
	}
	f, err := m.svc.Running(r.Context(), r.PathValue("form"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	writeSchema(w, f, lang)
}

// versionSchema serves the JSON Schema of one version, "v3".
func (m *Module) versionSchema(w http.ResponseWriter, r *http.Request) {
	lang, ok := m.schemaLang(w, r)
	if !ok {
		return
	}
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
	writeSchema(w, f, lang)
}

// schemaLang is the language of the schema's titles: ?lang=, German without
// it. Like the catalog API it ignores the visitor's cookie, so one URL always
// gives the same document. An unknown language is answered with 400 here.
func (m *Module) schemaLang(w http.ResponseWriter, r *http.Request) (string, bool) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		return "de", true
	}
	if !i18n.Supported(lang) {
		var bad errs.Fields
		bad.Add("lang", "forms.api.unknown_lang", strings.Join(i18n.Languages, ", "))
		e := errs.E(errs.BadRequest, "error.bad_request")
		e.Fields = bad
		m.site.Error(w, r, e)
		return "", false
	}
	return lang, true
}

func writeSchema(w http.ResponseWriter, f *formdef.Form, lang string) {
	h := w.Header()
	h.Set("Content-Type", "application/schema+json")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(f.JSONSchemaIn(lang))
}
