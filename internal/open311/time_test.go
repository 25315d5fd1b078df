package open311

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want string // W3C in the parsed zone; "" for an error
	}{
		{"1994-11-05T08:15:30-05:00", "1994-11-05T08:15:30-05:00"},
		{"1994-11-05T13:15:30Z", "1994-11-05T13:15:30Z"},
		{"2010-01-01T00:00Z", "2010-01-01T00:00:00Z"},
		{"2010-01-01T00:00:00.123+01:00", "2010-01-01T00:00:00+01:00"},
		{"2010-01-01T00:00:00 01:00", "2010-01-01T00:00:00+01:00"}, // "+" decoded as space
		{"2010-01-01T00:00 01:00", "2010-01-01T00:00:00+01:00"},
		{"2010-01-01T00:00:00", ""},
		{"2010-01-01", ""},
		{"2010-01-01 00:00:00Z", ""},
		{"2010-01-01T00:00:00+0100", ""},
		{"2010-01-01T00:00:00,5Z", ""},
		{"2010-01-01T24:00:00Z", ""},
		{"2010-02-29T00:00:00Z", ""},
		{"2010-01-01t00:00:00z", ""},
		{"", ""},
		{"gestern", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseTime(c.in)
			if c.want == "" {
				if err == nil {
					t.Errorf("parsed as %v, want an error", got)
				}
				return
			}
			if err != nil || (Time{got}).W3C() != c.want {
				t.Errorf("got %v, %v; want %s", got, err, c.want)
			}
		})
	}
}

func TestTimeText(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	at := Time{time.Date(2026, 7, 1, 12, 0, 0, 500, berlin)}
	if got := at.W3C(); got != "2026-07-01T12:00:00+02:00" {
		t.Errorf("W3C %s: fractions are dropped, the offset kept", got)
	}
	if (Time{}).W3C() != "" {
		t.Error("zero time is not empty")
	}
	var back Time
	if err := back.UnmarshalJSON([]byte(`null`)); err != nil || !back.IsZero() {
		t.Errorf("null: %v %v", back, err)
	}
	if err := back.UnmarshalJSON([]byte(`"2026-07-01T12:00:00+02:00"`)); err != nil || !back.Equal(at.Time.Truncate(time.Second)) {
		t.Errorf("string: %v %v", back, err)
	}
	if err := back.UnmarshalJSON([]byte(`12`)); err == nil {
		t.Error("a number is not a time")
	}
	if err := back.UnmarshalText([]byte(" ")); err != nil || !back.IsZero() {
		t.Errorf("blank text: %v %v", back, err)
	}
	if b, _ := (Time{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero JSON %s", b)
	}
}
