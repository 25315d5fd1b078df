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

// AddPhoto adds a staff photo (e.g. of the repaired place), released at
// once. Staff photos do not count against MaxPhotos.
func (s *Service) AddPhoto(ctx context.Context, reportID int64, p *photo.Result, actor Actor) (Photo, error) {
	if p == nil || len(p.JPEG) == 0 || len(p.Thumb) == 0 {
		return Photo{}, errors.New("reports: AddPhoto without a processed photo")
	}
	if err := s.mayHandle(ctx, reportID, actor); err != nil {
		return Photo{}, err
	}
	stored, err := s.storePhotos(ctx, []*photo.Result{p})
	if err != nil {
		return Photo{}, err
	}
	var ph Photo
	err = s.staffChange(ctx, reportID, actor, func(tx *db.Tx, r Report, now time.Time) error {
		ph, err = s.addPhoto(ctx, tx, r, stored[0], p, actor, now)
		return err
	})
	if err != nil {
		return Photo{}, err
	}
	return ph, nil
}

// mayHandle checks the permission before a photo file is written.
func (s *Service) mayHandle(ctx context.Context, reportID int64, actor Actor) error {
	var dept sql.NullInt64
	if err := db.From(ctx).QueryRow(ctx, "SELECT department_id FROM reports WHERE id = ?", reportID).Scan(&dept); err != nil {
		return notFound()
	}
	if !actor.canHandle(dept.Int64) {
		return errForbidden
	}
	return nil
}

// addPhoto adds the stored photo ph (processed as res) to r in tx as a
// staff photo, released at once, with its history event and audit entry.
func (s *Service) addPhoto(ctx context.Context, tx *db.Tx, r Report, ph Photo, res *photo.Result, actor Actor, now time.Time) (Photo, error) {
	ph.Released, ph.ByStaff, ph.CreatedAt = true, true, now
	if err := s.keepBlobs(ctx, tx, []*photo.Result{res}, now); err != nil {
		return Photo{}, err
	}
	var err error
	if ph.ID, err = insertPhoto(ctx, tx, r.ID, ph, now); err != nil {
		return Photo{}, err
	}
	if _, err := tx.Exec(ctx, "UPDATE reports SET updated_at = ? WHERE id = ?", now, r.ID); err != nil {
		return Photo{}, fmt.Errorf("photo: %w", err)
	}
	if err := insertEvent(ctx, tx, Event{ReportID: r.ID, Kind: EventPhotoAdded, At: now, By: actor.by(), ActorID: actor.UserID,
		APIClientID: actor.Client.ID, Public: true, PhotoID: ph.ID}); err != nil {
		return Photo{}, err
	}
	if err := s.audit(ctx, tx, actor, "report.photo.add", "report", r.ID, fmt.Sprintf("%s photo %d", r.Ref, ph.ID)); err != nil {
		return Photo{}, err
	}
	return ph, nil
}
