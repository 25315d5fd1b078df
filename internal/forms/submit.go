package forms

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// Submission is a sent form as handed to case handling (Contract C→D).
// Submit is called inside the transaction that marks the draft sent: the
// context carries it (db.TxFrom), so the case and the sent mark commit
// together or not at all.
type Submission struct {
	FormID      string
	FormVersion int
	Service     string
	Department  string // department slug
	Title       formdef.Text
	// AccountID is 0 for a guest; Email may be "" for a guest who gave none.
	AccountID   int64
	Name, Email string
	Lang        string
	Answers     formdef.Answers
	// Summary holds the readable answers in "de" and "en".
	Summary       map[string][]formdef.Line
	Files         []File
	Statuses      []formdef.Status
	RetentionDays int
	DeadlineDays  int
}

// File is an uploaded file of a submission, already in the blob store.
type File struct {
	// Path is the answer's field path ("documents", "dogs.0.photo").
	Path        string
	Name        string
	ContentType string
	Size        int64
	Blob        string
}

// Receipt is what case handling answers: the confirmation page shows the
// reference and links to StatusURL and ReceiptURL.
type Receipt struct {
	CaseID     int64
	Reference  string
	StatusURL  string
	ReceiptURL string
}

// Submitter turns a submission into a case. Case handling satisfies it
// through an adapter in the app package.
type Submitter interface {
	Submit(ctx context.Context, s Submission) (Receipt, error)
}
