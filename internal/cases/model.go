// Package cases is case handling (Vorgänge): a sent form becomes a case with
// a human-friendly reference; the responsible department works it in its
// inbox (statuses with public and internal notes, assignment, deadlines,
// pause and resume, messages, document requests, the decision document); the
// citizen follows it in "Mein Rathaus" or through a private link. Personal
// data is erased a form-defined time after closing; the case row stays for
// statistics.
//
// The package does not import the form engine: a submission arrives as an
// Intake (internal/app adapts forms.Submission to it), statuses and answer
// summaries are snapshotted as plain JSON.
package cases

import (
	"strconv"
	"time"
)

// Text is a text in both languages, {"de": …, "en": …}, like formdef.Text.
type Text map[string]string

// In returns the text in lang, German when there is none in lang.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t["de"]
}

// Status is one step of a form's ordered statuses, snapshotted per case.
type Status struct {
	Key     string `json:"key"`
	Label   Text   `json:"label"`
	Closing bool   `json:"closing,omitempty"`
}

// Line is one human-readable answer of the summary ("check your answers").
type Line struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Path  string `json:"path,omitempty"`
	Group int    `json:"group,omitempty"`
	// Item heads the lines of one group item ("Hund 1"); Label starts with
	// it. Summaries stored before it existed have none.
	Item string `json:"item,omitempty"`
	// Computed marks a value the form calculated (a fee, a tax); summaries
	// stored before it existed have none.
	Computed bool `json:"computed,omitempty"`
}

// Actor kinds on the timeline.
const (
	ActorStaff   = "staff"
	ActorCitizen = "citizen"
	ActorSystem  = "system"
)

// Event kinds on the timeline. Public events are shown to the citizen.
const (
	EventSubmitted         = "submitted"          // public
	EventStatus            = "status"             // public (public_note shown, internal_note never)
	EventAssigned          = "assigned"           // internal
	EventClaimed           = "claimed"            // internal
	EventPaused            = "paused"             // public (reason as public_note)
	EventResumed           = "resumed"            // public
	EventMessage           = "message"            // public; ref_id = case_messages.id
	EventDocumentRequested = "document_requested" // public; ref_id = case_document_requests.id
	EventDocumentUploaded  = "document_uploaded"  // public; ref_id = case_documents.id
	EventRequestCancelled  = "request_cancelled"  // public; ref_id = case_document_requests.id, its description as public_note
	EventDecision          = "decision"           // public; ref_id = case_documents.id
	EventNote              = "note"               // internal note only
	EventErased            = "erased"             // public; personal data erased
)

// Document kinds.
const (
	DocAnswer   = "answer"   // uploaded with the form
	DocRequest  = "request"  // sent by the citizen for a document request
	DocUpload   = "upload"   // sent by the citizen without a request
	DocDecision = "decision" // the department's decision document
)

// Case is one Vorgang.
type Case struct {
	ID int64
	// Reference is what citizens quote, e.g. "K7M-3PQ9" (see NewReference).
	Reference   string
	FormID      string
	FormVersion int
	// Service is the catalog slug of the service, may be "".
	Service        string
	Title          Text
	DepartmentID   int64
	DepartmentName string
	// AccountID is the citizen's account, 0 for guests (or a deleted account).
	AccountID int64
	// ApplicantName and ApplicantEmail are personal data ("" once erased;
	// the e-mail may be "" for guests who gave none).
	ApplicantName  string
	ApplicantEmail string
	// Lang is the citizen's language for mails: "de" or "en".
	Lang string
	// Answers are the form's answers as JSON-shaped values (formdef.Answers).
	Answers map[string]any
	// Summary holds the human-readable answers by language ("de", "en").
	Summary map[string][]Line
	// Statuses are the form version's ordered statuses at intake.
	Statuses []Status
	Status   string

	AssigneeID   int64
	AssigneeName string

	// DueAt is the deadline: created + DeadlineDays working days, moved by
	// pauses. Zero when the form sets none.
	DueAt time.Time
	// PausedAt is set while the case is paused (waiting for the citizen).
	PausedAt    time.Time
	PauseReason string
	// PausedDays are the working days the case was paused in total.
	PausedDays int

	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time
	// RetentionDays after ClosedAt personal data is erased (at ErasedAt).
	RetentionDays int
	ErasedAt      time.Time
}

// Paused reports whether the case waits (deadline stopped).
func (c Case) Paused() bool { return !c.PausedAt.IsZero() }

// Closed reports whether the case has reached a closing status.
func (c Case) Closed() bool { return !c.ClosedAt.IsZero() }

// Erased reports whether the personal data has been erased.
func (c Case) Erased() bool { return !c.ErasedAt.IsZero() }

// Overdue reports whether an open, running case has passed its deadline.
func (c Case) Overdue(now time.Time) bool {
	return !c.Closed() && !c.Paused() && !c.DueAt.IsZero() && now.After(c.DueAt)
}

// StatusOf returns the status with key, false when the form has none.
func (c Case) StatusOf(key string) (Status, bool) {
	for _, s := range c.Statuses {
		if s.Key == key {
			return s, true
		}
	}
	return Status{}, false
}

// StatusLabel is the current status's label in lang (the key if unknown).
func (c Case) StatusLabel(lang string) string {
	if s, ok := c.StatusOf(c.Status); ok {
		if l := s.Label.In(lang); l != "" {
			return l
		}
	}
	return c.Status
}

// Event is one entry of the timeline.
type Event struct {
	ID     int64
	CaseID int64
	Kind   string
	// Public events are shown to the citizen (never InternalNote).
	Public       bool
	FromStatus   string
	Status       string
	PublicNote   string
	InternalNote string
	ActorID      int64
	ActorName    string
	ActorKind    string
	RefID        int64
	// DueAt is the deadline the event set (resumed: moved by the pause).
	DueAt     time.Time
	CreatedAt time.Time
}

// Message is one message between department and citizen.
type Message struct {
	ID         int64
	CaseID     int64
	FromStaff  bool
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
	ReadAt     time.Time
}

// DocumentRequest is the department asking the citizen for a document.
type DocumentRequest struct {
	ID          int64
	CaseID      int64
	Description string
	RequestedBy int64
	CreatedAt   time.Time
	FulfilledAt time.Time
	// CancelledAt is when closing the case withdrew the request unfulfilled.
	CancelledAt time.Time
}

// Fulfilled reports whether the citizen has sent a document for it.
func (r DocumentRequest) Fulfilled() bool { return !r.FulfilledAt.IsZero() }

// Cancelled reports whether the request was withdrawn unfulfilled.
func (r DocumentRequest) Cancelled() bool { return !r.CancelledAt.IsZero() }

// Open reports whether the request still waits for a file.
func (r DocumentRequest) Open() bool { return !r.Fulfilled() && !r.Cancelled() }

// openRequests counts the requests of reqs that still wait for a file.
func openRequests(reqs []DocumentRequest) int {
	n := 0
	for _, r := range reqs {
		if r.Open() {
			n++
		}
	}
	return n
}

// Document is a file of a case; its bytes are in the blob store under Blob.
type Document struct {
	ID          int64
	CaseID      int64
	Kind        string
	Field       string // answer path for DocAnswer
	Name        string
	ContentType string
	Size        int64
	Blob        string
	RequestID   int64
	FromStaff   bool
	AuthorID    int64
	CreatedAt   time.Time
}

// Intake is a sent form as cases takes it (internal/app adapts
// forms.Submission).
type Intake struct {
	FormID      string
	FormVersion int
	Service     string
	// Department is the department's slug.
	Department string
	Title      Text
	// AccountID 0 is a guest.
	AccountID int64
	Name      string
	Email     string
	Lang      string
	Answers   map[string]any
	Summary   map[string][]Line
	Files     []IntakeFile
	Statuses  []Status
	// RetentionDays and DeadlineDays fall back to 365 and 20 when 0.
	RetentionDays int
	DeadlineDays  int
}

// IntakeFile is a file uploaded with the form, already in the blob store.
type IntakeFile struct {
	Path        string // answer path, e.g. "photo" or "dogs.0.certificate"
	Name        string
	ContentType string
	Size        int64
	Blob        string
}

// Paths of a case's pages. Citizens with an account use their reference,
// guests the private token from their mail; staff the numeric id.
func CitizenPath(ref string) string        { return "/my/cases/" + ref }
func CitizenReceiptPath(ref string) string { return "/my/cases/" + ref + "/receipt.pdf" }
func GuestPath(token string) string        { return "/case/" + token }
func GuestReceiptPath(token string) string { return "/case/" + token + "/receipt.pdf" }
func StaffPath(id int64) string            { return "/staff/cases/" + strconv.FormatInt(id, 10) }
