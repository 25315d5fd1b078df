package web

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Select returns the "field" partial's view of a select named name with
// opts; the option matching the form's value is selected.
func (p *Page) Select(name, labelKey string, opts []Option, extras ...string) FieldView {
	fv := p.Field(name, "select", labelKey, extras...)
	cur := p.Form.Get(name)
	fv.Options = nil
	for _, o := range opts {
		o.Selected = o.Value == cur
		fv.Options = append(fv.Options, o)
	}
	return fv
}

// FormStatus maps an error to the status of a page that shows it next to
// its form: 422 for input, 409 for a state that does not allow the change,
// 413 for a file over the limit. ok is false for errors that belong on the
// error page instead.
func FormStatus(err error) (status int, ok bool) {
	switch errs.CodeOf(err) {
	case errs.Invalid:
		return http.StatusUnprocessableEntity, true
	case errs.Conflict:
		return http.StatusConflict, true
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge, true
	}
	return 0, false
}
