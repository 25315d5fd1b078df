package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// openReport is what open data tells about a published report: no personal
// data, no internal notes.
type openReport struct {
	Ref          string
	CategoryCode string
	CategoryName Text
	Department   string
	Status       Status
	Location     *geo.Point
	Address      string
	Description  string
	PublicNote   string
	Supporters   int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     time.Time
}

// eachOpenReport calls fn for every published report matching f, oldest
// first, reading them from one query so an export of a million reports
// never sits in memory. Paging fields of f are ignored; located keeps
// reports with a location only.
func (s *Service) eachOpenReport(ctx context.Context, f Filter, located bool, fn func(openReport) error) error {
	d := db.From(ctx)
	f.Staff = false
	w := s.filterWhere(ctx, d, f, s.now())
	if located {
		w.add("r.lat IS NOT NULL")
	}
	rows, err := d.Query(ctx, `SELECT r.ref, c.code, c.name_de, c.name_en, COALESCE(d.name, ''), r.status, r.lat, r.lon,
		r.address, r.description, r.public_note, r.supporters, r.created_at, r.updated_at, r.closed_at
		FROM reports r JOIN report_categories c ON c.id = r.category_id
		LEFT JOIN departments d ON d.id = r.department_id`+w.sql()+" ORDER BY r.created_at, r.id", w.args...)
	if err != nil {
		return fmt.Errorf("open data: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o openReport
		var lat, lon sql.NullFloat64
		var closed sql.NullTime
		if err := rows.Scan(&o.Ref, &o.CategoryCode, &o.CategoryName.DE, &o.CategoryName.EN, &o.Department, &o.Status,
			&lat, &lon, &o.Address, &o.Description, &o.PublicNote, &o.Supporters, &o.CreatedAt, &o.UpdatedAt, &closed); err != nil {
			return fmt.Errorf("open data: %w", err)
		}
		if lat.Valid && lon.Valid {
			o.Location = &geo.Point{Lat: lat.Float64, Lon: lon.Float64}
		}
		o.CreatedAt, o.UpdatedAt, o.ClosedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC(), fromNull(closed)
		if err := fn(o); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("open data: %w", err)
	}
	return nil
}
