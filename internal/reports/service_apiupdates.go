package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// APIUpdate is what an Open311 client posts with mySociety's POST
// servicerequestupdates: a new status and/or a public note on a report.
type APIUpdate struct {
	// Ref is the service_request_id.
	Ref string
	// UpdateID is the client's id of the update; a client retries with
	// the same one (after a timeout, say).
	UpdateID string
	Status   Status
	Note     string
}

// PostUpdate applies an Open311 client's update as staff would (status
// and public note, mails to the reporter and followers), with the client
// named in the history and the audit log, and returns the id of the
// history event: the update_id of the receipt. An update_id the client
// used before changes nothing: the first receipt comes back, or
// errs.BadRequest ("reports.apiupdate.id_used") when it was for another
// report. An unknown report is errs.NotFound; the report's current status
// without a note is a field error on "status" ("reports.status.unchanged").
func (s *Service) PostUpdate(ctx context.Context, client APIClient, ip string, u APIUpdate) (int64, error) {
	if client.ID == 0 || !client.Active() {
		return 0, errForbidden
	}
	d := db.From(ctx)
	reportID, err := s.ReportID(ctx, u.Ref)
	if err != nil {
		return 0, err
	}
	if eventID, ok, err := apiReceipt(ctx, d, client.ID, u.UpdateID, reportID); ok || err != nil {
		return eventID, err
	}
	public, _, err := cleanNotes(u.Note, "")
	if err != nil {
		return 0, err
	}
	var f errs.Fields
	switch {
	case !u.Status.Valid():
		f.Add("status", "field.choice.invalid")
	case u.Status == StatusDuplicate:
		f.Add("status", "reports.status.use_merge")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	actor := Actor{System: true, IP: ip, Client: client}
	var eventID int64
	change := func(tx *db.Tx, r Report, now time.Time) error {
		// Under the report's lock a repeat that raced the first post finds
		// its receipt.
		id, ok, err := apiReceipt(ctx, tx, client.ID, u.UpdateID, r.ID)
		if ok || err != nil {
			eventID = id
			return err
		}
		if eventID, err = s.setStatus(ctx, tx, r, StatusChange{Status: u.Status, PublicNote: public}, actor, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_api_updates (client_id, update_id, report_id, event_id, created_at)
			VALUES (?, ?, ?, ?, ?)`, client.ID, u.UpdateID, r.ID, eventID, now); err != nil {
			return fmt.Errorf("record update_id: %w", err)
		}
		return nil
	}
	err = s.staffChange(ctx, reportID, actor, change)
	if db.IsUniqueViolation(err) {
		// The same update_id was taken for another report meanwhile (the
		// report lock does not cover that case); the lookup tells which.
		if id, ok, err := apiReceipt(ctx, d, client.ID, u.UpdateID, reportID); ok || err != nil {
			return id, err
		}
	}
	if err != nil {
		return 0, err
	}
	return eventID, nil
}

// apiReceipt looks up the receipt of the client's earlier update
// updateID; ok is false when there is none. One for another report than
// reportID is an error.
func apiReceipt(ctx context.Context, q db.Querier, clientID int64, updateID string, reportID int64) (eventID int64, ok bool, err error) {
	var forReport int64
	err = q.QueryRow(ctx, "SELECT report_id, event_id FROM report_api_updates WHERE client_id = ? AND update_id = ?",
		clientID, updateID).Scan(&forReport, &eventID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up update_id: %w", err)
	}
	if forReport != reportID {
		return 0, true, errs.E(errs.BadRequest, "reports.apiupdate.id_used")
	}
	return eventID, true, nil
}
