package reports

import (
	"context"
	"errors"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/photo"
)

// Close closes a report from the field: status done with the public note
// and, when p is given, a staff photo of the place, released at once. It is
// one transaction: the report is done with its photo, or nothing changed
// (a photo file written for a failed close goes with the sweep). A report
// already done takes the photo, and the note if there is one; done again
// without either is a field error on "status" as in SetStatus. The note's
// field is "public_note".
func (s *Service) Close(ctx context.Context, id int64, publicNote string, p *photo.Result, actor Actor) error {
	public, _, err := cleanNotes(publicNote, "")
	if err != nil {
		return err
	}
	var stored []Photo
	if p != nil {
		if len(p.JPEG) == 0 || len(p.Thumb) == 0 {
			return errors.New("reports: Close with an unprocessed photo")
		}
		if err := s.mayHandle(ctx, id, actor); err != nil {
			return err
		}
		if stored, err = s.storePhotos(ctx, []*photo.Result{p}); err != nil {
			return err
		}
	}
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		if len(stored) > 0 {
			if _, err := s.addPhoto(ctx, tx, r, stored[0], p, actor, now); err != nil {
				return err
			}
			if r.Status == StatusDone && public == "" {
				return nil
			}
		}
		_, err := s.setStatus(ctx, tx, r, StatusChange{Status: StatusDone, PublicNote: public}, actor, now)
		return err
	})
}
