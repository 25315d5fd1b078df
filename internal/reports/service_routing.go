package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Recategorise moves the report to another active category that is the
// town's job (field error on FieldCategory otherwise). It re-routes the
// report to the category's department when that differs and counts the
// deadlines anew from the report's creation. The same category is a no-op.
func (s *Service) Recategorise(ctx context.Context, id int64, categoryCode string, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		cat, err := loadCategory(ctx, tx, "c.code", strings.TrimSpace(categoryCode))
		var f errs.Fields
		switch {
		case errs.CodeOf(err) == errs.NotFound || (err == nil && !cat.Active):
			f.Add(FieldCategory, "reports.category.unknown")
			return f.Err()
		case err != nil:
			return err
		case cat.IsNotOurJob():
			f.Add(FieldCategory, "reports.category.not_our_job", cat.NotOurJob.In(s.deps.DefaultLang))
			return f.Err()
		case cat.ID == r.CategoryID:
			return nil
		}
		dept := r.DepartmentID
		if cat.DepartmentID != 0 {
			dept = cat.DepartmentID
		}
		first, closure := s.deadlines(ctx, cat, r.CreatedAt)
		if _, err := tx.Exec(ctx, `UPDATE reports SET category_id = ?, department_id = ?, first_reaction_due = ?, closure_due = ?,
			updated_at = ? WHERE id = ?`, cat.ID, nullInt(dept), nullTime(first), nullTime(closure), now, id); err != nil {
			return fmt.Errorf("recategorise report: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: EventRecategorised, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, Old: r.CategoryCode, New: cat.Code}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, actor, "report.recategorise", "report", id, r.Ref+": "+r.CategoryCode+" → "+cat.Code); err != nil {
			return err
		}
		if dept == r.DepartmentID {
			return nil
		}
		return s.rerouted(ctx, tx, r, dept, actor, now)
	})
}

// Reroute hands the report to another department. An unknown department
// or the current one is a field error on "department".
func (s *Service) Reroute(ctx context.Context, id int64, departmentID int64, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		var f errs.Fields
		if departmentID == r.DepartmentID {
			f.Add("department", "reports.department.unchanged")
			return f.Err()
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM departments WHERE id = ?", departmentID).Scan(&n); err != nil {
			return fmt.Errorf("reroute report: %w", err)
		}
		if n == 0 {
			f.Add("department", "reports.department.unknown")
			return f.Err()
		}
		if _, err := tx.Exec(ctx, "UPDATE reports SET department_id = ?, updated_at = ? WHERE id = ?", departmentID, now, id); err != nil {
			return fmt.Errorf("reroute report: %w", err)
		}
		if err := s.audit(ctx, tx, actor, "report.reroute", "report", id, r.Ref); err != nil {
			return err
		}
		return s.rerouted(ctx, tx, r, departmentID, actor, now)
	})
}

// rerouted records that r went to department dept and tells it by mail when
// the category asks for department mails.
func (s *Service) rerouted(ctx context.Context, tx *db.Tx, r Report, dept int64, actor Actor, now time.Time) error {
	var name, email string
	err := tx.QueryRow(ctx, "SELECT name, email FROM departments WHERE id = ?", dept).Scan(&name, &email)
	if errors.Is(err, sql.ErrNoRows) {
		var f errs.Fields
		f.Add("department", "reports.department.unknown")
		return f.Err()
	}
	if err != nil {
		return fmt.Errorf("reroute report: %w", err)
	}
	if err := insertEvent(ctx, tx, Event{ReportID: r.ID, Kind: EventRerouted, At: now, By: ByStaff, ActorID: actor.UserID,
		Public: true, Old: r.DepartmentName, New: name}); err != nil {
		return err
	}
	updated, err := loadReport(ctx, tx, "r.id", r.ID)
	if err != nil {
		return err
	}
	var notify bool
	if err := tx.QueryRow(ctx, "SELECT notify_department FROM report_categories WHERE id = ?", updated.CategoryID).Scan(&notify); err != nil {
		return err
	}
	if !notify || email == "" {
		return nil
	}
	return s.mailDepartment(ctx, tx, updated, email)
}

// Move corrects the place: a new location (inside the town's area; field
// FieldLocation) and/or address (FieldAddress); nil or "" keeps the old
// one. Both empty is a field error on FieldLocation.
func (s *Service) Move(ctx context.Context, id int64, p *geo.Point, address string, actor Actor) error {
	address = web.CleanText(address, false)
	var f errs.Fields
	switch {
	case p == nil && address == "":
		f.Add(FieldLocation, "reports.location.missing")
	case p != nil && !s.inArea(ctx, *p):
		f.Add(FieldLocation, "reports.location.outside")
	}
	if tooLong(address, MaxAddress) {
		f.Add(FieldAddress, "field.too_long", MaxAddress)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, r Report, now time.Time) error {
		newLoc, newAddr := r.Location, r.Address
		if p != nil {
			newLoc = p
		}
		if address != "" {
			newAddr = address
		}
		var lat, lon any
		if newLoc != nil {
			lat, lon = newLoc.Lat, newLoc.Lon
		}
		if _, err := tx.Exec(ctx, "UPDATE reports SET lat = ?, lon = ?, address = ?, updated_at = ? WHERE id = ?",
			lat, lon, newAddr, now, id); err != nil {
			return fmt.Errorf("move report: %w", err)
		}
		if err := insertEvent(ctx, tx, Event{ReportID: id, Kind: EventMoved, At: now, By: ByStaff, ActorID: actor.UserID,
			Public: true, Old: place(r.Location, r.Address), New: place(newLoc, newAddr)}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "report.move", "report", id, r.Ref)
	})
}

// place describes a location for the history: "lat,lon address".
func place(p *geo.Point, address string) string {
	if p == nil {
		return address
	}
	return strings.TrimSpace(p.String() + " " + address)
}
