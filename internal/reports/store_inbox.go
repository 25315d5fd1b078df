package reports

import "context"

// The inbox of a staff member in several departments lists the reports of
// all of them at once: these are List and Count over the departments depts
// in place of f's own department restriction. No departments match none,
// never all reports.

// InboxList returns one page of the reports of any of depts matching f.
func (s *Service) InboxList(ctx context.Context, f Filter, depts []int64) (Page, error) {
	return s.List(ctx, inboxFilter(f, depts))
}

// InboxCount returns how many reports of any of depts match f.
func (s *Service) InboxCount(ctx context.Context, f Filter, depts []int64) (int, error) {
	return s.Count(ctx, inboxFilter(f, depts))
}

func inboxFilter(f Filter, depts []int64) Filter {
	f.DepartmentID = 0
	f.DepartmentIDs = append([]int64{}, depts...) // not nil: none is none
	return f
}
