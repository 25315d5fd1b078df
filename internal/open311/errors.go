package open311

import (
	"embed"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// Locales holds the descriptions of the errors in locales/de.json and
// locales/en.json, keys "open311.…".
//
//go:embed locales
var Locales embed.FS

// catalog is built once from Locales; it never changes afterwards.
var catalog = sync.OnceValue(func() *i18n.Catalog {
	c := i18n.New()
	if err := c.Load("open311", Locales); err != nil {
		panic(fmt.Sprintf("open311: embedded locales: %v", err)) // a build defect, caught by the tests
	}
	return c
})

// Error is one entry of the spec's error list.
type Error struct {
	// Code is the HTTP status the error stands for: 400, 403, 404 or 500.
	Code int `xml:"code" json:"code"`
	// Description is meant for the user. When it is empty, the encoder
	// fills it in German from Key and Args; Localize picks the language.
	Description string `xml:"description" json:"description"`
	Key         string `xml:"-" json:"-"`
	Args        []any  `xml:"-" json:"-"`
}

func (e Error) element() node {
	desc := e.Description
	if desc == "" && e.Key != "" {
		desc = catalog().T(i18n.Languages[0], e.Key, e.Args...)
	}
	return object("error", integer("code", e.Code), text("description", desc))
}

// Errors is the spec's error list. The parsers return it as their error; a
// handler writes it with WriteErrors.
type Errors []Error

func (es Errors) tree() node { return listOf("errors", es, Error.element) }

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		d := e.Description
		if d == "" && e.Key != "" {
			d = catalog().T("en", e.Key, e.Args...)
		}
		parts[i] = fmt.Sprintf("%d %s", e.Code, d)
	}
	return "open311: " + strings.Join(parts, "; ")
}

// Status returns the HTTP status for the list: the code of its first error,
// 400 when that is no error status.
func (es Errors) Status() int {
	if len(es) > 0 && es[0].Code >= 400 && es[0].Code <= 599 {
		return es[0].Code
	}
	return http.StatusBadRequest
}

// Localize returns a copy of es with the descriptions in lang (de or en;
// anything else gets German).
func (es Errors) Localize(lang string) Errors {
	if !i18n.Supported(lang) {
		lang = i18n.Languages[0]
	}
	out := make(Errors, len(es))
	for i, e := range es {
		if e.Key != "" {
			e.Description = catalog().T(lang, e.Key, e.Args...)
		}
		out[i] = e
	}
	return out
}

// AsErrors returns the error list in err, or false when err is something
// else (a failure of ours, to be logged and answered with ServiceFailure).
func AsErrors(err error) (Errors, bool) {
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es, true
	}
	return nil, false
}

func newError(code int, key string, args ...any) Error {
	return Error{Code: code, Key: key, Args: args}
}

// InvalidKey is the 403 the spec wants for a missing or wrong api_key.
func InvalidKey() Errors {
	return Errors{newError(http.StatusForbidden, "open311.error.api_key")}
}

// NotFound is the 404 for an unknown resource: the parameter or path part
// (service_code, service_request_id, token) and the value asked for.
func NotFound(param, value string) Errors {
	return Errors{newError(http.StatusNotFound, "open311.error.not_found", param, clip(value))}
}

// UnknownFormat is the 404 for a resource without .xml or .json.
func UnknownFormat() Errors {
	return Errors{newError(http.StatusNotFound, "open311.error.format")}
}

// ServiceFailure answers a failure on our side. The spec lists such
// failures under 400, but a 400 tells a client its request is wrong and must
// not be retried, so we answer 500 (RFC 9110, 15.6.1).
func ServiceFailure() Errors {
	return Errors{newError(http.StatusInternalServerError, "open311.error.service")}
}

// clip shortens a value echoed in a description.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
