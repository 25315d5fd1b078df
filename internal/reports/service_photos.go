package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/photo"
)

// ReleasePhoto makes a photo of the report public.
func (s *Service) ReleasePhoto(ctx context.Context, reportID, photoID int64, actor Actor) error {
	return s.setPhotoReleased(ctx, reportID, photoID, true, actor)
}

// HidePhoto takes a photo off the public pages.
func (s *Service) HidePhoto(ctx context.Context, reportID, photoID int64, actor Actor) error {
	return s.setPhotoReleased(ctx, reportID, photoID, false, actor)
}

func (s *Service) setPhotoReleased(ctx context.Context, reportID, photoID int64, released bool, actor Actor) error {
	return s.staffChange(ctx, reportID, actor, func(tx *db.Tx, r Report, now time.Time) error {
		var was bool
		err := tx.QueryRow(ctx, "SELECT released FROM report_photos WHERE id = ? AND report_id = ?", photoID, reportID).Scan(&was)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		if was == released {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE report_photos SET released = ? WHERE id = ?", released, photoID); err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		// The public page changes, so Open311 clients should sync it.
		if _, err := tx.Exec(ctx, "UPDATE reports SET updated_at = ? WHERE id = ?", now, reportID); err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		kind, action := EventPhotoReleased, "report.photo.release"
		if !released {
			kind, action = EventPhotoHidden, "report.photo.hide"
		}
		if err := insertEvent(ctx, tx, Event{ReportID: reportID, Kind: kind, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: released, PhotoID: photoID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, action, "report", reportID, fmt.Sprintf("%s photo %d", r.Ref, photoID))
	})
}

// AddPhoto adds a staff photo (e.g. when closing in the field), released at
// once. Staff photos do not count against MaxPhotos.
func (s *Service) AddPhoto(ctx context.Context, reportID int64, p *photo.Result, actor Actor) (Photo, error) {
	if p == nil || len(p.JPEG) == 0 || len(p.Thumb) == 0 {
		return Photo{}, errors.New("reports: AddPhoto without a processed photo")
	}
	// Check the permission before the file is written.
	d := db.From(ctx)
	var dept sql.NullInt64
	if err := d.QueryRow(ctx, "SELECT department_id FROM reports WHERE id = ?", reportID).Scan(&dept); err != nil {
		return Photo{}, notFound()
	}
	if !actor.canHandle(dept.Int64) {
		return Photo{}, errForbidden
	}
	stored, err := s.storePhotos(ctx, []*photo.Result{p})
	if err != nil {
		return Photo{}, err
	}
	ph := stored[0]
	ph.Released, ph.ByStaff = true, true
	err = s.staffChange(ctx, reportID, actor, func(tx *db.Tx, r Report, now time.Time) error {
		ph.CreatedAt = now
		if ph.ID, err = insertPhoto(ctx, tx, reportID, ph, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE reports SET updated_at = ? WHERE id = ?", now, reportID); err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: reportID, Kind: EventPhotoAdded, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, PhotoID: ph.ID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "report.photo.add", "report", reportID, fmt.Sprintf("%s photo %d", r.Ref, ph.ID))
	})
	if err != nil {
		return Photo{}, err
	}
	return ph, nil
}
