package web

import (
	"encoding/json"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

type apiErrorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Fields  []apiFieldError `json:"fields,omitempty"`
}

type apiFieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// apiError writes the JSON error format of our own APIs. Open311 and OParl
// write theirs in their own packages, as their specs say.
func (s *Site) apiError(w http.ResponseWriter, r *http.Request, status int, e *errs.Error) {
	lang := Lang(r)
	body := apiErrorBody{Error: apiError{Code: string(e.Code), Message: s.catalog.T(lang, e.Key, e.Args...)}}
	for _, f := range e.Fields {
		body.Error.Fields = append(body.Error.Fields, apiFieldError{Field: f.Field, Message: s.catalog.T(lang, f.Key, f.Args...)})
	}
	JSON(w, status, body)
}

// JSON writes v as a JSON response.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
