package reports

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	// cells are the grid cells of a box read through reports_cell; newest
	// then reads each cell's newest matches on their own (see there).
	cells []int64
}

// newest returns the SQL and arguments of the columns cols (of reports r)
// of the matches newest first, limit of them after offset. For a box of a
// few grid cells it asks each cell for its newest limit+offset matches,
// which the index reports_cell hands over in order, and sorts only those:
// asking all cells at once makes SQLite read and sort every report of the
// box (9,000 for a 1 × 1 km box of a million reports, 17 ms for the map)
// to keep a few hundred.
func (w *where) newest(cols []string, limit, offset int) (string, []any) {
	if len(w.cells) == 0 {
		return "SELECT r." + strings.Join(cols, ", r.") + w.from() + w.sql() +
			" ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?", append(slices.Clone(w.args), limit, offset)
	}
	inner := []string{"r.id AS id", "r.created_at AS created_at"}
	for _, c := range cols {
		if c != "id" && c != "created_at" {
			inner = append(inner, "r."+c+" AS "+c)
		}
	}
	parts := make([]string, len(w.cells))
	var args []any
	for i, c := range w.cells {
		parts[i] = "SELECT * FROM (SELECT " + strings.Join(inner, ", ") + w.from() + w.sql() + " AND " + cellExpr +
			" = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?)"
		args = append(append(args, w.args...), c, limit+offset)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + strings.Join(parts, " UNION ALL ") +
		") ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", append(args, limit, offset)
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
	if f.DepartmentIDs != nil {
		if len(f.DepartmentIDs) == 0 {
			w.add("1 = 0")
		} else {
			list, args := inList(f.DepartmentIDs)
			w.add("r.department_id IN "+list, args...)
		}
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
	if cells := boxCells(b); d.Dialect == db.SQLite && cells != nil {
		// A box of a few grid cells (a map view, an app's surroundings)
		// comes from reports_cell: the index holds each cell's reports by
		// creation time with lat/lon, so the newest of a box are read from
		// the index alone. Neither of the other plans does that: the R*Tree
		// hands over every report of the box in no order, the walk over
		// reports_created passes all reports of the town until the page is
		// full (measured with a million reports and a new 1 × 1 km box per
		// request: 783 instead of 331 requests/s, p99 at 200/s 15 instead
		// of 27 ms; docs/PERFORMANCE.md, "Mängelmelder").
		args := make([]any, len(cells))
		for i, c := range cells {
			args[i] = c // integers: a text parameter never equals the cell
		}
		w.add("r.lat IS NOT NULL AND "+cellExpr+" IN ("+placeholders(len(cells))+")", args...)
		w.index, w.rtree, w.cells = "reports_cell", true, cells
	} else if d.Dialect == db.SQLite {
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

// cellExpr is a report's grid cell of 0.01° × 0.01° (about 1.1 × 0.7 km in
// Germany), written exactly as in the index reports_cell (migration 003),
// or SQLite cannot use the index.
const cellExpr = "(CAST(r.lat*100 AS INT)*100000 + CAST(r.lon*100 AS INT))"

// maxBoxCells bounds the cells of a box read through reports_cell; a larger
// box holds so many reports that the walk over the newest is quicker.
const maxBoxCells = 64

// boxCells lists the grid cells b touches, nil when there are more than
// maxBoxCells or b reaches below 0° (CAST truncates towards zero, so cells
// around 0° would not match the index; no German town needs them).
func boxCells(b geo.BBox) []int64 {
	if !(b.MinLat >= 0 && b.MinLon >= 0 && b.MaxLat <= 90 && b.MaxLon <= 180) {
		return nil
	}
	la0, la1 := int64(b.MinLat*100), int64(b.MaxLat*100)
	lo0, lo1 := int64(b.MinLon*100), int64(b.MaxLon*100)
	if (la1-la0+1)*(lo1-lo0+1) > maxBoxCells {
		return nil
	}
	out := make([]int64, 0, (la1-la0+1)*(lo1-lo0+1))
	for la := la0; la <= la1; la++ {
		for lo := lo0; lo <= lo1; lo++ {
			out = append(out, la*100000+lo)
		}
	}
	return out
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
	// Pick the page's ids on reports alone, then join the few rows: joining
	// before the sort would join every match.
	pick, args := "SELECT r.id"+w.from()+w.sql()+orderBy(f.Sort)+" LIMIT ? OFFSET ?", append(w.args, size+1, (page-1)*size)
	if f.Sort == SortNewest || f.Sort == "" {
		pick, args = w.newest([]string{"id"}, size+1, (page-1)*size)
	}
	rows, err := d.Query(ctx, "SELECT "+reportColumns+reportFrom+" WHERE r.id IN ("+pick+")"+orderBy(f.Sort), args...)
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
// DefaultMapLimit). It reads only the columns the map needs, all of them
// held by the index that serves the filter, and names the category from
// the small categories table instead of joining it per report; f.Staff is
// ignored.
func (s *Service) MapPoints(ctx context.Context, f Filter, limit int) ([]MapPoint, error) {
	d := db.From(ctx)
	if limit <= 0 {
		limit = DefaultMapLimit
	}
	f.Staff = false
	cats, err := s.Categories(ctx, true) // retired categories keep their reports
	if err != nil {
		return nil, err
	}
	codes := make(map[int64]string, len(cats))
	for _, c := range cats {
		codes[c.ID] = c.Code
	}
	w := s.filterWhereFor(ctx, d, f, s.now(), limit)
	w.add("r.lat IS NOT NULL")
	if d.Dialect == db.SQLite && w.index == "" && !w.rtree {
		// "lat IS NOT NULL" matches the partial index reports_cell, and
		// SQLite then reads all of it and sorts (1.1 s at a million
		// reports) instead of walking the newest (a few ms).
		w.index = "reports_created"
	}
	q, args := w.newest([]string{"id", "ref", "lat", "lon", "status", "category_id"}, limit, 0)
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("map points: %w", err)
	}
	defer rows.Close()
	out := make([]MapPoint, 0, min(limit, 256))
	for rows.Next() {
		var p MapPoint
		var cat int64
		if err := rows.Scan(&p.ID, &p.Ref, &p.Lat, &p.Lon, &p.Status, &cat); err != nil {
			return nil, fmt.Errorf("map points: %w", err)
		}
		p.CategoryCode = codes[cat]
		out = append(out, p)
	}
	return out, rows.Err()
}
