package reports

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// closedList and openList are the SQL lists of closed and open statuses;
// positive lists let an index on status serve them.
var closedList, openList = func() (string, string) {
	var closed, open []string
	for _, st := range Statuses {
		if st.Closed() {
			closed = append(closed, "'"+string(st)+"'")
		} else {
			open = append(open, "'"+string(st)+"'")
		}
	}
	return strings.Join(closed, ", "), strings.Join(open, ", ")
}()

// where builds the conditions of f on reports r. Every condition names
// only r, so lists, counts and map points share it.
type where struct {
	conds []string
	args  []any
	// rtree is set when the R*Tree serves a box; index names an index
	// the query must use (SQLite's INDEXED BY), "" to let the planner choose.
	rtree bool
	index string
}

// from is the FROM clause for reports r with the index hint.
func (w *where) from() string {
	if w.index == "" {
		return " FROM reports r"
	}
	return " FROM reports r INDEXED BY " + w.index
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func inList[T any](vals []T) (string, []any) {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = fmt.Sprint(v)
	}
	return "(" + placeholders(len(vals)) + ")", args
}

// rtreeLimit is how many matches of a box the R*Tree may hand over for a
// page of limit reports out of total. Each R*Tree match costs a random read
// and a place in the sort; walking the newest reports (the covering index
// reports_created) costs about a thirtieth of that per report passed, and
// passes limit/share of them for a box holding share of all reports. The
// two cost the same at matches = sqrt(limit × total / 30).
func rtreeLimit(limit, total int) int {
	return max(200, int(math.Sqrt(float64(limit)*float64(total)/30)))
}

// filterWhere builds the conditions of f for a query reading every match
// (a count, an export).
func (s *Service) filterWhere(ctx context.Context, d *db.DB, f Filter, now time.Time) where {
	return s.filterWhereFor(ctx, d, f, now, 0)
}

// filterWhereFor builds the conditions of f for a query that takes limit
// rows (0: all); the limit steers the spatial plan.
func (s *Service) filterWhereFor(ctx context.Context, d *db.DB, f Filter, now time.Time, limit int) where {
	var w where
	if !f.Staff {
		w.add("r.published = TRUE")
	}
	if len(f.Refs) > 0 {
		var refs []string
		for _, r := range f.Refs {
			if n := NormalizeRef(r); n != "" {
				refs = append(refs, n)
			}
		}
		if len(refs) == 0 {
			w.add("1 = 0")
		} else {
			list, args := inList(refs)
			w.add("r.ref IN "+list, args...)
		}
	}
	if len(f.Categories) > 0 {
		list, args := inList(f.Categories)
		w.add("r.category_id IN (SELECT id FROM report_categories WHERE code IN "+list+")", args...)
	}
	if len(f.Statuses) > 0 {
		list, args := inList(f.Statuses)
		w.add("r.status IN "+list, args...)
	}
	if f.OpenOnly {
		w.add("r.status IN (" + openList + ")")
	}
	if f.ClosedOnly {
		w.add("r.status IN (" + closedList + ")")
	}
	if f.DepartmentID != 0 {
		w.add("r.department_id = ?", f.DepartmentID)
	}
	if !f.CreatedFrom.IsZero() {
		w.add("r.created_at >= ?", dbTime(f.CreatedFrom))
	}
	if !f.CreatedTo.IsZero() {
		w.add("r.created_at < ?", dbTime(f.CreatedTo))
	}
	if !f.UpdatedAfter.IsZero() {
		w.add("r.updated_at > ?", dbTime(f.UpdatedAfter))
	}
	if !f.UpdatedBefore.IsZero() {
		w.add("r.updated_at < ?", dbTime(f.UpdatedBefore))
	}
	if f.Text != "" {
		pattern := "%" + escapeLike(strings.ToLower(strings.TrimSpace(f.Text))) + "%"
		cond := `(LOWER(r.description) LIKE ? ESCAPE '\' OR LOWER(r.address) LIKE ? ESCAPE '\'`
		args := []any{pattern, pattern}
		if ref := NormalizeRef(f.Text); ref != "" {
			cond += " OR r.ref = ?"
			args = append(args, ref)
		}
		w.add(cond+")", args...)
	}
	if f.Overdue {
		w.add("r.status IN ("+openList+") AND ((r.first_reaction_at IS NULL AND r.first_reaction_due < ?) OR r.closure_due < ?)", now, now)
	}
	if f.BBox != nil {
		s.addBox(ctx, d, &w, *f.BBox, limit)
	}
	if f.Near != nil {
		radius := f.Radius
		if radius <= 0 {
			radius = s.opts.NearbyMetres
		}
		s.addBox(ctx, d, &w, geo.Around(*f.Near, radius), limit)
		// An equirectangular distance: exact enough within a town, and plain
		// arithmetic that both engines evaluate without math functions.
		k := math.Cos(f.Near.Lat * math.Pi / 180)
		perDeg := geo.EarthRadius * math.Pi / 180
		w.add("((r.lat - ?) * (r.lat - ?) + (r.lon - ?) * (r.lon - ?) * ?) <= ?",
			f.Near.Lat, f.Near.Lat, f.Near.Lon, f.Near.Lon, k*k, (radius/perDeg)*(radius/perDeg))
	}
	// Open published reports newest first come straight from the partial
	// index reports_open, a few percent of all reports. SQLite would choose
	// it by itself only with statistics (ANALYZE), which a town's database
	// may not have.
	if d.Dialect == db.SQLite && !f.Staff && f.OpenOnly && !w.rtree {
		w.index = "reports_open"
	}
	return w
}

// addBox restricts to a rectangle: the exact condition on lat/lon, plus on
// SQLite the R*Tree when the box holds few reports. PostgreSQL's planner
// chooses between reports_lat_lon and reports_created by its statistics.
func (s *Service) addBox(ctx context.Context, d *db.DB, w *where, b geo.BBox, limit int) {
	const inBox = "SELECT id FROM reports_rtree WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?"
	if d.Dialect == db.SQLite {
		// Ask the R*Tree how full the box is, reading at most most+1
		// entries: cheap, and it knows the data better than any guess.
		var total, n int
		d.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM reports").Scan(&total)
		if limit <= 0 {
			limit = total
		}
		most := rtreeLimit(limit, total)
		err := d.QueryRow(ctx, "SELECT COUNT(*) FROM ("+inBox+" LIMIT ?)", b.MinLat, b.MaxLat, b.MinLon, b.MaxLon, most+1).Scan(&n)
		if err != nil || n <= most {
			w.rtree = true
			w.add("r.id IN ("+inBox+")", b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
		}
	}
	if d.Dialect == db.Postgres {
		// Written as literals: with parameters PostgreSQL soon caches a
		// generic plan that guesses every box small and sorts a whole town
		// for a box over all of it. The numbers are float64s, never text.
		for _, v := range []float64{b.MinLat, b.MaxLat, b.MinLon, b.MaxLon} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				w.add("1 = 0")
				return
			}
		}
		lit := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
		w.add("r.lat >= " + lit(b.MinLat) + " AND r.lat <= " + lit(b.MaxLat) +
			" AND r.lon >= " + lit(b.MinLon) + " AND r.lon <= " + lit(b.MaxLon))
		return
	}
	w.add("r.lat >= ? AND r.lat <= ? AND r.lon >= ? AND r.lon <= ?", b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func orderBy(sort Sort) string {
	switch sort {
	case SortOldest:
		return " ORDER BY r.created_at, r.id"
	case SortUpdated:
		return " ORDER BY r.updated_at DESC, r.id DESC"
	case SortDeadline:
		// The next deadline: the first reaction while nobody reacted, then
		// the closure. Reports without one come last on both engines.
		due := "CASE WHEN r.first_reaction_at IS NULL AND r.first_reaction_due IS NOT NULL THEN r.first_reaction_due ELSE r.closure_due END"
		return " ORDER BY (" + due + ") IS NULL, " + due + ", r.id"
	}
	return " ORDER BY r.created_at DESC, r.id DESC"
}

// List returns one page of reports matching f. Public lists hold published
// reports; no list holds personal data (open StaffReport for that, which is
// audited). Photos are the released ones in public lists, all for staff.
func (s *Service) List(ctx context.Context, f Filter) (Page, error) {
	d := db.From(ctx)
	page, size := f.Page, f.PageSize
	if page < 1 {
		page = 1
	}
	if size <= 0 {
		size = DefaultPageSize
	}
	size = min(size, MaxPageSize)
	w := s.filterWhereFor(ctx, d, f, s.now(), page*size+1)
	args := append(w.args, size+1, (page-1)*size)
	// Pick the page's ids on reports alone, then join the few rows: joining
	// before the sort would join every match.
	rows, err := d.Query(ctx, "SELECT "+reportColumns+reportFrom+
		" WHERE r.id IN (SELECT r.id"+w.from()+w.sql()+orderBy(f.Sort)+" LIMIT ? OFFSET ?)"+orderBy(f.Sort), args...)
	if err != nil {
		return Page{}, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	out := Page{Page: page, PageSize: size}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return Page{}, fmt.Errorf("list reports: %w", err)
		}
		r.Reporter = Reporter{}
		out.Reports = append(out.Reports, r)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list reports: %w", err)
	}
	rows.Close()
	if len(out.Reports) > size {
		out.Reports, out.More = out.Reports[:size], true
	}
	ids := make([]int64, len(out.Reports))
	for i, r := range out.Reports {
		ids[i] = r.ID
	}
	photos, err := loadPhotos(ctx, d, ids, !f.Staff)
	if err != nil {
		return Page{}, err
	}
	for i := range out.Reports {
		out.Reports[i].Photos = photos[out.Reports[i].ID]
	}
	return out, nil
}

// Count returns how many reports match f (ignoring paging), for the inbox.
func (s *Service) Count(ctx context.Context, f Filter) (int, error) {
	d := db.From(ctx)
	w := s.filterWhere(ctx, d, f, s.now())
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*)"+w.from()+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count reports: %w", err)
	}
	return n, nil
}

// DefaultMapLimit bounds MapPoints when no limit is given.
const DefaultMapLimit = 5000

// MapPoints returns the points of published reports with a location
// matching f for the public map, newest first, at most limit (0:
// DefaultMapLimit). It reads only the columns the map needs; f.Staff is
// ignored.
func (s *Service) MapPoints(ctx context.Context, f Filter, limit int) ([]MapPoint, error) {
	d := db.From(ctx)
	if limit <= 0 {
		limit = DefaultMapLimit
	}
	f.Staff = false
	w := s.filterWhereFor(ctx, d, f, s.now(), limit)
	w.add("r.lat IS NOT NULL")
	rows, err := d.Query(ctx, `SELECT r.id, r.ref, r.lat, r.lon, r.status, c.code`+w.from()+
		` JOIN report_categories c ON c.id = r.category_id`+w.sql()+
		" ORDER BY r.created_at DESC, r.id DESC LIMIT ?", append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("map points: %w", err)
	}
	defer rows.Close()
	var out []MapPoint
	for rows.Next() {
		var p MapPoint
		if err := rows.Scan(&p.ID, &p.Ref, &p.Lat, &p.Lon, &p.Status, &p.CategoryCode); err != nil {
			return nil, fmt.Errorf("map points: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
