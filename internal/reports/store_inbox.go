package reports

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// The inbox of a staff member in several departments lists the reports of
// all of them at once. Filter.DepartmentID names one department, so these
// two take the departments beside the filter; with one department they are
// List and Count.

// InboxList returns one page of the reports of any of the departments
// depts that match f (whose DepartmentID it replaces), ordered and paged as
// List does. No departments is an empty page: never all reports.
func (s *Service) InboxList(ctx context.Context, f Filter, depts []int64) (Page, error) {
	page, size := f.Page, f.PageSize
	if page < 1 {
		page = 1
	}
	if size <= 0 {
		size = DefaultPageSize
	}
	size = min(size, MaxPageSize)
	switch len(depts) {
	case 0:
		return Page{Page: page, PageSize: size}, nil
	case 1:
		f.DepartmentID = depts[0]
		return s.List(ctx, f)
	}
	f.DepartmentID = 0
	d := db.From(ctx)
	w := s.filterWhereFor(ctx, d, f, s.now(), page*size+1)
	addDepartments(&w, depts)
	args := append(w.args, size+1, (page-1)*size)
	rows, err := d.Query(ctx, "SELECT "+reportColumns+reportFrom+
		" WHERE r.id IN (SELECT r.id"+w.from()+w.sql()+orderBy(f.Sort)+" LIMIT ? OFFSET ?)"+orderBy(f.Sort), args...)
	if err != nil {
		return Page{}, fmt.Errorf("list inbox: %w", err)
	}
	defer rows.Close()
	out := Page{Page: page, PageSize: size}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return Page{}, fmt.Errorf("list inbox: %w", err)
		}
		r.Reporter = Reporter{}
		out.Reports = append(out.Reports, r)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list inbox: %w", err)
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

// InboxCount returns how many reports of any of the departments depts
// match f (whose DepartmentID it replaces); no departments count none.
func (s *Service) InboxCount(ctx context.Context, f Filter, depts []int64) (int, error) {
	switch len(depts) {
	case 0:
		return 0, nil
	case 1:
		f.DepartmentID = depts[0]
		return s.Count(ctx, f)
	}
	f.DepartmentID = 0
	d := db.From(ctx)
	w := s.filterWhere(ctx, d, f, s.now())
	addDepartments(&w, depts)
	var n int
	if err := d.QueryRow(ctx, "SELECT COUNT(*)"+w.from()+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count inbox: %w", err)
	}
	return n, nil
}

func addDepartments(w *where, depts []int64) {
	args := make([]any, len(depts))
	for i, id := range depts {
		args[i] = id
	}
	w.add("r.department_id IN ("+placeholders(len(depts))+")", args...)
}
