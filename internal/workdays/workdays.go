// Package workdays counts deadlines in working days: Monday to Friday
// without the public holidays of a German Land. Holiday rules come from
// github.com/rickar/cal/v2/de, corrected where that package is not exact
// for the years a town hall still looks at (see corrections).
package workdays

import (
	"fmt"
	"strings"
	"sync"
	"time"
	// The Land's calendar day is a day in Germany; embedding the zone
	// database keeps that true on servers without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/rickar/cal/v2"
)

// Lands lists the codes of the 16 Länder that New accepts.
var Lands = []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

// Calendar knows the working days of one Land. It is safe for concurrent use.
type Calendar struct {
	land     string
	loc      *time.Location
	holidays []*cal.Holiday

	mu    sync.Mutex
	years map[int]map[civil]string // year → day → holiday name
}

// civil is a calendar day without a time or zone.
type civil struct {
	y int
	m time.Month
	d int
}

// New returns the calendar of the Land with the given code (see Lands; the
// case does not matter).
func New(land string) (*Calendar, error) {
	code := strings.ToUpper(strings.TrimSpace(land))
	hols, ok := holidaysOf(code)
	if !ok {
		return nil, fmt.Errorf("workdays: unknown Land %.10q, want one of %s", land, strings.Join(Lands, ", "))
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, fmt.Errorf("workdays: %w", err)
	}
	return &Calendar{land: code, loc: loc, holidays: hols, years: map[int]map[civil]string{}}, nil
}

// Land returns the Land's code.
func (c *Calendar) Land() string { return c.land }

// day returns t's calendar day in Germany.
func (c *Calendar) day(t time.Time) civil {
	y, m, d := t.In(c.loc).Date()
	return civil{y, m, d}
}

// Holiday returns the name of the public holiday on t's day in Germany, if
// it is one.
func (c *Calendar) Holiday(t time.Time) (name string, ok bool) {
	return c.holiday(c.day(t))
}

func (c *Calendar) holiday(d civil) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	days, ok := c.years[d.y]
	if !ok {
		days = map[civil]string{}
		for _, h := range c.holidays {
			// German holidays have no substitute days: the actual date counts.
			act, _ := h.Calc(d.y)
			if act.IsZero() {
				continue
			}
			y, m, dd := act.Date()
			days[civil{y, m, dd}] = h.Name
		}
		c.years[d.y] = days
	}
	name, ok := days[d]
	return name, ok
}

// IsWorkday reports whether t's day in Germany is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.isWorkday(c.day(t)) }

func (c *Calendar) isWorkday(d civil) bool {
	switch time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, hol := c.holiday(d)
	return !hol
}

// AddWorkdays returns the moment n working days after t: the same time of
// day in Germany on the n-th working day after t's day (before it for a
// negative n), in t's location. t itself need not be a working day: a
// report filed on Saturday with a 2-day deadline is due on Tuesday.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	if n == 0 {
		return t
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	local := t.In(c.loc)
	d := c.day(t)
	for n > 0 {
		d = next(d, step)
		if c.isWorkday(d) {
			n--
		}
	}
	h, m, s := local.Clock()
	return time.Date(d.y, d.m, d.d, h, m, s, local.Nanosecond(), c.loc).In(t.Location())
}

// WorkdaysBetween counts the working days after a's day up to and including
// b's day (days in Germany); when b is before a, minus the count from b to
// a. It inverts AddWorkdays: WorkdaysBetween(t, AddWorkdays(t, n)) == n for
// n ≥ 0, and for n < 0 when t is a working day.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	da, db := c.day(a), c.day(b)
	sign := 1
	if dayNumber(db) < dayNumber(da) {
		da, db, sign = db, da, -1
	}
	start, end := dayNumber(da), dayNumber(db) // count days in (start, end]
	n := weekdaysUpTo(end) - weekdaysUpTo(start)
	for y := da.y; y <= db.y; y++ {
		c.holiday(civil{y, time.January, 1}) // fill the year's table
		c.mu.Lock()
		days := c.years[y]
		c.mu.Unlock()
		for d := range days {
			if dn := dayNumber(d); dn > start && dn <= end && c.isWeekday(dn) {
				n--
			}
		}
	}
	return sign * int(n)
}

func (c *Calendar) isWeekday(dayNum int64) bool {
	// Day 0 of dayNumber is Thursday, 1 January 1970.
	wd := (time.Thursday + time.Weekday(mod(dayNum, 7))) % 7
	return wd != time.Saturday && wd != time.Sunday
}

func next(d civil, step int) civil {
	y, m, dd := time.Date(d.y, d.m, d.d+step, 12, 0, 0, 0, time.UTC).Date()
	return civil{y, m, dd}
}

// dayNumber counts days since 1 January 1970.
func dayNumber(d civil) int64 {
	return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// weekdaysUpTo counts the Monday–Friday days from a fixed Monday up to day
// n; only differences of it are used, so the origin does not matter.
func weekdaysUpTo(n int64) int64 {
	// Day 0 is a Thursday, so day -3 is the Monday we count from.
	k := n + 3
	weeks, rest := floorDiv(k, 7), mod(k, 7) // rest: 0 = Monday … 6 = Sunday
	return weeks*5 + min(rest+1, 5)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
