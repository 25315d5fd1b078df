package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// reporterChange runs fn in one transaction on the report of a manage
// token; an unknown token is errs.NotFound.
func (s *Service) reporterChange(ctx context.Context, token string, fn func(tx *db.Tx, r Report, now time.Time) error) error {
	if token == "" {
		return notFound()
	}
	now := s.now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		r, err := loadReport(ctx, tx, "r.manage_token_hash", auth.HashToken(token))
		if err != nil {
			return err
		}
		if err := lockReport(ctx, tx, r.ID); err != nil {
			return err
		}
		// Read again under the lock: staff may have just changed it.
		if r, err = loadReport(ctx, tx, "r.id", r.ID); err != nil {
			return err
		}
		return fn(tx, r, now)
	})
}

// Reopen sets a done report back to new with the reporter's reason, within
// Options.ReopenDays after it was closed: the complaint "fixed, but it was
// not" must not need a new report. The deadlines start again. Later, or
// for other statuses, it is errs.Conflict with key
// "reports.reopen.too_late" (argument: the days) or
// "reports.reopen.not_done". The reason is required (field "reason").
func (s *Service) Reopen(ctx context.Context, token, reason string) error {
	reason = web.CleanText(reason, true)
	var f errs.Fields
	if reason == "" {
		f.Add("reason", "field.required")
	} else if tooLong(reason, MaxComment) {
		f.Add("reason", "field.too_long", MaxComment)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.reporterChange(ctx, token, func(tx *db.Tx, r Report, now time.Time) error {
		if r.Status != StatusDone {
			return errs.E(errs.Conflict, "reports.reopen.not_done")
		}
		if now.After(r.ClosedAt.AddDate(0, 0, s.opts.ReopenDays)) {
			return errs.E(errs.Conflict, "reports.reopen.too_late", s.opts.ReopenDays)
		}
		cat, err := loadCategory(ctx, tx, "c.id", r.CategoryID)
		if err != nil {
			return err
		}
		first, closure := s.deadlines(ctx, cat, now)
		if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, closed_at = NULL, first_reaction_at = NULL,
			first_reaction_due = ?, closure_due = ?, updated_at = ? WHERE id = ?`,
			string(StatusNew), nullTime(first), nullTime(closure), now, r.ID); err != nil {
			return fmt.Errorf("reopen report: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: r.ID, Kind: EventReopened, At: now, By: ByReporter, Public: true,
			FromStatus: r.Status, ToStatus: StatusNew, Comment: reason}); err != nil {
			return err
		}
		if err := s.mailReopened(ctx, tx, r, reason); err != nil {
			return err
		}
		// Followers learn that it is open again; the reporter knows.
		r.Status = StatusNew
		return s.notifySubscribers(ctx, tx, r, "")
	})
}

// Feedback records whether the reporter finds the closed report fixed,
// with an optional comment (field "comment"); an open report is
// errs.Conflict ("reports.feedback.open").
func (s *Service) Feedback(ctx context.Context, token string, fixed bool, comment string) error {
	comment = web.CleanText(comment, true)
	if tooLong(comment, MaxComment) {
		var f errs.Fields
		f.Add("comment", "field.too_long", MaxComment)
		return f.Err()
	}
	return s.reporterChange(ctx, token, func(tx *db.Tx, r Report, now time.Time) error {
		if r.Open() {
			return errs.E(errs.Conflict, "reports.feedback.open")
		}
		return insertEvent(ctx, tx, Event{ReportID: r.ID, Kind: EventFeedback, At: now, By: ByReporter, Public: true,
			Fixed: &fixed, Comment: comment})
	})
}

// DeletePersonalData erases the reporter's personal data at their request
// (name, e-mail, subscriptions, their comments, unreleased photos); the
// manage token stops working.
func (s *Service) DeletePersonalData(ctx context.Context, token string) error {
	var keys []string
	err := s.reporterChange(ctx, token, func(tx *db.Tx, r Report, now time.Time) error {
		var err error
		if keys, err = erase(ctx, tx, r.ID, ByReporter, 0, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{}, "report.erase_by_reporter", "report", r.ID, r.Ref)
	})
	if err != nil {
		return err
	}
	s.deleteBlobs(ctx, keys)
	return nil
}
