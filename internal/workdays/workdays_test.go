package workdays

import (
	"math/rand/v2"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func mustNew(t testing.TB, land string) *Calendar {
	t.Helper()
	c, err := New(land)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddWorkdays(t *testing.T) {
	tests := []struct {
		name string
		land string
		from string
		n    int
		want string
	}{
		{"Reformationstag is a holiday in Lower Saxony", "NI", "2024-10-30T10:00:00Z", 1, "2024-11-01T10:00:00Z"},
		{"Reformationstag is a working day in Bavaria", "BY", "2024-10-30T10:00:00Z", 1, "2024-10-31T10:00:00Z"},
		{"Allerheiligen is a holiday in Bavaria", "BY", "2024-10-30T10:00:00Z", 2, "2024-11-04T10:00:00Z"},
		{"Allerheiligen is a working day in Lower Saxony", "NI", "2024-10-30T10:00:00Z", 2, "2024-11-04T10:00:00Z"},
		{"Easter: Good Friday to Easter Monday skipped", "NI", "2024-03-28T09:00:00Z", 1, "2024-04-02T08:00:00Z"},
		{"Easter 2026", "HE", "2026-04-02T08:00:00Z", 1, "2026-04-07T08:00:00Z"},
		{"weekend skipped", "NW", "2024-12-06T12:00:00Z", 1, "2024-12-09T12:00:00Z"},
		{"start on a Saturday", "NW", "2024-12-07T12:00:00Z", 2, "2024-12-10T12:00:00Z"},
		{"Christmas Eve is a working day, the two holidays are not", "HH", "2024-12-23T09:00:00Z", 3, "2024-12-30T09:00:00Z"},
		{"into the new year", "SH", "2024-12-31T09:00:00Z", 1, "2025-01-02T09:00:00Z"},
		{"backwards over a holiday", "NI", "2024-11-04T10:00:00Z", -2, "2024-10-30T10:00:00Z"},
		{"zero days is the same moment", "NI", "2024-10-31T10:00:00Z", 0, "2024-10-31T10:00:00Z"},
		{"Sunday 23:30 UTC is Monday in Germany", "BE", "2024-12-08T23:30:00Z", 1, "2024-12-09T23:30:00Z"},
		{"Buß- und Bettag in Saxony", "SN", "2024-11-19T10:00:00Z", 1, "2024-11-21T10:00:00Z"},
		{"Buß- und Bettag elsewhere", "NI", "2024-11-19T10:00:00Z", 1, "2024-11-20T10:00:00Z"},
		{"Weltkindertag in Thuringia", "TH", "2024-09-19T10:00:00Z", 1, "2024-09-23T10:00:00Z"},
		{"Frauentag in Berlin", "BE", "2024-03-07T10:00:00Z", 1, "2024-03-11T10:00:00Z"},
		{"no Frauentag in Berlin before 2019", "BE", "2018-03-07T10:00:00Z", 1, "2018-03-08T10:00:00Z"},
		{"Frauentag in Mecklenburg-Vorpommern since 2023", "MV", "2023-03-07T10:00:00Z", 1, "2023-03-09T10:00:00Z"},
		{"no Frauentag in Mecklenburg-Vorpommern in 2022", "MV", "2022-03-07T10:00:00Z", 1, "2022-03-08T10:00:00Z"},
		{"Reformationstag 2017 everywhere", "BY", "2017-10-30T10:00:00Z", 1, "2017-11-02T10:00:00Z"},
		// Summer time ended on 30 Oct 2016: 12:00 in Germany is 11:00 UTC again.
		{"no Reformationstag in Lower Saxony in 2016, same local time after DST", "NI", "2016-10-28T10:00:00Z", 1, "2016-10-31T11:00:00Z"},
		{"8 May 2025 in Berlin", "BE", "2025-05-07T10:00:00Z", 1, "2025-05-09T10:00:00Z"},
		{"8 May 2025 in Brandenburg", "BB", "2025-05-07T10:00:00Z", 1, "2025-05-08T10:00:00Z"},
		{"Mariä Himmelfahrt in Saarland", "SL", "2024-08-14T10:00:00Z", 1, "2024-08-16T10:00:00Z"},
		{"Fronleichnam in Baden-Württemberg", "BW", "2024-05-29T10:00:00Z", 1, "2024-05-31T10:00:00Z"},
		{"Fronleichnam is a working day in Bremen", "HB", "2024-05-29T10:00:00Z", 1, "2024-05-30T10:00:00Z"},
		{"Heilige Drei Könige in Saxony-Anhalt", "ST", "2025-01-03T10:00:00Z", 1, "2025-01-07T10:00:00Z"},
		{"ten working days over Ascension", "RP", "2024-05-06T07:00:00Z", 10, "2024-05-22T07:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, tt.land)
			got := c.AddWorkdays(utc(tt.from), tt.n)
			if want := utc(tt.want); !got.Equal(want) || got.Location() != time.UTC {
				t.Fatalf("%s AddWorkdays(%s, %d) = %s, want %s", tt.land, tt.from, tt.n, got, want)
			}
			if back := c.WorkdaysBetween(utc(tt.from), got); back != tt.n {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, got, back, tt.n)
			}
		})
	}
}

func TestWorkdaysBetweenWholeYears(t *testing.T) {
	tests := []struct {
		land string
		year int
		want int
	}{
		// 262 weekdays in 2024, minus the Land's holidays on weekdays.
		{"NI", 2024, 252},
		{"BY", 2024, 251},
		{"SL", 2024, 250},
		{"BE", 2024, 252},
		{"SN", 2024, 251},
		{"TH", 2024, 251},
	}
	for _, tt := range tests {
		t.Run(tt.land, func(t *testing.T) {
			c := mustNew(t, tt.land)
			a := time.Date(tt.year-1, 12, 31, 11, 0, 0, 0, time.UTC)
			b := time.Date(tt.year, 12, 31, 11, 0, 0, 0, time.UTC)
			if got := c.WorkdaysBetween(a, b); got != tt.want {
				t.Errorf("working days in %s %d = %d, want %d", tt.land, tt.year, got, tt.want)
			}
			if got := c.WorkdaysBetween(b, a); got != -tt.want {
				t.Errorf("backwards = %d, want %d", got, -tt.want)
			}
		})
	}
}

// TestWorkdaysBetweenMatchesDayByDayCount checks the arithmetic shortcut
// against counting IsWorkday one day at a time, and that it inverts
// AddWorkdays, for random moments in every Land.
func TestWorkdaysBetweenMatchesDayByDayCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	start := utc("2015-01-01T00:00:00Z").Unix()
	span := utc("2030-12-31T00:00:00Z").Unix() - start
	for _, land := range Lands {
		c := mustNew(t, land)
		for range 200 {
			a := time.Unix(start+rng.Int64N(span), 0).UTC()
			b := a.Add(time.Duration(rng.Int64N(800*24)-400*24) * time.Hour).Add(time.Duration(rng.IntN(86400)) * time.Second)
			if b.After(a) {
				if got, want := c.WorkdaysBetween(a, b), c.countDayByDay(a, b); got != want {
					t.Fatalf("%s WorkdaysBetween(%s, %s) = %d, day by day %d", land, a, b, got, want)
				}
			}
			n := rng.IntN(31)
			if got := c.WorkdaysBetween(a, c.AddWorkdays(a, n)); got != n {
				t.Fatalf("%s WorkdaysBetween(t, AddWorkdays(%s, %d)) = %d", land, a, n, got)
			}
			// Backwards the round trip holds from working days; from a
			// Sunday the Sunday itself is not counted.
			if c.IsWorkday(a) {
				if got := c.WorkdaysBetween(a, c.AddWorkdays(a, -n)); got != -n {
					t.Fatalf("%s WorkdaysBetween(t, AddWorkdays(%s, %d)) = %d", land, a, -n, got)
				}
			}
		}
	}
}

// countDayByDay counts the working days after a's German day up to b's,
// walking the calendar at noon in Germany.
func (c *Calendar) countDayByDay(a, b time.Time) int {
	la, lb := a.In(c.loc), b.In(c.loc)
	last := time.Date(lb.Year(), lb.Month(), lb.Day(), 12, 0, 0, 0, c.loc)
	n := 0
	for d := time.Date(la.Year(), la.Month(), la.Day()+1, 12, 0, 0, 0, c.loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

func TestHolidayNames(t *testing.T) {
	ni, by := mustNew(t, "ni"), mustNew(t, " BY ")
	if name, ok := ni.Holiday(utc("2024-10-31T12:00:00Z")); !ok || name != "Reformationstag" {
		t.Errorf("NI 31 Oct 2024 = %q, %v", name, ok)
	}
	if name, ok := by.Holiday(utc("2024-10-31T12:00:00Z")); ok {
		t.Errorf("BY 31 Oct 2024 is holiday %q", name)
	}
	if name, ok := by.Holiday(utc("2024-03-31T12:00:00Z")); ok {
		t.Errorf("Easter Sunday is listed as %q; it is a Sunday anyway and not in the lists", name)
	}
	if ni.Land() != "NI" || by.Land() != "BY" {
		t.Errorf("Land() = %q, %q", ni.Land(), by.Land())
	}
}

func TestEveryLandHasTheNationalHolidays(t *testing.T) {
	national := []string{
		"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09",
		"2024-05-20", "2024-10-03", "2024-12-25", "2024-12-26",
	}
	for _, land := range Lands {
		c := mustNew(t, land)
		for _, d := range national {
			if _, ok := c.Holiday(utc(d + "T12:00:00Z")); !ok {
				t.Errorf("%s: %s is not a holiday", land, d)
			}
		}
	}
}

func TestNewRefusesUnknownLand(t *testing.T) {
	for _, land := range []string{"", "XX", "DE", "Niedersachsen"} {
		if _, err := New(land); err == nil {
			t.Errorf("New(%q) accepted", land)
		}
	}
}

func TestCalendarIsSafeForConcurrentUse(t *testing.T) {
	c := mustNew(t, "NI")
	done := make(chan int)
	for i := range 8 {
		go func() {
			from := time.Date(2020+i, 1, 1, 8, 0, 0, 0, time.UTC)
			done <- c.WorkdaysBetween(from, c.AddWorkdays(from, 20))
		}()
	}
	for range 8 {
		if n := <-done; n != 20 {
			t.Errorf("concurrent round trip = %d, want 20", n)
		}
	}
}

func BenchmarkAddWorkdays(b *testing.B) {
	c := mustNew(b, "NI")
	t := utc("2024-10-30T10:00:00Z")
	for b.Loop() {
		c.AddWorkdays(t, 10)
	}
}
