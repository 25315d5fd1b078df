package web

import "time"

// TownZone is the town's time zone: times are stored in UTC and shown to
// people as the clocks in the town hall read them.
var TownZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Dates writes times for people in the page's language and the town's
// time zone; the zero time is "". Templates reach it embedded in a
// module's formatter ({{.Date .CreatedAt}}).
type Dates struct {
	Lang string
	// Long writes the English month in full ("2 January 2006", not
	// "2 Jan 2006") and "Uhr" after a German time of day, as letters to
	// citizens do; staff lists keep the short forms.
	Long bool
}

// Date writes t as a date: "31.05.2026", "2 Jan 2006" (Long: "2 January 2006").
func (d Dates) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(TownZone)
	switch {
	case d.Lang != "en":
		return t.Format("02.01.2006")
	case d.Long:
		return t.Format("2 January 2006")
	}
	return t.Format("2 Jan 2006")
}

// Time writes t with date and time of day: "31.05.2026, 15:04" (Long:
// "31.05.2026, 15:04 Uhr"), "2 Jan 2006, 15:04".
func (d Dates) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(TownZone)
	switch {
	case d.Lang != "en" && d.Long:
		return t.Format("02.01.2006, 15:04 Uhr")
	case d.Lang != "en":
		return t.Format("02.01.2006, 15:04")
	case d.Long:
		return t.Format("2 January 2006, 15:04")
	}
	return t.Format("2 Jan 2006, 15:04")
}

// ISO writes t for a <time datetime> attribute.
func (d Dates) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }
