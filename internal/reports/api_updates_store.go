package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// apiUpdate is one public change of a published report, as mySociety's
// servicerequestupdates extension lists them.
type apiUpdate struct {
	ID     int64
	Ref    string
	At     time.Time
	Status Status
	Note   string
	// PhotoID is the released photo of a photo_released event.
	PhotoID  int64
	PhotoKey string
	PhotoURL string
}

// apiUpdateKinds are the events a syncing client needs: every change of
// status, the town's public notes and released photos. "created" is the
// request itself, which the client already has or reads with GET requests.
var apiUpdateKinds = []EventKind{EventAccepted, EventStatus, EventNote, EventMergedInto, EventReopened, EventPhotoReleased}

// updatesSince returns the public updates of published reports with
// from <= at <= to (to zero: open), oldest first, one page. An event that
// does not change the status (a note, a photo) carries the status the
// report had then: the last status an earlier event set.
func (s *Service) updatesSince(ctx context.Context, from, to time.Time, offset, limit int) ([]apiUpdate, error) {
	kinds := make([]string, len(apiUpdateKinds))
	args := make([]any, 0, len(kinds)+4)
	for i, k := range apiUpdateKinds {
		kinds[i] = "?"
		args = append(args, string(k))
	}
	cond := "e.public = TRUE AND r.published = TRUE AND e.kind IN (" + strings.Join(kinds, ", ") + ")"
	if !from.IsZero() {
		cond += " AND e.at >= ?"
		args = append(args, dbTime(from))
	}
	if !to.IsZero() {
		cond += " AND e.at <= ?"
		args = append(args, dbTime(to))
	}
	args = append(args, limit, offset)
	rows, err := db.From(ctx).Query(ctx, `SELECT e.id, r.ref, e.at, e.public_note, e.photo_id, COALESCE(p.blob_key, ''), COALESCE(p.url, ''),
		COALESCE(NULLIF(e.to_status, ''), (SELECT e2.to_status FROM report_events e2
			WHERE e2.report_id = e.report_id AND e2.id < e.id AND e2.to_status <> '' ORDER BY e2.id DESC LIMIT 1), ?)
		FROM report_events e JOIN reports r ON r.id = e.report_id
		LEFT JOIN report_photos p ON p.id = e.photo_id AND p.released = TRUE
		WHERE `+cond+` ORDER BY e.at, e.id LIMIT ? OFFSET ?`, append([]any{string(StatusNew)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list updates: %w", err)
	}
	defer rows.Close()
	var out []apiUpdate
	for rows.Next() {
		var u apiUpdate
		var photo sql.NullInt64
		if err := rows.Scan(&u.ID, &u.Ref, &u.At, &u.Note, &photo, &u.PhotoKey, &u.PhotoURL, &u.Status); err != nil {
			return nil, fmt.Errorf("list updates: %w", err)
		}
		u.At, u.PhotoID = u.At.UTC(), photo.Int64
		out = append(out, u)
	}
	return out, rows.Err()
}
