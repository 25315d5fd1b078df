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
