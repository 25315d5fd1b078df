package cases

import (
	"time"
)

// citizenZone is the town's time zone for dates shown to citizens; times
// are stored in UTC.
var citizenZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// citizenFmt formats values for the citizens' pages and the receipt in the
// page's language.
type citizenFmt struct {
	Lang string
}

// Date writes t as a date ("31.05.2026", "31 May 2026"); zero is "".
func (f citizenFmt) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(citizenZone)
	if f.Lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02.01.2006")
}

// Time writes t with date and time of day.
func (f citizenFmt) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(citizenZone)
	if f.Lang == "en" {
		return t.Format("2 January 2006, 15:04")
	}
	return t.Format("02.01.2006, 15:04 Uhr")
}

// ISO writes t for a <time datetime> attribute.
func (f citizenFmt) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Size writes a file size people can read: "45 Bytes", "1,2 KB".
func (f citizenFmt) Size(n int64) string { return sizeText(n, f.Lang) }

// Text picks the page's language of a two-language text.
func (f citizenFmt) Text(t Text) string { return t.In(f.Lang) }
