// Package reports is the Mängelmelder: citizens report defects with a place,
// photos and a description; departments handle them; everyone follows the
// public status. The types map 1:1 to Open311 GeoReport v2: a Category is a
// service (Code = service_code), a Report is a service request (Ref =
// service_request_id), Report.Answers are its attributes.
package reports

import (
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
)

// Text is a text the town writes in both languages. German is required,
// English falls back to German when empty.
type Text struct {
	DE string `json:"de"`
	EN string `json:"en,omitempty"`
}

// In returns the text in lang ("de" or "en"), German when there is no
// English text.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.DE
}

// IsZero reports whether neither language has a text.
func (t Text) IsZero() bool { return t.DE == "" && t.EN == "" }

// Status is where a report stands. The German labels come from the catalog
// under LabelKey: neu, in Prüfung, in Bearbeitung, eingeplant, erledigt,
// nicht zuständig, abgelehnt, Duplikat.
type Status string

// The statuses of a report.
const (
	StatusNew            Status = "new"
	StatusChecking       Status = "checking"
	StatusInProgress     Status = "in_progress"
	StatusPlanned        Status = "planned"
	StatusDone           Status = "done"
	StatusNotResponsible Status = "not_responsible"
	StatusRejected       Status = "rejected"
	StatusDuplicate      Status = "duplicate"
)

// Statuses lists every status in the order a form offers them.
var Statuses = []Status{StatusNew, StatusChecking, StatusInProgress, StatusPlanned,
	StatusDone, StatusNotResponsible, StatusRejected, StatusDuplicate}

// ParseStatus returns the status named s.
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := ParseStatus(string(s)); return ok }

// Closed reports whether s ends the town's work: done, not responsible,
// rejected, duplicate.
func (s Status) Closed() bool {
	switch s {
	case StatusDone, StatusNotResponsible, StatusRejected, StatusDuplicate:
		return true
	}
	return false
}

// LabelKey is the catalog key of the status's label, e.g.
// "reports.status.in_progress".
func (s Status) LabelKey() string { return "reports.status." + string(s) }

// Open311 maps s to the spec's two statuses.
func (s Status) Open311() open311.Status {
	if s.Closed() {
		return open311.Closed
	}
	return open311.Open
}

// Open311Update maps s to the status of mySociety's servicerequestupdates
// extension.
func (s Status) Open311Update() open311.UpdateStatus {
	switch s {
	case StatusChecking:
		return open311.UpdateInvestigating
	case StatusInProgress:
		return open311.UpdateInProgress
	case StatusPlanned:
		return open311.UpdateActionScheduled
	case StatusDone:
		return open311.UpdateFixed
	case StatusNotResponsible:
		return open311.UpdateNotCouncilsResponsibility
	case StatusRejected:
		return open311.UpdateNoFurtherAction
	case StatusDuplicate:
		return open311.UpdateDuplicate
	}
	return open311.UpdateOpen
}

// StatusFromOpen311Update maps an update status a FixMyStreet-style client
// posts back to ours; false for statuses we do not take (CLOSED and
// INTERNAL_REFERRAL say too little).
func StatusFromOpen311Update(u open311.UpdateStatus) (Status, bool) {
	switch u {
	case open311.UpdateOpen, open311.UpdateReopen:
		return StatusNew, true
	case open311.UpdateInvestigating:
		return StatusChecking, true
	case open311.UpdateInProgress:
		return StatusInProgress, true
	case open311.UpdateActionScheduled:
		return StatusPlanned, true
	case open311.UpdateFixed:
		return StatusDone, true
	case open311.UpdateNotCouncilsResponsibility:
		return StatusNotResponsible, true
	case open311.UpdateNoFurtherAction:
		return StatusRejected, true
	case open311.UpdateDuplicate:
		return StatusDuplicate, true
	}
	return "", false
}

// Light is the traffic-light colour of a status on the public map and list.
type Light string

// The colours: red is new and not yet handled, yellow is being worked on,
// green is closed.
const (
	Red    Light = "red"
	Yellow Light = "yellow"
	Green  Light = "green"
)

// Light returns the traffic-light colour of s.
func (s Status) Light() Light {
	switch {
	case s == StatusNew:
		return Red
	case s.Closed():
		return Green
	}
	return Yellow
}

// LabelKey is the catalog key of the colour's label, e.g. "reports.light.red".
func (l Light) LabelKey() string { return "reports.light." + string(l) }

// Report is one defect report (Meldung).
type Report struct {
	ID int64
	// Ref is the public reference, e.g. "M-7KQ3-XP": the Open311
	// service_request_id and what citizens quote on the phone. Its letters
	// leave out I, O, 0 and 1, which are easily mixed up.
	Ref string

	CategoryID   int64
	CategoryCode string
	CategoryName Text
	// DepartmentID is the department that handles the report, 0 for none.
	DepartmentID   int64
	DepartmentName string

	Status Status
	// Location is nil when the reporter gave only an address.
	Location *geo.Point
	// Address is the street and house number or a description of the place.
	Address     string
	Description string
	// Answers to the category's extra questions by attribute code.
	Answers open311.Answers
	// Photos in upload order. The public view holds released ones only.
	Photos []Photo

	// Reporter is personal data: empty in the public view.
	Reporter Reporter
	// Lang is the reporter's language for mails, "de" or "en".
	Lang string

	// Supporters counts "betrifft mich auch" clicks, merged duplicates
	// included.
	Supporters int
	// MergedInto is the report this one duplicates, 0 if none.
	MergedInto    int64
	MergedIntoRef string

	// FirstReactionDue and ClosureDue are the deadlines in working days of
	// the town's Land; zero when the category sets none.
	FirstReactionDue time.Time
	ClosureDue       time.Time
	// FirstReactionAt is when staff first acted on the report; zero while
	// nobody has.
	FirstReactionAt time.Time

	// PublicNote is the town's latest public note (Open311 status_notes).
	PublicNote string

	CreatedAt time.Time
	UpdatedAt time.Time
	// ClosedAt is when the report last reached a closed status; zero while
	// it is open.
	ClosedAt time.Time
	// ErasedAt is when the personal data was erased; zero if it was not.
	ErasedAt time.Time

	// Published reports are on the public map and list; staff can hide one
	// (offensive text, a private address).
	Published bool
	// Source is "web" or "api"; APIClient names the Open311 client.
	Source    string
	APIClient string
}

// Sources of a report.
const (
	SourceWeb = "web"
	SourceAPI = "api"
)

// Open reports whether the town is still working on r.
func (r Report) Open() bool { return !r.Status.Closed() }

// Light returns r's traffic-light colour.
func (r Report) Light() Light { return r.Status.Light() }

// FirstReactionOverdue reports whether nobody has reacted to r although its
// first-reaction deadline has passed at now.
func (r Report) FirstReactionOverdue(now time.Time) bool {
	return r.FirstReactionAt.IsZero() && !r.FirstReactionDue.IsZero() && now.After(r.FirstReactionDue) && r.Open()
}

// ClosureOverdue reports whether r is still open after its closure deadline.
func (r Report) ClosureOverdue(now time.Time) bool {
	return r.Open() && !r.ClosureDue.IsZero() && now.After(r.ClosureDue)
}

// Overdue reports whether either deadline of r has passed at now.
func (r Report) Overdue(now time.Time) bool {
	return r.FirstReactionOverdue(now) || r.ClosureOverdue(now)
}

// Reporter is who filed a report: personal data, optional, erased after the
// retention period or on request.
type Reporter struct {
	Name  string
	Email string
}

// IsZero reports whether there is no personal data.
func (p Reporter) IsZero() bool { return p.Name == "" && p.Email == "" }

// Photo is one picture of a report, stored re-encoded without metadata.
type Photo struct {
	ID int64
	// Key and ThumbKey are blob store keys of the JPEG and its thumbnail;
	// both empty for a photo an Open311 client only linked (URL).
	Key      string
	ThumbKey string
	// URL is a media_url an Open311 client sent; never fetched by us.
	URL           string
	Width, Height int
	// Released photos are public. A citizen's photo may show faces or
	// number plates: staff release it after looking. Staff photos are
	// released at once.
	Released  bool
	ByStaff   bool
	CreatedAt time.Time
}

// Subscriber follows a report by e-mail.
type Subscriber struct {
	ID        int64
	ReportID  int64
	Email     string
	Lang      string
	Confirmed bool
	CreatedAt time.Time
	// token is the private confirm/unsubscribe token.
	token string
}

// EventKind names what happened to a report.
type EventKind string

// The kinds of history entries.
const (
	EventCreated       EventKind = "created"
	EventAccepted      EventKind = "accepted"
	EventStatus        EventKind = "status"        // FromStatus → ToStatus, with notes
	EventNote          EventKind = "note"          // a note without a status change
	EventRecategorised EventKind = "recategorised" // Old/New: category codes
	EventRerouted      EventKind = "rerouted"      // Old/New: department names
	EventMoved         EventKind = "moved"         // Old/New: "lat,lon address"
	EventMergedInto    EventKind = "merged_into"   // this report duplicates RelatedRef
	EventMergedFrom    EventKind = "merged_from"   // RelatedRef was merged into this one
	EventPhotoAdded    EventKind = "photo_added"
	EventPhotoReleased EventKind = "photo_released"
	EventPhotoHidden   EventKind = "photo_hidden"
	EventReopened      EventKind = "reopened" // Comment: the reporter's reason
	EventFeedback      EventKind = "feedback" // Fixed, Comment
	EventErased        EventKind = "personal_data_erased"
	EventPublished     EventKind = "published"
	EventHidden        EventKind = "hidden"
)

// LabelKey is the catalog key describing the kind, e.g. "reports.event.moved".
func (k EventKind) LabelKey() string { return "reports.event." + string(k) }

// Who acted in an event.
const (
	ByStaff    = "staff"
	ByReporter = "reporter"
	BySystem   = "system"
	ByAPI      = "api"
)

// Event is one entry of a report's history.
type Event struct {
	ID       int64
	ReportID int64
	Kind     EventKind
	At       time.Time
	// By is ByStaff, ByReporter, BySystem or ByAPI; ActorID and ActorName
	// name the staff account, or APIClientID and ActorName the Open311
	// client (empty in the public view).
	By          string
	ActorID     int64
	APIClientID int64
	ActorName   string
	// Public events are shown on the report's public page.
	Public     bool
	FromStatus Status
	ToStatus   Status
	// PublicNote is the town's text to everyone.
	PublicNote string
	// InternalNote is for staff only; empty in the public view.
	InternalNote string
	// Comment is the reporter's text (reopen reason, feedback); staff and
	// the reporter see it, the public does not.
	Comment string
	// Old and New describe a change of category, department or place.
	Old, New string
	// RelatedRef is the other report of a merge.
	RelatedRef string
	PhotoID    int64
	// Fixed is the reporter's feedback: nil unless Kind is EventFeedback.
	Fixed *bool
}

// Nearby is a report near a point, for the duplicate check.
type Nearby struct {
	Report Report
	// Metres from the point asked about.
	Metres float64
}

// MapPoint is the little the public map needs per report.
type MapPoint struct {
	ID           int64
	Ref          string
	Lat, Lon     float64
	Status       Status
	CategoryCode string
}

// APIClient is an Open311 client allowed to post reports.
type APIClient struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	// RevokedAt is zero while the key works.
	RevokedAt  time.Time
	LastUsedAt time.Time
}

// Active reports whether the client's key works.
func (c APIClient) Active() bool { return c.RevokedAt.IsZero() }
