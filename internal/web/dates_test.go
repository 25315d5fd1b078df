package web_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

func TestDatesInTheTownsZone(t *testing.T) {
	summer := time.Date(2026, 5, 31, 22, 30, 0, 0, time.UTC) // 1 June, 00:30 in Germany
	winter := time.Date(2026, 1, 2, 7, 5, 0, 0, time.UTC)    // 08:05 in Germany
	for _, tc := range []struct {
		name       string
		d          web.Dates
		at         time.Time
		date, time string
	}{
		{"German, summer time moves the day", web.Dates{Lang: "de"}, summer, "01.06.2026", "01.06.2026, 00:30"},
		{"German, winter", web.Dates{Lang: "de"}, winter, "02.01.2026", "02.01.2026, 08:05"},
		{"German long says Uhr", web.Dates{Lang: "de", Long: true}, winter, "02.01.2026", "02.01.2026, 08:05 Uhr"},
		{"English", web.Dates{Lang: "en"}, winter, "2 Jan 2026", "2 Jan 2026, 08:05"},
		{"English long writes the month", web.Dates{Lang: "en", Long: true}, winter, "2 January 2026", "2 January 2026, 08:05"},
		{"the zero time is empty", web.Dates{Lang: "de"}, time.Time{}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.Date(tc.at); got != tc.date {
				t.Errorf("Date %q, want %q", got, tc.date)
			}
			if got := tc.d.Time(tc.at); got != tc.time {
				t.Errorf("Time %q, want %q", got, tc.time)
			}
		})
	}
	if got := (web.Dates{}).ISO(summer.In(web.TownZone)); got != "2026-05-31T22:30:00Z" {
		t.Errorf("ISO %q", got)
	}
}
