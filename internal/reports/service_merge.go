package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Merge closes dupID as a duplicate of targetID, so citizens who filed the
// same defect twice are counted and informed on one report: the target
// gains the duplicate's supporters plus one for its reporter, the
// duplicate's subscribers and reporter e-mail follow the target, and the
// duplicate gets status duplicate (its reporter and followers are mailed
// once more). Both histories record it. The actor must handle the
// duplicate. Field "target": the same report, or a target that is a
// duplicate itself; an already merged report is errs.Conflict
// ("reports.merge.already").
func (s *Service) Merge(ctx context.Context, dupID, targetID int64, actor Actor) error {
	if dupID == targetID {
		var f errs.Fields
		f.Add("target", "reports.merge.self")
		return f.Err()
	}
	return s.staffChange(ctx, dupID, actor, func(tx *db.Tx, dup Report, now time.Time) error {
		if dup.Status == StatusDuplicate {
			return errs.E(errs.Conflict, "reports.merge.already")
		}
		target, err := loadReport(ctx, tx, "r.id", targetID)
		if err != nil {
			return err
		}
		if target.Status == StatusDuplicate {
			var f errs.Fields
			f.Add("target", "reports.merge.target_duplicate")
			return f.Err()
		}
		closedAt := nullTime(dup.ClosedAt)
		if !dup.Status.Closed() {
			closedAt = nullTime(now)
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, merged_into = ?, closed_at = ?,
			first_reaction_at = COALESCE(first_reaction_at, ?), updated_at = ? WHERE id = ?`,
			string(StatusDuplicate), target.ID, closedAt, now, now, dup.ID); err != nil {
			return fmt.Errorf("merge report: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: dup.ID, Kind: EventMergedInto, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, FromStatus: dup.Status, ToStatus: StatusDuplicate, RelatedRef: target.Ref}); err != nil {
			return err
		}
		// Tell the duplicate's people before they move over.
		if err := s.afterStatus(ctx, tx, dup.ID, ""); err != nil {
			return err
		}
		subs, err := subscribers(ctx, tx, dup.ID, false)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			if _, _, err := addSubscriber(ctx, tx, target.ID, sub.Email, sub.Lang, sub.Confirmed, now); err != nil {
				return err
			}
		}
		if dup.Reporter.Email != "" {
			if _, _, err := addSubscriber(ctx, tx, target.ID, dup.Reporter.Email, dup.Lang, true, now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM report_subscribers WHERE report_id = ?", dup.ID); err != nil {
			return fmt.Errorf("merge subscribers: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE reports SET supporters = supporters + ?, updated_at = ? WHERE id = ?",
			dup.Supporters+1, now, target.ID); err != nil {
			return fmt.Errorf("merge supporters: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: target.ID, Kind: EventMergedFrom, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, RelatedRef: dup.Ref}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "report.merge", "report", dup.ID, dup.Ref+" → "+target.Ref)
	})
}
