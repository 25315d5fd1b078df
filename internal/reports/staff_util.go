package reports

import (
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffZone is the town's time zone: times are stored in UTC and shown in
// local time.
var staffZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// staffPathID reads a numeric path value; anything else is a page that does
// not exist.
func staffPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

// staffActor is the signed-in staff member making request r.
func staffActor(r *http.Request) Actor {
	return StaffActor(web.PrincipalOf(r), web.ClientIP(r))
}

// staffNow is the Service's clock, so overdue marks agree with the
// deadlines the Service computes (and with a test's fixed clock).
func (m *Module) staffNow() time.Time { return m.Service.now() }

// staffUploadLimit bounds the body of a form with one photo.
func (m *Module) staffUploadLimit() int64 {
	lim := photo.DefaultLimits
	if m.Photos != nil {
		lim = m.Photos.Limits()
	}
	return lim.MaxBytes + 1<<20
}

// staffFmt formats values for the staff templates in the page's language.
type staffFmt struct {
	Lang string
	Now  time.Time
}

// Date writes t as a date ("31.05.2026"); the zero time is "".
func (f staffFmt) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(staffZone)
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
	t = t.In(staffZone)
	if f.Lang == "en" {
		return t.Format("2 Jan 2006, 15:04")
	}
	return t.Format("02.01.2006, 15:04")
}

// ISO writes t for a datetime attribute.
func (f staffFmt) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Days counts the whole days from t to now: the age of a report.
func (f staffFmt) Days(t time.Time) int {
	if t.IsZero() || f.Now.Before(t) {
		return 0
	}
	return int(f.Now.Sub(t) / (24 * time.Hour))
}

// Age says how long ago t was, in days, in the page's language.
func (f staffFmt) Age(p *web.Page, t time.Time) string {
	switch d := f.Days(t); d {
	case 0:
		return p.T("reports.staff.age_today")
	case 1:
		return p.T("reports.staff.age_one")
	default:
		return p.T("reports.staff.age", d)
	}
}

// Count says how many reports were found.
func (f staffFmt) Count(p *web.Page, n int) string {
	if n == 1 {
		return p.T("reports.staff.inbox.count_one")
	}
	return p.T("reports.staff.inbox.count", n)
}

// FirstReactionOverdue and ClosureOverdue mark a report whose deadline has
// passed.
func (f staffFmt) FirstReactionOverdue(r Report) bool { return r.FirstReactionOverdue(f.Now) }

// ClosureOverdue reports whether r is still open after its closure deadline.
func (f staffFmt) ClosureOverdue(r Report) bool { return r.ClosureOverdue(f.Now) }

// NextDue is the deadline that matters now: the first reaction while
// nobody reacted, then the closure.
func (f staffFmt) NextDue(r Report) time.Time {
	if r.FirstReactionAt.IsZero() && !r.FirstReactionDue.IsZero() {
		return r.FirstReactionDue
	}
	return r.ClosureDue
}

// Coord writes a coordinate with the precision of a phone's GPS.
func (f staffFmt) Coord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func (m *Module) staffFmt(r *http.Request) staffFmt {
	return staffFmt{Lang: web.Lang(r), Now: m.staffNow()}
}

// staffMapCenter is where a map starts: at p when there is one, else in
// the middle of the town's area; nil when the town has not set its area.
func (m *Module) staffMapCenter(r *http.Request, p *geo.Point) *geo.Point {
	if p != nil {
		return p
	}
	if m.Service.deps.Area == nil {
		return nil
	}
	a := m.Service.deps.Area(r.Context())
	if a == nil {
		return nil
	}
	c := a.Bounds().Center()
	return &c
}
