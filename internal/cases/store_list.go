package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Sort orders the inbox.
type Sort string

// The inbox orders.
const (
	SortNewest   Sort = "newest"
	SortOldest   Sort = "oldest"
	SortDeadline Sort = "deadline"
)

// States of the inbox filter.
const (
	StateOpen   = "open"
	StateClosed = "closed"
	StateAll    = "all"
)

// Filter selects cases of the inbox. Zero values mean "any".
type Filter struct {
	// Departments the list is limited to; they are cut to the actor's own
	// (admins may list any). Empty for an admin means all departments,
	// for anyone else nothing.
	Departments []int64
	// State is StateOpen (the default), StateClosed or StateAll.
	State string
	// Status is one status key.
	Status string
	// Form is a form id (the service the case is for).
	Form string
	// Assignee is a staff member's id; Unassigned asks for cases without
	// one instead.
	Assignee   int64
	Unassigned bool
	// Overdue keeps open, running cases past their deadline.
	Overdue bool
	// Text matches the reference exactly (as typed, any spacing) or, when
	// no case has that reference, the applicant's name in part.
	Text string
	// Reference is one exact reference.
	Reference string
	Sort      Sort
	// Page counts from 1; PageSize defaults to 25.
	Page, PageSize int
}

// List is one page of the inbox.
type List struct {
	Cases []Case
	Page  int
	More  bool
}

// CountLimit caps the inbox's counts: beyond it the page says "more than",
// because counting a long history exactly on every page view costs more
// than it tells (counting 10,000 index entries took 5–8 ms of a 10 ms page
// with 100,000 cases; 1,000 take well under one).
const CountLimit = 1000

// listColumns are the inbox's columns: no answers or summary.
const listColumns = `c.id, c.reference, c.form_id, c.form_version, c.service, c.title_de, c.title_en,
	c.department_id, COALESCE(d.name, ''), c.account_id, c.applicant_name, c.applicant_email, c.lang,
	'{}', '{}', c.statuses, c.status, c.assignee_id, COALESCE(u.name, ''),
	c.due_at, c.paused_at, c.pause_reason, c.paused_days, c.created_at, c.updated_at, c.closed_at,
	c.retention_days, c.erased_at`

// where builds the filter's WHERE clause and arguments; ok is false when
// the actor may see nothing.
func (f Filter) where(actor Actor, now time.Time) (string, []any, bool) {
	var conds []string
	var args []any
	depts := f.Departments
	if !actor.Admin && !actor.System {
		depts = slices.DeleteFunc(slices.Clone(depts), func(id int64) bool { return !actor.MayWork(id) })
		if len(depts) == 0 {
			return "", nil, false
		}
	}
	switch len(depts) {
	case 0:
	case 1:
		conds, args = append(conds, "c.department_id = ?"), append(args, depts[0])
	default:
		conds = append(conds, "c.department_id IN (?"+strings.Repeat(", ?", len(depts)-1)+")")
		for _, d := range depts {
			args = append(args, d)
		}
	}
	switch f.State {
	case StateClosed:
		conds = append(conds, "c.closed_at IS NOT NULL")
	case StateAll:
	default:
		// Written like the partial indexes' WHERE, so the planner uses them.
		conds = append(conds, "c.closed_at IS NULL")
	}
	if f.Status != "" {
		conds, args = append(conds, "c.status = ?"), append(args, f.Status)
	}
	if f.Form != "" {
		conds, args = append(conds, "c.form_id = ?"), append(args, f.Form)
	}
	switch {
	case f.Unassigned:
		conds = append(conds, "c.assignee_id IS NULL")
	case f.Assignee != 0:
		conds, args = append(conds, "c.assignee_id = ?"), append(args, f.Assignee)
	}
	if f.Overdue {
		if f.State == StateClosed {
			return "", nil, false
		}
		conds = append(conds, "c.closed_at IS NULL", "c.paused_at IS NULL", "c.due_at < ?")
		args = append(args, now)
	}
	if f.Reference != "" {
		conds, args = append(conds, "c.reference = ?"), append(args, f.Reference)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		conds = append(conds, `c.search_name LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(searchName(t))+"%")
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// likeEscape escapes LIKE's wildcards in user text.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func (f Filter) order() string {
	sort := f.Sort
	if sort == SortDeadline && f.State != StateOpen && f.State != "" {
		// Deadlines order open cases; closed ones have none left to keep,
		// and sorting a whole archive by them costs a full sort.
		sort = SortNewest
	}
	switch sort {
	case SortOldest:
		return " ORDER BY c.created_at, c.id"
	case SortDeadline:
		// Every case has a deadline (Intake sets one), so the order is the
		// cases_due index's.
		return " ORDER BY c.due_at, c.id"
	default:
		return " ORDER BY c.created_at DESC, c.id DESC"
	}
}

// byReference turns a search text that is a reference of a case actor may
// see into a search for that reference alone: one lookup in the unique
// index instead of a scan of names (a name such as "Kuntzer" can look like
// a reference; then the name search runs).
func (s *Service) byReference(ctx context.Context, f Filter, actor Actor) (Filter, error) {
	ref := NormalizeReference(f.Text)
	if ref == "" {
		return f, nil
	}
	g := f
	g.Text, g.Reference = "", ref
	where, args, ok := g.where(actor, s.Now())
	if !ok {
		return f, nil
	}
	var n int
	if err := db.From(ctx).QueryRow(ctx, "SELECT COUNT(*) FROM cases c"+where, args...).Scan(&n); err != nil {
		return f, fmt.Errorf("find case by reference: %w", err)
	}
	if n == 0 {
		return f, nil
	}
	return g, nil
}

// List returns one page of the cases matching f that actor may see.
func (s *Service) List(ctx context.Context, f Filter, actor Actor) (List, error) {
	f, err := s.byReference(ctx, f, actor)
	if err != nil {
		return List{}, err
	}
	if f.PageSize <= 0 {
		f.PageSize = 25
	}
	f.Page = max(f.Page, 1)
	out := List{Page: f.Page}
	where, args, ok := f.where(actor, s.Now())
	if !ok {
		return out, nil
	}
	args = append(args, f.PageSize+1, (f.Page-1)*f.PageSize)
	q := "SELECT " + listColumns + caseFrom + where + f.order() + " LIMIT ? OFFSET ?"
	rows, err := db.From(ctx).Query(ctx, q, args...)
	if err != nil {
		return out, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return out, fmt.Errorf("scan case: %w", err)
		}
		out.Cases = append(out.Cases, c)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("list cases: %w", err)
	}
	if len(out.Cases) > f.PageSize {
		out.Cases, out.More = out.Cases[:f.PageSize], true
	}
	return out, nil
}

// Count counts the cases matching f that actor may see, up to CountLimit;
// more reports whether there are more than that.
func (s *Service) Count(ctx context.Context, f Filter, actor Actor) (n int, more bool, err error) {
	if f, err = s.byReference(ctx, f, actor); err != nil {
		return 0, false, err
	}
	where, args, ok := f.where(actor, s.Now())
	if !ok {
		return 0, false, nil
	}
	args = append(args, CountLimit+1)
	err = db.From(ctx).QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM cases c"+where+" LIMIT ?) AS x", args...).Scan(&n)
	if err != nil {
		return 0, false, fmt.Errorf("count cases: %w", err)
	}
	if n > CountLimit {
		return CountLimit, true, nil
	}
	return n, false, nil
}

// FormInfo is a form that cases of a department came from, with its
// statuses, for the inbox's filters.
type FormInfo struct {
	ID           string
	DepartmentID int64
	Service      string
	Title        Text
	Statuses     []Status
}

// Forms lists the forms of the departments depts (all for none), by title.
func (s *Service) Forms(ctx context.Context, depts []int64) ([]FormInfo, error) {
	q := "SELECT form_id, department_id, service, title_de, title_en, statuses FROM case_forms"
	var args []any
	if len(depts) > 0 {
		q += " WHERE department_id IN (?" + strings.Repeat(", ?", len(depts)-1) + ")"
		for _, d := range depts {
			args = append(args, d)
		}
	}
	rows, err := db.From(ctx).Query(ctx, q+" ORDER BY title_de, form_id", args...)
	if err != nil {
		return nil, fmt.Errorf("list case forms: %w", err)
	}
	defer rows.Close()
	var out []FormInfo
	for rows.Next() {
		var fi FormInfo
		var de, en, statuses string
		if err := rows.Scan(&fi.ID, &fi.DepartmentID, &fi.Service, &de, &en, &statuses); err != nil {
			return nil, fmt.Errorf("scan case form: %w", err)
		}
		fi.Title = Text{"de": de, "en": en}
		if err := unmarshalColumn(statuses, &fi.Statuses); err != nil {
			return nil, fmt.Errorf("case form %s: statuses: %w", fi.ID, err)
		}
		out = append(out, fi)
	}
	return out, rows.Err()
}
