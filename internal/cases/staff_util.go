package cases

import (
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
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

// staffFmt formats values for the staff templates in the page's language
// (dates and times in the short forms).
type staffFmt struct {
	web.Dates
	Now time.Time
}

func (m *Module) staffFmt(r *http.Request) staffFmt {
	return staffFmt{Dates: web.Dates{Lang: web.Lang(r)}, Now: m.Service.Now()}
}

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
func (f staffFmt) Size(n int64) string { return i18n.Bytes(f.Lang, n) }
