package open311

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// w3cLayout is the W3C datetime profile of ISO 8601 with seconds and a
// mandatory zone, the form the spec returns ("2010-01-01T00:00:00Z").
const w3cLayout = "2006-01-02T15:04:05Z07:00"

var errTime = errors.New("not a W3C datetime with time zone")

// ParseTime parses a W3C datetime as the spec requires for parameters: a date
// and a time to the minute, second or fraction, with Z or an ±hh:mm offset.
// A space in place of the offset's plus sign is read as plus, because clients
// often forget to escape "+" in a query string, where it means a space.
func ParseTime(s string) (time.Time, error) {
	if i := strings.LastIndexByte(s, ' '); i >= len("2006-01-02T15:04") {
		s = s[:i] + "+" + s[i+1:]
	}
	// Go also accepts a comma before the fraction; W3C only allows a dot.
	if strings.ContainsRune(s, ',') {
		return time.Time{}, errTime
	}
	for _, layout := range []string{w3cLayout, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errTime
}

// parseDate accepts what an attribute of datatype datetime may hold: a
// ParseTime datetime or a plain date (YYYY-MM-DD).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return ParseTime(s)
}

// Time is a datetime of a response, written in the W3C format with the
// offset of its location: convert to the town's zone with In before
// encoding. The zero Time is written as an empty element or JSON null, the
// spec's "may not be returned".
type Time struct{ time.Time }

// W3C returns t in the spec's format, or "" for the zero time.
func (t Time) W3C() string {
	if t.IsZero() {
		return ""
	}
	return t.Time.Format(w3cLayout)
}

// MarshalText writes t like W3C.
func (t Time) MarshalText() ([]byte, error) { return []byte(t.W3C()), nil }

// UnmarshalText reads a W3C datetime; empty text is the zero time.
func (t *Time) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "" {
		*t = Time{}
		return nil
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON writes t as a JSON string, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, t.W3C()), nil
}

// UnmarshalJSON reads a JSON string or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errTime
	}
	return t.UnmarshalText([]byte(s))
}
