package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// PublicReport returns a published report by reference in the public view:
// no personal data, released photos only, answers to the category's public
// questions only. Unpublished or unknown is errs.NotFound. A merged
// duplicate is returned with MergedIntoRef set. The reference may be typed
// loosely ("m 7kq3xp").
func (s *Service) PublicReport(ctx context.Context, ref string) (Report, error) {
	ref = NormalizeRef(ref)
	if ref == "" {
		return Report{}, notFound()
	}
	d := db.From(ctx)
	r, err := loadReport(ctx, d, "r.ref", ref)
	if err != nil {
		return r, err
	}
	if !r.Published {
		return Report{}, notFound()
	}
	r = publicView(r)
	if len(r.Answers) > 0 {
		cat, err := loadCategory(ctx, d, "c.id", r.CategoryID)
		if err != nil {
			return Report{}, err
		}
		r.Answers = cat.PublicAnswers(r.Answers)
	}
	return r, nil
}

// PublicEvents returns the public history of a published report, oldest
// first, without internal notes, reporter comments or staff names.
func (s *Service) PublicEvents(ctx context.Context, reportID int64) ([]Event, error) {
	d := db.From(ctx)
	var published bool
	err := d.QueryRow(ctx, "SELECT published FROM reports WHERE id = ?", reportID).Scan(&published)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !published) {
		return nil, notFound()
	}
	if err != nil {
		return nil, fmt.Errorf("public history: %w", err)
	}
	events, err := loadEvents(ctx, d, reportID, true)
	for i := range events {
		events[i] = publicEvent(events[i])
	}
	return events, err
}

// ReportID returns the id of the report with reference ref (any view;
// errs.NotFound if unknown). References are case-insensitive.
func (s *Service) ReportID(ctx context.Context, ref string) (int64, error) {
	ref = NormalizeRef(ref)
	var id int64
	if ref == "" || db.From(ctx).QueryRow(ctx, "SELECT id FROM reports WHERE ref = ?", ref).Scan(&id) != nil {
		return 0, notFound()
	}
	return id, nil
}

// StaffReport returns a report with personal data and all photos, for
// staff of its department or an admin (else errs.Forbidden). Viewing a
// report with personal data is audited as "report.view".
func (s *Service) StaffReport(ctx context.Context, id int64, actor Actor) (Report, error) {
	d := db.From(ctx)
	r, err := loadReport(ctx, d, "r.id", id)
	if err != nil {
		return r, err
	}
	if !actor.canHandle(r.DepartmentID) {
		return Report{}, errForbidden
	}
	if !r.Reporter.IsZero() {
		if err := s.audit(ctx, d, actor, "report.view", "report", r.ID, r.Ref); err != nil {
			return Report{}, err
		}
	}
	return r, nil
}

// StaffEvents returns the full history of a report, oldest first, for
// staff of its department or an admin.
func (s *Service) StaffEvents(ctx context.Context, id int64, actor Actor) ([]Event, error) {
	d := db.From(ctx)
	var dept sql.NullInt64
	err := d.QueryRow(ctx, "SELECT department_id FROM reports WHERE id = ?", id).Scan(&dept)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if !actor.canHandle(dept.Int64) {
		return nil, errForbidden
	}
	return loadEvents(ctx, d, id, false)
}

// ManagedReport returns the report of a manage token for its reporter: their
// own personal data, the public photos and their own, the public history
// plus their own comments. An unknown token is errs.NotFound.
func (s *Service) ManagedReport(ctx context.Context, token string) (Report, []Event, error) {
	if token == "" {
		return Report{}, nil, notFound()
	}
	d := db.From(ctx)
	r, err := loadReport(ctx, d, "r.manage_token_hash", auth.HashToken(token))
	if err != nil {
		return Report{}, nil, err
	}
	var photos []Photo
	for _, p := range r.Photos {
		if p.Released || !p.ByStaff {
			photos = append(photos, p)
		}
	}
	r.Photos = photos
	all, err := loadEvents(ctx, d, r.ID, false)
	if err != nil {
		return Report{}, nil, err
	}
	var events []Event
	for _, e := range all {
		if e.Public || e.By == ByReporter {
			comment := e.Comment
			e = publicEvent(e)
			e.Comment = comment
			events = append(events, e)
		}
	}
	return r, events, nil
}
