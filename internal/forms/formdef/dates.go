package formdef

import (
	"strconv"
	"time"
)

// resolveDate turns a date bound ("today", "+14d", "-2w", "+6m", "-18y",
// "2026-01-01") into a date relative to today.
func resolveDate(spec string, today time.Time) (time.Time, bool) {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case spec == "today":
		return day, true
	case len(spec) >= 3 && (spec[0] == '+' || spec[0] == '-'):
		n, err := strconv.Atoi(spec[1 : len(spec)-1])
		if err != nil || n < 0 || n > 100_000 {
			return time.Time{}, false
		}
		if spec[0] == '-' {
			n = -n
		}
		switch spec[len(spec)-1] {
		case 'd':
			return day.AddDate(0, 0, n), true
		case 'w':
			return day.AddDate(0, 0, 7*n), true
		case 'm':
			return day.AddDate(0, n, 0), true
		case 'y':
			return day.AddDate(n, 0, 0), true
		}
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, spec)
	return t, err == nil
}

// ExampleDate is a date to show people as an example for the date field fd:
// inside the bounds that do not depend on other answers, so a birth date
// (max_date today or -18y) gets one decades ago and an appointment one in
// the coming weeks. Its day is the 17th where the bounds allow, so that day
// and month cannot be mistaken for each other.
func (fd *Field) ExampleDate(today time.Time) time.Time {
	day, _ := resolveDate("today", today)
	lo, hasLo := fd.fixedBound(fd.MinDate, fd.minRef, today)
	hi, hasHi := fd.fixedBound(fd.MaxDate, fd.maxRef, today)
	var t time.Time
	switch {
	case hasLo && hasHi:
		t = lo.Add(hi.Sub(lo) / 2)
	case hasHi && !hi.After(day): // past dates only
		t = time.Date(hi.Year()-20, time.March, 17, 0, 0, 0, 0, time.UTC)
	case hasLo && lo.After(day):
		t = lo.AddDate(0, 1, 0)
	default:
		t = day.AddDate(0, 1, 0)
	}
	t = time.Date(t.Year(), t.Month(), 17, 0, 0, 0, 0, time.UTC)
	if hasHi && t.After(hi) {
		t = hi
	}
	if hasLo && t.Before(lo) {
		t = lo
	}
	return t
}

// fixedBound resolves a bound that does not name another field.
func (fd *Field) fixedBound(spec string, ref *Field, today time.Time) (time.Time, bool) {
	if spec == "" || ref != nil {
		return time.Time{}, false
	}
	return resolveDate(spec, today)
}
