package reports

import (
	"context"
	"io/fs"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
)

// Limits on what a report may carry.
const (
	MaxPhotos         = 3
	MaxDescription    = 5000
	MaxAddress        = 300
	MaxName           = 200
	MaxNote           = 5000
	MaxComment        = 2000
	DefaultReopenDays = 14
	// DefaultRetentionDays is how long personal data stays after a report
	// is closed.
	DefaultRetentionDays = 90
	// DefaultNearbyMetres is the radius of the duplicate check.
	DefaultNearbyMetres = 50
	DefaultPageSize     = 50
	MaxPageSize         = 500
)

// Options are the town's settings of the Mängelmelder; zero fields take the
// defaults above.
type Options struct {
	// ReopenDays is how long after "done" the reporter may reopen.
	ReopenDays int
	// RetentionDays is how long after closing personal data is kept.
	RetentionDays int
	// NearbyMetres is the radius of the duplicate check.
	NearbyMetres float64
}

// Deps are what the Service needs. Zero fields get working defaults (the
// system clock, an audit log, an outbox that only stores), so a command
// line tool can build a Service from a database alone.
type Deps struct {
	Clock clock.Clock
	Audit *audit.Log
	Mail  *mail.Outbox
	// Blobs stores photos; needed for photos only.
	Blobs blob.Store
	// Catalog renders mail texts; Messages must be loaded into it (the web
	// site's catalog after AddModule("reports.messages", Messages)). nil
	// uses a catalog of Messages alone.
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	// BaseURL is the public address for links in mails, without a
	// trailing slash.
	BaseURL string
	// DefaultLang is the language of department mails.
	DefaultLang string
	// TownName names the town in mails; nil or "" leaves it out.
	TownName func(ctx context.Context) string
	// Land returns the town's Bundesland code (workdays.Lands) for
	// deadlines; nil or "" uses "NI" until the town has set its Land.
	Land func(ctx context.Context) string
	// Area returns the town's area; reports with a location outside it are
	// refused. nil (or a nil *geo.Area) accepts any valid coordinates.
	Area    func(ctx context.Context) *geo.Area
	Options Options
}

// Service is the Mängelmelder's domain: every method takes the database
// from ctx and makes each change in one transaction, with its history
// event, audit entry and mails.
type Service struct {
	deps Deps
	opts Options
}

// New returns the Service with deps, default options filled in.
func New(deps Deps) *Service {
	o := deps.Options
	if o.ReopenDays <= 0 {
		o.ReopenDays = DefaultReopenDays
	}
	if o.RetentionDays <= 0 {
		o.RetentionDays = DefaultRetentionDays
	}
	if o.NearbyMetres <= 0 {
		o.NearbyMetres = DefaultNearbyMetres
	}
	if deps.Clock == nil {
		deps.Clock = clock.System{}
	}
	if deps.Audit == nil {
		deps.Audit = &audit.Log{Clock: deps.Clock}
	}
	if deps.Mail == nil {
		deps.Mail = &mail.Outbox{Clock: deps.Clock}
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.DefaultLang == "" {
		deps.DefaultLang = "de"
	}
	return &Service{deps: deps, opts: o}
}

// Options returns the service's options with defaults filled in.
func (s *Service) Options() Options { return s.opts }

// Messages holds the catalog texts of the domain (status labels, event
// labels, mail texts, error keys) under messages/locales, to be loaded with
// site.AddModule("reports.messages", reports.Messages) (app does). Page
// texts of the handlers live in their own catalogs.
var Messages fs.FS = mustSub(messageFS, "messages")

// Paths of the pages mails link to; the handlers serve them.

// PublicPath is the public page of a report.
func PublicPath(ref string) string { return "/reports/" + url.PathEscape(ref) }

// ManagePath is the reporter's private page of a report.
func ManagePath(token string) string { return "/reports/manage/" + url.PathEscape(token) }

// StaffPath is a report's page in the staff area, linked from department
// mails.
func StaffPath(id int64) string { return "/staff/reports/" + strconv.FormatInt(id, 10) }

// ConfirmPath confirms a subscription.
func ConfirmPath(token string) string {
	return "/reports/subscription/" + url.PathEscape(token) + "/confirm"
}

// UnsubscribePath ends a subscription.
func UnsubscribePath(token string) string {
	return "/reports/subscription/" + url.PathEscape(token) + "/end"
}

// Actor is a staff member acting (or the system, UserID 0), for
// permission checks, history and the audit log.
type Actor struct {
	UserID int64
	IP     string
	Admin  bool
	// Departments are the departments the actor is staff of.
	Departments []int64
	// System marks jobs and the command line: allowed everything.
	System bool
	// Client is the Open311 client acting with its key (System is set
	// too); the history names it as the author of its changes.
	Client APIClient
}

// by is how the history records the actor: an Open311 client as ByAPI,
// everyone else as staff.
func (a Actor) by() string {
	if a.Client.ID != 0 {
		return ByAPI
	}
	return ByStaff
}

// StaffActor makes the Actor of a signed-in principal acting from ip
// (web.ClientIP(r)).
func StaffActor(p *auth.Principal, ip string) Actor {
	a := Actor{IP: ip}
	if !p.SignedIn() {
		return a
	}
	a.UserID = p.User.ID
	a.Admin = p.IsAdmin()
	if p.User.Role != auth.RoleCitizen {
		for _, m := range p.Memberships {
			a.Departments = append(a.Departments, m.DepartmentID)
		}
	}
	return a
}

// SystemActor acts for jobs and the command line.
var SystemActor = Actor{System: true}

// NewReport is what a citizen or an Open311 client submits.
type NewReport struct {
	// CategoryCode is the Open311 service_code.
	CategoryCode string
	// Location or Address (or both) say where; Location must lie in the
	// town's area.
	Location    *geo.Point
	Address     string
	Description string
	// Answers to the category's attributes by code.
	Answers open311.Answers
	// Photos are processed uploads (photo.Process); MediaURLs are links an
	// Open311 client sent. Together at most MaxPhotos.
	Photos    []*photo.Result
	MediaURLs []string
	// Name and Email are optional personal data. With an e-mail the
	// reporter gets a confirmation with the private manage link.
	Name  string
	Email string
	// Lang is the reporter's language for mails ("de", "en").
	Lang string
	// Source is SourceWeb or SourceAPI; APIClientID names the client.
	Source      string
	APIClientID int64
}

// Field names of validation errors (errs.FieldError.Field) of Create.
// Attribute errors use "attribute[CODE]" as Open311 names them.
const (
	FieldCategory    = "category"
	FieldLocation    = "location"
	FieldAddress     = "address"
	FieldDescription = "description"
	FieldPhotos      = "photos"
	FieldName        = "name"
	FieldEmail       = "email"
)

// Sort orders a list.
type Sort string

// The orders of List.
const (
	// SortNewest is by creation, newest first (the default).
	SortNewest Sort = "newest"
	// SortOldest is by age, oldest first: the inbox's "waiting longest".
	SortOldest Sort = "oldest"
	// SortDeadline is by the next due deadline, soonest first; reports
	// without one come last.
	SortDeadline Sort = "deadline"
	// SortUpdated is by last change, newest first.
	SortUpdated Sort = "updated"
)

// Filter selects reports for the public list and map, the staff inbox and
// Open311. Empty fields do not filter.
type Filter struct {
	// Staff includes hidden (unpublished) reports and all photos. No list
	// shows personal data: StaffReport does, audited.
	Staff bool
	// Refs select by reference (Open311 service_request_id list).
	Refs []string
	// Categories are category codes; Statuses any of ours.
	Categories []string
	Statuses   []Status
	// OpenOnly or ClosedOnly restrict to Open311 open or closed.
	OpenOnly, ClosedOnly bool
	// DepartmentID restricts to one department's reports.
	DepartmentID int64
	// DepartmentIDs, when not nil, restricts to the reports of any of
	// these departments; an empty list matches none, never all.
	DepartmentIDs []int64
	// CreatedFrom (inclusive) and CreatedTo (exclusive) bound the creation
	// time (the period, Open311 start_date/end_date).
	CreatedFrom, CreatedTo time.Time
	// UpdatedAfter and UpdatedBefore bound the last change (exclusive).
	UpdatedAfter, UpdatedBefore time.Time
	// BBox restricts to a rectangle; Near and Radius (metres) to a circle.
	// Reports without a location match neither.
	BBox   *geo.BBox
	Near   *geo.Point
	Radius float64
	// Text matches reference, description and address (case-insensitive
	// substring).
	Text string
	// Overdue keeps open reports past a deadline.
	Overdue bool
	Sort    Sort
	// Page counts from 1; PageSize defaults to DefaultPageSize, at most
	// MaxPageSize.
	Page, PageSize int
}

// Page is one page of a list.
type Page struct {
	Reports  []Report
	Page     int
	PageSize int
	// More reports whether a next page exists.
	More bool
}

// StatusChange is a staff update of a report.
type StatusChange struct {
	Status Status
	// PublicNote is shown to everyone and mailed; InternalNote is for
	// staff only.
	PublicNote   string
	InternalNote string
}

// ServiceRequest maps r to Open311 in lang. mediaURL makes the absolute URL
// of a released photo (the handlers know the route); nil leaves media_url
// empty.
func (r Report) ServiceRequest(lang string, mediaURL func(Photo) string) open311.ServiceRequest {
	sr := open311.ServiceRequest{
		ServiceRequestID:  r.Ref,
		Status:            r.Status.Open311(),
		StatusNotes:       r.PublicNote,
		ServiceName:       r.CategoryName.In(lang),
		ServiceCode:       r.CategoryCode,
		Description:       r.Description,
		AgencyResponsible: r.DepartmentName,
		RequestedDatetime: open311.Time{Time: r.CreatedAt},
		UpdatedDatetime:   open311.Time{Time: r.UpdatedAt},
		ExpectedDatetime:  open311.Time{Time: r.ClosureDue},
		Address:           r.Address,
	}
	if r.Location != nil {
		lat, lon := r.Location.Lat, r.Location.Lon
		sr.Lat, sr.Long = &lat, &lon
	}
	if mediaURL != nil {
		for _, p := range r.Photos {
			if p.Released {
				sr.MediaURL = mediaURL(p)
				break
			}
		}
	}
	return sr
}
