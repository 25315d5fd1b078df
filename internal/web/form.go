package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Form carries what a user typed and what is wrong with it back to the page,
// so a form with errors shows them next to the fields and keeps the input.
type Form struct {
	Values url.Values
	// Errors maps a field name to its problems.
	Errors map[string][]errs.FieldError
	// Summary is the message key of a form-wide error, if any.
	Summary *errs.Error
}

// NewForm returns a form holding values.
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string][]errs.FieldError{}}
}

// FormFrom returns the posted form without its secrets: passwords and the CSRF
// token are never echoed back.
func FormFrom(r *http.Request) *Form {
	v := url.Values{}
	for k, vs := range r.PostForm {
		if k == CSRFField || strings.Contains(k, "password") {
			continue
		}
		v[k] = vs
	}
	return NewForm(v)
}

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether the checkbox or option value is selected.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// SetErrors takes the field errors (or the summary) from err.
func (f *Form) SetErrors(err error) {
	var e *errs.Error
	if !errors.As(err, &e) {
		return
	}
	for _, fe := range e.Fields {
		f.Errors[fe.Field] = append(f.Errors[fe.Field], fe)
	}
	if len(e.Fields) == 0 {
		f.Summary = e
	}
}

// Invalid reports whether the form has any error.
func (f *Form) Invalid() bool { return len(f.Errors) > 0 || f.Summary != nil }

// FieldView is what the "field" partial renders: a label, the control, a
// hint and errors tied to it with aria-describedby.
type FieldView struct {
	Name, Type, Label, Value, Hint, Autocomplete, ID string
	Required, Checked                                bool
	Rows                                             int
	Errors                                           []string
	// ErrorPrefix ("Fehler: ") is read out before the errors, hidden on
	// screen: the colour alone does not say it is an error.
	ErrorPrefix string
	Options     []Option
	Describedby template.HTMLAttr
}

// Option is one choice of a select or radio group.
type Option struct {
	Value, Label string
	Selected     bool
}

// Field prepares a form field for the "field" partial. extras are
// "required", "autocomplete=…", "hint=KEY", "rows=N" and
// "option=VALUE|KEY" (repeatable).
func (p *Page) Field(name, typ, labelKey string, extras ...string) FieldView {
	fv := FieldView{Name: name, Type: typ, Label: p.T(labelKey), ID: "f-" + name, ErrorPrefix: p.T("form.error_prefix")}
	if typ != "password" {
		fv.Value = p.Form.Get(name)
	}
	for _, x := range extras {
		k, v, _ := strings.Cut(x, "=")
		switch k {
		case "required":
			fv.Required = true
		case "autocomplete":
			fv.Autocomplete = v
		case "hint":
			fv.Hint = p.T(v)
		case "rows":
			fv.Rows = atoi(v)
		case "option":
			val, key, _ := strings.Cut(v, "|")
			fv.Options = append(fv.Options, Option{Value: val, Label: p.T(key), Selected: p.Form.Has(name, val)})
		case "value":
			if fv.Value == "" {
				fv.Value = v
			}
		}
	}
	if typ == "checkbox" {
		fv.Checked = p.Form.Has(name, "on") || p.Form.Has(name, "true")
	}
	for _, fe := range p.Form.Errors[name] {
		fv.Errors = append(fv.Errors, p.T(fe.Key, fe.Args...))
	}
	var ids []string
	if fv.Hint != "" {
		ids = append(ids, fv.ID+"-hint")
	}
	if len(fv.Errors) > 0 {
		ids = append(ids, fv.ID+"-error")
	}
	fv.Describedby = template.HTMLAttr(`aria-describedby="` + strings.Join(ids, " ") + `"`)
	if len(ids) == 0 {
		fv.Describedby = ""
	}
	return fv
}

// ErrorSummary lists the form's problems with links to the fields, for the
// box at the top of a form (GOV.UK pattern).
func (p *Page) ErrorSummary() []SummaryItem {
	var out []SummaryItem
	for name, list := range p.Form.Errors {
		for _, fe := range list {
			out = append(out, SummaryItem{Href: "#f-" + name, Text: p.T(fe.Key, fe.Args...)})
		}
	}
	if p.Form.Summary != nil && p.Form.Summary.Key != "error.invalid" {
		out = append(out, SummaryItem{Text: p.T(p.Form.Summary.Key, p.Form.Summary.Args...)})
	}
	sortSummary(out)
	return out
}

// SummaryItem is one line of the error summary.
type SummaryItem struct{ Href, Text string }

func sortSummary(items []SummaryItem) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].Href < items[j-1].Href; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
