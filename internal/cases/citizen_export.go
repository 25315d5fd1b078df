package cases

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// AccountCase is one case in a citizen's data export (DSGVO Art. 15 and
// 20): what the citizen sees of it on its page, machine-readable.
//
// Internal notes and internal timeline events (assignment, notes) are left
// out: they are the department's working records, not the application.
// Inspecting them is a matter of the administrative procedure
// (Akteneinsicht, § 29 VwVfG, which excludes drafts and preparatory work),
// and they carry the staff's own data and judgements (Art. 15 Abs. 4
// DSGVO: the right of access must not affect the rights of others).
type AccountCase struct {
	Reference  string         `json:"reference"`
	Title      string         `json:"title"`
	Department string         `json:"department"`
	Status     string         `json:"status"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
	ClosedAt   *time.Time     `json:"closed_at,omitempty"`
	DueAt      *time.Time     `json:"due_at,omitempty"`
	ErasedAt   *time.Time     `json:"erased_at,omitempty"`
	Name       string         `json:"applicant_name"`
	Email      string         `json:"applicant_email"`
	Answers    map[string]any `json:"answers"`
	// Summary are the answers as the form showed them, in the case's
	// language.
	Summary   []Line            `json:"summary"`
	Timeline  []AccountEvent    `json:"timeline"`
	Messages  []AccountMessage  `json:"messages"`
	Requests  []AccountRequest  `json:"document_requests"`
	Documents []AccountDocument `json:"documents"`
}

// AccountEvent is one public step of the timeline.
type AccountEvent struct {
	Kind       string    `json:"kind"`
	FromStatus string    `json:"from_status,omitempty"`
	Status     string    `json:"status,omitempty"`
	Note       string    `json:"note,omitempty"`
	At         time.Time `json:"at"`
}

// AccountMessage is one message between department and citizen.
type AccountMessage struct {
	FromDepartment bool      `json:"from_department"`
	Text           string    `json:"text"`
	At             time.Time `json:"at"`
}

// AccountRequest is a document the department asked for.
type AccountRequest struct {
	Description string     `json:"description"`
	At          time.Time  `json:"at"`
	FulfilledAt *time.Time `json:"fulfilled_at,omitempty"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
}

// AccountDocument names a file of the case; the export carries no file
// contents (the citizen downloads them on the case page).
type AccountDocument struct {
	Kind        string    `json:"kind"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	At          time.Time `json:"at"`
}

// AccountExport returns the cases the account sent, oldest first, and
// audits each as read by the account from ip. Cases of other accounts and
// guests never appear: the account is the only key.
func (s *Service) AccountExport(ctx context.Context, account int64, ip string) ([]AccountCase, error) {
	q := db.From(ctx)
	ids, err := db.Column[int64](ctx, q, "SELECT id FROM cases WHERE account_id = ? ORDER BY created_at, id", account)
	if err != nil {
		return nil, fmt.Errorf("list account cases: %w", err)
	}
	out := []AccountCase{}
	for _, id := range ids {
		c, err := loadCase(ctx, q, "c.id", id)
		if err != nil {
			return nil, err
		}
		ac, err := accountCaseOf(ctx, q, c)
		if err != nil {
			return nil, err
		}
		e := audit.By(account, ip).Did("case.account_export", "case", strconv.FormatInt(c.ID, 10))
		e.Detail = c.Reference
		if err := s.deps.Audit.Record(ctx, q, e); err != nil {
			return nil, err
		}
		out = append(out, ac)
	}
	return out, nil
}

func accountCaseOf(ctx context.Context, q db.Querier, c Case) (AccountCase, error) {
	l := c.Lang
	ac := AccountCase{Reference: c.Reference, Title: c.Title.In(l), Department: c.DepartmentName,
		Status: c.StatusLabel(l), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		ClosedAt: timePtr(c.ClosedAt), DueAt: timePtr(c.DueAt), ErasedAt: timePtr(c.ErasedAt),
		Name: c.ApplicantName, Email: c.ApplicantEmail, Answers: nonNilMap(c.Answers), Summary: c.Summary[l],
		Timeline: []AccountEvent{}, Messages: []AccountMessage{}, Requests: []AccountRequest{}, Documents: []AccountDocument{}}
	if ac.Summary == nil {
		ac.Summary = []Line{}
	}
	events, err := listEvents(ctx, q, c.ID, true) // public only: see AccountCase
	if err != nil {
		return ac, err
	}
	for _, e := range events {
		ac.Timeline = append(ac.Timeline, AccountEvent{Kind: e.Kind, FromStatus: e.FromStatus, Status: e.Status,
			Note: e.PublicNote, At: e.CreatedAt})
	}
	msgs, err := listMessages(ctx, q, c.ID)
	if err != nil {
		return ac, err
	}
	for _, m := range msgs {
		ac.Messages = append(ac.Messages, AccountMessage{FromDepartment: m.FromStaff, Text: m.Body, At: m.CreatedAt})
	}
	reqs, err := listRequests(ctx, q, c.ID)
	if err != nil {
		return ac, err
	}
	for _, r := range reqs {
		ac.Requests = append(ac.Requests, AccountRequest{Description: r.Description, At: r.CreatedAt,
			FulfilledAt: timePtr(r.FulfilledAt), CancelledAt: timePtr(r.CancelledAt)})
	}
	docs, err := listDocuments(ctx, q, c.ID)
	if err != nil {
		return ac, err
	}
	for _, d := range docs {
		ac.Documents = append(ac.Documents, AccountDocument{Kind: d.Kind, Name: d.Name, ContentType: d.ContentType,
			Size: d.Size, At: d.CreatedAt})
	}
	return ac, nil
}

// timePtr is t for JSON, nil (left out) when zero.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
