package reports

import (
	"context"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/workdays"
)

// fallbackLand is used until the town has set its Land.
const fallbackLand = "NI"

// calendars caches one workdays.Calendar per Land; a Calendar caches its
// holidays per year.
var calendars sync.Map // Land code → *workdays.Calendar

func (s *Service) calendar(ctx context.Context) *workdays.Calendar {
	land := ""
	if s.deps.Land != nil {
		land = s.deps.Land(ctx)
	}
	if land == "" {
		land = fallbackLand
	}
	if c, ok := calendars.Load(land); ok {
		return c.(*workdays.Calendar)
	}
	c, err := workdays.New(land)
	if err != nil {
		s.deps.Logger.Warn("reports: unknown Land, counting deadlines for "+fallbackLand, "land", land)
		if c, err = workdays.New(fallbackLand); err != nil {
			panic(err) // NI is a Land: a build defect
		}
		return c
	}
	actual, _ := calendars.LoadOrStore(land, c)
	return actual.(*workdays.Calendar)
}

// deadlines returns the first-reaction and closure deadlines counted in
// working days from start; zero where the category sets none.
func (s *Service) deadlines(ctx context.Context, c Category, start time.Time) (first, closure time.Time) {
	cal := s.calendar(ctx)
	if c.FirstReactionDays > 0 {
		first = dbTime(cal.AddWorkdays(start, c.FirstReactionDays))
	}
	if c.ClosureDays > 0 {
		closure = dbTime(cal.AddWorkdays(start, c.ClosureDays))
	}
	return first, closure
}
