package cases

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Viewer is who opens a case from the citizens' side: a signed-in account
// naming the case by its reference, or anyone holding a guest's private
// link. A case the viewer may not see does not exist for them (NotFound,
// never Forbidden), so references cannot be probed.
type Viewer struct {
	// AccountID is the signed-in account, 0 for none.
	AccountID int64
	// Reference names the case on /my/cases/{ref}.
	Reference string
	// Token is the guest's private link token on /case/{token}.
	Token string
	// IP is recorded with changes.
	IP string
}

// Guest reports whether the viewer came by private link.
func (v Viewer) Guest() bool { return v.Token != "" }

// citizenCase loads the case v may see. A guest link (any of the case's)
// works for anyone who has it (its 256 bits are the secret); a reference
// only for the account that sent the case.
func citizenCase(ctx context.Context, q db.Querier, v Viewer) (Case, error) {
	if v.Token != "" {
		return caseByToken(ctx, q, v.Token)
	}
	ref := NormalizeReference(v.Reference)
	if v.AccountID == 0 || ref == "" {
		return Case{}, notFound()
	}
	c, err := loadCase(ctx, q, "c.reference", ref)
	if err != nil {
		return Case{}, err
	}
	if c.AccountID != v.AccountID {
		return Case{}, notFound()
	}
	return c, nil
}

// CitizenDetail is the case page as the citizen sees it: the public
// timeline only (internal notes never), the messages, the document
// requests and the files they may download.
type CitizenDetail struct {
	Case
	Events    []Event
	Messages  []Message
	Requests  []DocumentRequest
	Documents []Document
	// Unread marks the department's messages that were unread before this
	// view (shown as "new"); viewing marks them read.
	Unread map[int64]bool
}

// OpenRequests counts the document requests still waiting for a file.
func (d CitizenDetail) OpenRequests() int { return openRequests(d.Requests) }

// Decision returns the decision document (the newest), nil when there is
// none yet.
func (d CitizenDetail) Decision() *Document {
	for i := len(d.Documents) - 1; i >= 0; i-- {
		if d.Documents[i].Kind == DocDecision {
			return &d.Documents[i]
		}
	}
	return nil
}

// OwnFiles are the files the citizen sent: with the form and later.
func (d CitizenDetail) OwnFiles() []Document {
	var out []Document
	for _, doc := range d.Documents {
		if doc.Kind != DocDecision {
			out = append(out, doc)
		}
	}
	return out
}

// RequestFile returns the file sent for document request id, nil when
// none.
func (d CitizenDetail) RequestFile(id int64) *Document {
	for i, doc := range d.Documents {
		if doc.RequestID == id && doc.Kind == DocRequest {
			return &d.Documents[i]
		}
	}
	return nil
}

// Next is the case's next step for the citizen.
func (d CitizenDetail) Next() NextStep {
	decided := d.Decision() != nil
	unread := 0
	for _, m := range d.Messages {
		if m.FromStaff && m.ReadAt.IsZero() {
			unread++
		}
	}
	n := nextStep(d.Case, d.OpenRequests(), unread, decided)
	if n.Key == "cases.citizen.next.closed_decision" {
		// This is the case's page: point to the decision on it, not to
		// "the case's page".
		n = NextStep{Key: "cases.citizen.next.closed_decision_here", Href: "#case-decision"}
	}
	return n
}

// CitizenView returns the case v may see with what the page shows, and
// marks the department's messages read. An erased case shows its public
// timeline and nothing personal. It reads without a transaction (a page
// view must not queue behind SQLite's single writer) and writes only when
// there is something unread.
func (s *Service) CitizenView(ctx context.Context, v Viewer) (CitizenDetail, error) {
	q := db.From(ctx)
	c, err := citizenCase(ctx, q, v)
	if err != nil {
		return CitizenDetail{}, err
	}
	d := CitizenDetail{Case: c, Unread: map[int64]bool{}}
	if d.Events, err = listEvents(ctx, q, c.ID, true); err != nil {
		return d, err
	}
	if c.Erased() {
		return d, nil
	}
	if d.Messages, err = listMessages(ctx, q, c.ID); err != nil {
		return d, err
	}
	if d.Requests, err = listRequests(ctx, q, c.ID); err != nil {
		return d, err
	}
	if d.Documents, err = listDocuments(ctx, q, c.ID); err != nil {
		return d, err
	}
	for _, m := range d.Messages {
		if m.FromStaff && m.ReadAt.IsZero() {
			d.Unread[m.ID] = true
		}
	}
	if len(d.Unread) > 0 {
		if _, err := q.Exec(ctx, `UPDATE case_messages SET read_at = ? WHERE case_id = ? AND from_staff = TRUE
			AND read_at IS NULL`, s.Now(), c.ID); err != nil {
			return d, fmt.Errorf("mark messages read: %w", err)
		}
	}
	return d, nil
}

// CaseItem is one case in "Mein Rathaus".
type CaseItem struct {
	ID        int64
	Reference string
	Title     Text
	Status    string
	Statuses  []Status
	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time
	PausedAt  time.Time
	// PauseReason is why work waits (shown to the citizen).
	PauseReason string
	ErasedAt    time.Time
	// Unread counts the department's messages the citizen has not read.
	Unread int
	// OpenRequests counts document requests waiting for a file.
	OpenRequests int
	Decided      bool
}

// StatusLabel is the current status in lang.
func (i CaseItem) StatusLabel(lang string) string {
	return Case{Status: i.Status, Statuses: i.Statuses}.StatusLabel(lang)
}

// Next is the case's next step for the citizen.
func (i CaseItem) Next() NextStep {
	c := Case{ClosedAt: i.ClosedAt, PausedAt: i.PausedAt, PauseReason: i.PauseReason, ErasedAt: i.ErasedAt}
	return nextStep(c, i.OpenRequests, i.Unread, i.Decided)
}

// CitizenCases lists the cases of account, newest first, with what needs
// the citizen's attention.
func (s *Service) CitizenCases(ctx context.Context, account int64) ([]CaseItem, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT c.id, c.reference, c.title_de, c.title_en, c.status, c.statuses,
		c.created_at, c.updated_at, c.closed_at, c.paused_at, c.pause_reason, c.erased_at,
		(SELECT COUNT(*) FROM case_messages m WHERE m.case_id = c.id AND m.from_staff = TRUE AND m.read_at IS NULL),
		(SELECT COUNT(*) FROM case_document_requests r WHERE r.case_id = c.id AND r.fulfilled_at IS NULL
			AND r.cancelled_at IS NULL),
		(SELECT COUNT(*) FROM case_documents d WHERE d.case_id = c.id AND d.kind = 'decision')
		FROM cases c WHERE c.account_id = ? ORDER BY c.created_at DESC, c.id DESC`, account)
	if err != nil {
		return nil, fmt.Errorf("list citizen cases: %w", err)
	}
	defer rows.Close()
	var out []CaseItem
	for rows.Next() {
		var i CaseItem
		var de, en, statuses string
		var closed, paused, erased sql.NullTime
		var decisions int
		if err := rows.Scan(&i.ID, &i.Reference, &de, &en, &i.Status, &statuses, &i.CreatedAt, &i.UpdatedAt,
			&closed, &paused, &i.PauseReason, &erased, &i.Unread, &i.OpenRequests, &decisions); err != nil {
			return nil, fmt.Errorf("scan citizen case: %w", err)
		}
		i.Title = Text{"de": de, "en": en}
		i.ClosedAt, i.PausedAt, i.ErasedAt = fromNull(closed), fromNull(paused), fromNull(erased)
		i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
		i.Decided = decisions > 0
		if err := unmarshalColumn(statuses, &i.Statuses); err != nil {
			return nil, fmt.Errorf("case %s: statuses: %w", i.Reference, err)
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// NextStep says in words what happens next and whether the citizen has
// to act: the message key with its argument.
type NextStep struct {
	Key string
	Arg string
	// Action is true when the citizen has something to do.
	Action bool
	// Href, when set, is a link on the page the text leads to
	// (cases.citizen.next.link names it).
	Href string
}

// nextStep decides the next step: what the citizen must do comes first,
// then why work waits, then that the town hall is on it.
func nextStep(c Case, openRequests, unread int, decided bool) NextStep {
	switch {
	case c.Erased():
		return NextStep{Key: "cases.citizen.next.erased"}
	case c.Closed() && decided:
		return NextStep{Key: "cases.citizen.next.closed_decision"}
	case c.Closed():
		return NextStep{Key: "cases.citizen.next.closed"}
	case openRequests > 0:
		return NextStep{Key: "cases.citizen.next.documents", Action: true}
	case unread > 0:
		return NextStep{Key: "cases.citizen.next.message", Action: true}
	case c.Paused() && c.PauseReason != "":
		return NextStep{Key: "cases.citizen.next.paused_reason", Arg: c.PauseReason}
	case c.Paused():
		return NextStep{Key: "cases.citizen.next.paused"}
	}
	return NextStep{Key: "cases.citizen.next.working"}
}
