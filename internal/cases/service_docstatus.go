package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// documentsStatusKeys are the status keys that mean "waiting for documents
// from the citizen", in the order they are looked for. Statuses are per
// form; a form without one keeps its status when a document is requested.
var documentsStatusKeys = []string{"unterlagen_angefordert", "unterlagen", "documents_requested"}

// refusalStatusKeys are closing statuses that refuse the application; their
// mail points the citizen to the department for questions.
var refusalStatusKeys = []string{"abgelehnt", "refused", "rejected"}

// DocumentsStatus is the key of the case's "documents requested" status,
// "" when its form has none.
func (c Case) DocumentsStatus() string {
	for _, k := range documentsStatusKeys {
		if s, ok := c.StatusOf(k); ok && !s.Closing {
			return k
		}
	}
	return ""
}

// Refused reports whether the case's status is a refusal.
func (c Case) Refused() bool {
	for _, k := range refusalStatusKeys {
		if c.Status == k {
			return true
		}
	}
	return false
}

// moveToDocumentsStatus puts the case into its "documents requested"
// status when a document is requested (event and audit as for any status
// change; the request's own mail tells the citizen). c.Status follows.
func (s *Service) moveToDocumentsStatus(ctx context.Context, tx *db.Tx, c *Case, actor Actor, now time.Time) error {
	key := c.DocumentsStatus()
	if key == "" || c.Status == key {
		return nil
	}
	if _, err := tx.Exec(ctx, "UPDATE cases SET status = ? WHERE id = ?", key, c.ID); err != nil {
		return fmt.Errorf("set documents status: %w", err)
	}
	if _, err := insertEvent(ctx, tx, Event{CaseID: c.ID, Kind: EventStatus, Public: true, FromStatus: c.Status, Status: key,
		ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
		return err
	}
	if err := s.auditCase(ctx, tx, actor, "case.status", *c, c.Status+" → "+key+" (document requested)"); err != nil {
		return err
	}
	c.Status = key
	return nil
}

// returnFromDocumentsStatus moves a case waiting in its "documents
// requested" status back once the citizen has sent every requested
// document: to the status it came from, else to the open status before
// it in the form's list. A case the department has moved on meanwhile
// stays where it is.
func (s *Service) returnFromDocumentsStatus(ctx context.Context, tx *db.Tx, c Case, v Viewer, now time.Time) error {
	key := c.DocumentsStatus()
	if key == "" || c.Status != key {
		return nil
	}
	var open int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_document_requests WHERE case_id = ? AND fulfilled_at IS NULL
		AND cancelled_at IS NULL`, c.ID).Scan(&open); err != nil {
		return fmt.Errorf("count open document requests: %w", err)
	}
	if open > 0 {
		return nil
	}
	back, err := statusBeforeDocuments(ctx, tx, c, key)
	if err != nil || back == "" {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE cases SET status = ? WHERE id = ?", back, c.ID); err != nil {
		return fmt.Errorf("leave documents status: %w", err)
	}
	if _, err := insertEvent(ctx, tx, Event{CaseID: c.ID, Kind: EventStatus, Public: true, FromStatus: key, Status: back,
		ActorKind: ActorSystem, CreatedAt: now}); err != nil {
		return err
	}
	return s.auditCitizen(ctx, tx, v, "case.status", c, key+" → "+back+" (all documents received)")
}

// statusBeforeDocuments is the open status the case had before it last
// entered key, or the open status listed before key.
func statusBeforeDocuments(ctx context.Context, q db.Querier, c Case, key string) (string, error) {
	var from string
	err := q.QueryRow(ctx, `SELECT from_status FROM case_events WHERE case_id = ? AND kind = ? AND status = ? AND from_status <> ?
		ORDER BY id DESC LIMIT 1`, c.ID, EventStatus, key, key).Scan(&from)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("status before documents: %w", err)
	}
	if st, ok := c.StatusOf(from); ok && !st.Closing {
		return from, nil
	}
	prev := ""
	for _, st := range c.Statuses {
		if st.Key == key {
			break
		}
		if !st.Closing {
			prev = st.Key
		}
	}
	return prev, nil
}

// cancelOpenRequests withdraws the document requests of case c that still
// wait for a file, when the case closes, and puts each on the timeline
// (with its description, so the citizen knows which one). It returns how
// many there were.
//
// Closing is not refused instead: a department closes a case with an open
// request for good reasons (the application was withdrawn, or refused
// because the documents never came, § 66 SGB I), and there is no other way
// to take a request back. Left open, the request would still read "Offen"
// to the citizen and ask again if the case were reopened.
func (s *Service) cancelOpenRequests(ctx context.Context, tx *db.Tx, c Case, actor Actor, now time.Time) (int, error) {
	reqs, err := listRequests(ctx, tx, c.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range reqs {
		if !r.Open() {
			continue
		}
		if _, err := tx.Exec(ctx, "UPDATE case_document_requests SET cancelled_at = ? WHERE id = ?", now, r.ID); err != nil {
			return n, fmt.Errorf("cancel document request: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: c.ID, Kind: EventRequestCancelled, Public: true, Status: c.Status,
			PublicNote: r.Description, RefID: r.ID, ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		if err := s.auditCase(ctx, tx, actor, "case.cancel_requests", c, fmt.Sprintf("%d open on closing", n)); err != nil {
			return n, err
		}
	}
	return n, nil
}
