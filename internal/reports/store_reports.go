package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// reportColumns are read for every report; personal data is blanked by the
// views, not left out here, so one scanner serves all.
const reportColumns = `r.id, r.ref, r.category_id, c.code, c.name_de, c.name_en, r.department_id, COALESCE(d.name, ''),
	r.status, r.lat, r.lon, r.address, r.description, r.answers, r.reporter_name, r.reporter_email, r.lang,
	r.supporters, r.merged_into, COALESCE(m.ref, ''), r.first_reaction_due, r.closure_due, r.first_reaction_at,
	r.public_note, r.created_at, r.updated_at, r.closed_at, r.erased_at, r.published, r.source, COALESCE(a.name, '')`

const reportFrom = ` FROM reports r
	JOIN report_categories c ON c.id = r.category_id
	LEFT JOIN departments d ON d.id = r.department_id
	LEFT JOIN reports m ON m.id = r.merged_into
	LEFT JOIN report_api_clients a ON a.id = r.api_client_id`

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var dept, merged sql.NullInt64
	var lat, lon sql.NullFloat64
	var answers string
	var frDue, clDue, frAt, closed, erased sql.NullTime
	err := row.Scan(&r.ID, &r.Ref, &r.CategoryID, &r.CategoryCode, &r.CategoryName.DE, &r.CategoryName.EN, &dept, &r.DepartmentName,
		&r.Status, &lat, &lon, &r.Address, &r.Description, &answers, &r.Reporter.Name, &r.Reporter.Email, &r.Lang,
		&r.Supporters, &merged, &r.MergedIntoRef, &frDue, &clDue, &frAt,
		&r.PublicNote, &r.CreatedAt, &r.UpdatedAt, &closed, &erased, &r.Published, &r.Source, &r.APIClient)
	if err != nil {
		return r, err
	}
	r.DepartmentID, r.MergedInto = dept.Int64, merged.Int64
	if lat.Valid && lon.Valid {
		r.Location = &geo.Point{Lat: lat.Float64, Lon: lon.Float64}
	}
	if answers != "" && answers != "{}" && answers != "null" {
		if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
			return r, fmt.Errorf("report %s: answers: %w", r.Ref, err)
		}
	}
	r.FirstReactionDue, r.ClosureDue, r.FirstReactionAt = fromNull(frDue), fromNull(clDue), fromNull(frAt)
	r.ClosedAt, r.ErasedAt = fromNull(closed), fromNull(erased)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// lockReport takes the row lock of report id for the rest of tx on
// PostgreSQL, so two staff members changing one report one after the other
// each see the other's change. SQLite's single writer already serialises
// write transactions.
func lockReport(ctx context.Context, tx *db.Tx, id int64) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT id FROM reports WHERE id = ? FOR UPDATE", id); err != nil {
		return fmt.Errorf("lock report: %w", err)
	}
	return nil
}

// loadReport reads one report by a unique column ("r.id", "r.ref",
// "r.manage_token_hash") with all photos.
func loadReport(ctx context.Context, q db.Querier, where string, arg any) (Report, error) {
	r, err := scanReport(q.QueryRow(ctx, "SELECT "+reportColumns+reportFrom+" WHERE "+where+" = ?", arg))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound()
	}
	if err != nil {
		return r, fmt.Errorf("load report: %w", err)
	}
	photos, err := loadPhotos(ctx, q, []int64{r.ID}, false)
	if err != nil {
		return r, err
	}
	r.Photos = photos[r.ID]
	return r, nil
}

// loadPhotos returns the photos of reports by report id, in upload order;
// released ones only when releasedOnly.
func loadPhotos(ctx context.Context, q db.Querier, ids []int64, releasedOnly bool) (map[int64][]Photo, error) {
	out := map[int64][]Photo{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	query := `SELECT id, report_id, blob_key, thumb_key, url, width, height, released, by_staff, created_at
		FROM report_photos WHERE report_id IN (` + placeholders(len(ids)) + `)`
	if releasedOnly {
		query += " AND released = TRUE"
	}
	rows, err := q.Query(ctx, query+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("load photos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Photo
		var reportID int64
		if err := rows.Scan(&p.ID, &reportID, &p.Key, &p.ThumbKey, &p.URL, &p.Width, &p.Height, &p.Released, &p.ByStaff, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out[reportID] = append(out[reportID], p)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// insertEvent appends e to its report's history.
func insertEvent(ctx context.Context, q db.Querier, e Event) error {
	_, err := insertEventID(ctx, q, e)
	return err
}

// insertEventID appends e to its report's history and returns its id.
func insertEventID(ctx context.Context, q db.Querier, e Event) (int64, error) {
	var fixed sql.NullBool
	if e.Fixed != nil {
		fixed = sql.NullBool{Bool: *e.Fixed, Valid: true}
	}
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO report_events (report_id, kind, at, by_kind, actor_id, api_client_id, public, from_status, to_status,
		public_note, internal_note, comment, old_value, new_value, related_ref, photo_id, fixed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.ReportID, string(e.Kind), dbTime(e.At), e.By, nullInt(e.ActorID), nullInt(e.APIClientID), e.Public, string(e.FromStatus), string(e.ToStatus),
		e.PublicNote, e.InternalNote, e.Comment, e.Old, e.New, e.RelatedRef, nullInt(e.PhotoID), fixed).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record %s event: %w", e.Kind, err)
	}
	return id, nil
}

// loadEvents returns a report's history, oldest first; public ones only
// when publicOnly.
func loadEvents(ctx context.Context, q db.Querier, reportID int64, publicOnly bool) ([]Event, error) {
	query := `SELECT e.id, e.report_id, e.kind, e.at, e.by_kind, e.actor_id, e.api_client_id, COALESCE(u.name, a.name, ''), e.public,
		e.from_status, e.to_status, e.public_note, e.internal_note, e.comment, e.old_value, e.new_value, e.related_ref,
		e.photo_id, e.fixed
		FROM report_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN report_api_clients a ON a.id = e.api_client_id
		WHERE e.report_id = ?`
	if publicOnly {
		query += " AND e.public = TRUE"
	}
	rows, err := q.Query(ctx, query+" ORDER BY e.id", reportID)
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var actor, client, photo sql.NullInt64
		var fixed sql.NullBool
		if err := rows.Scan(&e.ID, &e.ReportID, &e.Kind, &e.At, &e.By, &actor, &client, &e.ActorName, &e.Public,
			&e.FromStatus, &e.ToStatus, &e.PublicNote, &e.InternalNote, &e.Comment, &e.Old, &e.New, &e.RelatedRef,
			&photo, &fixed); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		e.ActorID, e.APIClientID, e.PhotoID = actor.Int64, client.Int64, photo.Int64
		if fixed.Valid {
			f := fixed.Bool
			e.Fixed = &f
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// publicView strips what the public may not see from r; answers need the
// category and are left to the caller.
func publicView(r Report) Report {
	r.Reporter = Reporter{}
	var photos []Photo
	for _, p := range r.Photos {
		if p.Released {
			photos = append(photos, p)
		}
	}
	r.Photos = photos
	return r
}

// publicEvent strips staff-only parts of a public event.
func publicEvent(e Event) Event {
	e.InternalNote, e.Comment, e.ActorID, e.APIClientID, e.ActorName = "", "", 0, 0, ""
	return e
}
