package cases

import (
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffPathID reads a numeric path value; anything else is a page that does
// not exist.
func staffPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}

// staffActor is the signed-in staff member making request r.
func staffActor(r *http.Request) Actor {
	return StaffActor(web.PrincipalOf(r), web.ClientIP(r))
}

// uploadLimit bounds one decision document.
func (m *Module) uploadLimit() int64 {
	if m.Config.MaxUploadBytes > 0 {
		return m.Config.MaxUploadBytes
	}
	return blob.DefaultMaxSize
}

// staffFmt formats values for the staff templates in the page's language.
type staffFmt struct {
	Lang string
	Now  time.Time
}

func (m *Module) staffFmt(r *http.Request) staffFmt {
	return staffFmt{Lang: web.Lang(r), Now: m.Service.Now()}
}

// Date writes t as a date ("31.05.2026"); the zero time is "".
func (f staffFmt) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(townZone)
	if f.Lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02.01.2006")
}

// Time writes t with date and time.
func (f staffFmt) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(townZone)
	if f.Lang == "en" {
		return t.Format("2 Jan 2006, 15:04")
	}
	return t.Format("02.01.2006, 15:04")
}

// ISO writes t for a datetime attribute.
func (f staffFmt) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Age says how long ago t was, in days, in the page's language.
func (f staffFmt) Age(p *web.Page, t time.Time) string {
	d := 0
	if !t.IsZero() && f.Now.After(t) {
		d = int(f.Now.Sub(t) / (24 * time.Hour))
	}
	switch d {
	case 0:
		return p.T("cases.staff.age_today")
	case 1:
		return p.T("cases.staff.age_one")
	default:
		return p.T("cases.staff.age", d)
	}
}

// Overdue marks an open, running case past its deadline.
func (f staffFmt) Overdue(c Case) bool { return c.Overdue(f.Now) }

// Text picks the page's language of a two-language text.
func (f staffFmt) Text(t Text) string { return t.In(f.Lang) }

// Status is the label of the case's status in the page's language.
func (f staffFmt) Status(c Case) string { return c.StatusLabel(f.Lang) }

// StatusName is the label of status key of case c.
func (f staffFmt) StatusName(c Case, key string) string {
	if s, ok := c.StatusOf(key); ok {
		if l := s.Label.In(f.Lang); l != "" {
			return l
		}
	}
	return key
}

// Size writes a file size people can read: "45 Bytes", "1,2 KB".
func (f staffFmt) Size(n int64) string { return sizeText(n, f.Lang) }

// staffSelect returns the "field" partial's view of a select named name
// with opts; the form's value is selected.
func staffSelect(p *web.Page, name, labelKey string, opts []web.Option, extras ...string) web.FieldView {
	fv := p.Field(name, "select", labelKey, extras...)
	cur := p.Form.Get(name)
	fv.Options = nil
	for _, o := range opts {
		o.Selected = o.Value == cur
		fv.Options = append(fv.Options, o)
	}
	return fv
}

// staffFormStatus maps an error from the Service to the status of the page
// that shows it next to the form: 422 for input, 409 for a state that does
// not allow the change, 413 for a file over the limit. Other errors get
// the error page.
func staffFormStatus(err error) (int, bool) {
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

// staffOnField turns an error without field errors (a file the blob store
// refused) into one about field, so the page shows it next to the control.
func staffOnField(field string, err error) error {
	e := errs.As(err)
	if len(e.Fields) > 0 || e.Code == errs.Internal {
		return err
	}
	return &errs.Error{Code: e.Code, Key: "error.invalid", Err: e.Err,
		Fields: []errs.FieldError{{Field: field, Key: e.Key, Args: e.Args}}}
}
