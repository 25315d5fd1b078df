package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffChange runs fn in one transaction on report id after checking that
// actor may handle it.
func (s *Service) staffChange(ctx context.Context, id int64, actor Actor, fn func(tx *db.Tx, r Report, now time.Time) error) error {
	now := s.now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		if err := lockReport(ctx, tx, id); err != nil {
			return err
		}
		r, err := loadReport(ctx, tx, "r.id", id)
		if err != nil {
			return err
		}
		if !actor.canHandle(r.DepartmentID) {
			return errForbidden
		}
		return fn(tx, r, now)
	})
}

// afterStatus reloads r and mails its reporter and subscribers.
func (s *Service) afterStatus(ctx context.Context, tx *db.Tx, id int64, publicNote string) error {
	r, err := loadReport(ctx, tx, "r.id", id)
	if err != nil {
		return err
	}
	return s.notifyStatus(ctx, tx, r, publicNote)
}

func cleanNotes(public, internal string) (string, string, error) {
	public, internal = web.CleanText(public, true), web.CleanText(internal, true)
	var f errs.Fields
	if tooLong(public, MaxNote) {
		f.Add("public_note", "field.too_long", MaxNote)
	}
	if tooLong(internal, MaxNote) {
		f.Add("internal_note", "field.too_long", MaxNote)
	}
	return public, internal, f.Err()
}

// Accept records that staff took up a new report: status new → checking,
// the first reaction is done; the reporter and subscribers are mailed. A
// report that is not new is errs.Conflict ("reports.accept.not_new").
func (s *Service) Accept(ctx context.Context, id int64, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		if r.Status != StatusNew {
			return errs.E(errs.Conflict, "reports.accept.not_new")
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, first_reaction_at = COALESCE(first_reaction_at, ?), updated_at = ?
			WHERE id = ?`, string(StatusChecking), now, now, id); err != nil {
			return fmt.Errorf("accept report: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: EventAccepted, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, FromStatus: r.Status, ToStatus: StatusChecking}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "report.accept", "report", id, r.Ref); err != nil {
			return err
		}
		return s.afterStatus(ctx, tx, id, "")
	})
}

// SetStatus changes the status with notes. A changed status or a public
// note mails the reporter and confirmed subscribers. Setting
// StatusDuplicate is refused (use Merge); the same status without a note
// is a field error on "status". Field names: status, public_note,
// internal_note.
func (s *Service) SetStatus(ctx context.Context, id int64, c StatusChange, actor Actor) error {
	public, internal, err := cleanNotes(c.PublicNote, c.InternalNote)
	if err != nil {
		return err
	}
	var f errs.Fields
	switch {
	case !c.Status.Valid():
		f.Add("status", "field.choice.invalid")
	case c.Status == StatusDuplicate:
		f.Add("status", "reports.status.use_merge")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		_, err := s.setStatus(ctx, tx, r, StatusChange{Status: c.Status, PublicNote: public, InternalNote: internal}, actor, now)
		return err
	})
}

// setStatus makes the checked and cleaned change c of r in tx and returns
// the id of its history event.
func (s *Service) setStatus(ctx context.Context, tx *db.Tx, r Report, c StatusChange, actor Actor, now time.Time) (int64, error) {
	id, public, internal := r.ID, c.PublicNote, c.InternalNote
	if c.Status == r.Status {
		if public == "" && internal == "" {
			var f errs.Fields
			f.Add("status", "reports.status.unchanged")
			return 0, f.Err()
		}
		return s.note(ctx, tx, r, public, internal, actor, now)
	}
	closedAt := nullTime(r.ClosedAt)
	switch {
	case c.Status.Closed() && !r.Status.Closed():
		closedAt = nullTime(now)
	case !c.Status.Closed():
		closedAt = nullTime(time.Time{})
	}
	// Leaving "duplicate" undoes the merge link.
	mergedInto := nullInt(r.MergedInto)
	if r.Status == StatusDuplicate {
		mergedInto = nullInt(0)
	}
	notePart := "public_note = public_note"
	args := []any{string(c.Status), now, now, closedAt, mergedInto}
	if public != "" {
		notePart = "public_note = ?"
		args = append(args, public)
	}
	args = append(args, id)
	if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, first_reaction_at = COALESCE(first_reaction_at, ?), updated_at = ?,
		closed_at = ?, merged_into = ?, `+notePart+` WHERE id = ?`, args...); err != nil {
		return 0, fmt.Errorf("set status: %w", err)
	}
	eventID, err := insertEventID(ctx, tx, Event{ReportID: id, Kind: EventStatus, At: now, By: actor.by(), ActorID: actor.UserID,
		APIClientID: actor.Client.ID, Public: true, FromStatus: r.Status, ToStatus: c.Status, PublicNote: public, InternalNote: internal})
	if err != nil {
		return 0, err
	}
	if err := s.audit(ctx, tx, actor, "report.status", "report", id, r.Ref+": "+string(r.Status)+" → "+string(c.Status)); err != nil {
		return 0, err
	}
	return eventID, s.afterStatus(ctx, tx, id, public)
}

// AddNote adds a public and/or internal note without changing the status;
// a public note is mailed like a status change and counts as a reaction.
// Both empty is a field error on "public_note".
func (s *Service) AddNote(ctx context.Context, id int64, publicNote, internalNote string, actor Actor) error {
	public, internal, err := cleanNotes(publicNote, internalNote)
	if err != nil {
		return err
	}
	if public == "" && internal == "" {
		var f errs.Fields
		f.Add("public_note", "field.required")
		return f.Err()
	}
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		_, err := s.note(ctx, tx, r, public, internal, actor, now)
		return err
	})
}

// note records a note on r in tx and returns the id of its history event.
func (s *Service) note(ctx context.Context, tx *db.Tx, r Report, public, internal string, actor Actor, now time.Time) (int64, error) {
	if public != "" {
		if _, err := tx.Exec(ctx, `UPDATE reports SET public_note = ?, first_reaction_at = COALESCE(first_reaction_at, ?), updated_at = ?
			WHERE id = ?`, public, now, now, r.ID); err != nil {
			return 0, fmt.Errorf("add note: %w", err)
		}
	}
	eventID, err := insertEventID(ctx, tx, Event{ReportID: r.ID, Kind: EventNote, At: now, By: actor.by(), ActorID: actor.UserID,
		APIClientID: actor.Client.ID, Public: public != "", PublicNote: public, InternalNote: internal})
	if err != nil {
		return 0, err
	}
	if err := s.audit(ctx, tx, actor, "report.note", "report", r.ID, r.Ref); err != nil {
		return 0, err
	}
	if public == "" {
		return eventID, nil
	}
	return eventID, s.afterStatus(ctx, tx, r.ID, public)
}

// SetPublished shows or hides the report on the public pages.
func (s *Service) SetPublished(ctx context.Context, id int64, published bool, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		if r.Published == published {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE reports SET published = ?, updated_at = ? WHERE id = ?", published, now, id); err != nil {
			return fmt.Errorf("publish report: %w", err)
		}
		kind, action := EventPublished, "report.publish"
		if !published {
			kind, action = EventHidden, "report.hide"
		}
		if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: kind, At: now, By: ByStaff, ActorID: actor.UserID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, action, "report", id, r.Ref)
	})
}

// ErasePersonalData erases the reporter's name and e-mail, the manage
// token, the subscriptions, the reporter's comments and unreleased photos,
// on request, by staff of the report's department.
func (s *Service) ErasePersonalData(ctx context.Context, id int64, actor Actor) error {
	var keys []string
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		var err error
		if keys, err = erase(ctx, tx, r.ID, ByStaff, actor.UserID, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "report.erase", "report", id, r.Ref)
	})
	if err != nil {
		return err
	}
	s.deleteBlobs(ctx, keys)
	return nil
}
