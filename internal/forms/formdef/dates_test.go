package formdef

import (
	"strings"
	"testing"
)

func TestExampleDateFitsTheFieldsBounds(t *testing.T) {
	// today is 02.03.2026
	cases := []struct {
		name   string
		bounds []string
		want   string
	}{
		{"birth_date_of_an_adult_is_decades_ago", []string{"max_date: -18y"}, "1988-03-17"},
		{"past_only_date_is_in_the_past", []string{"max_date: today"}, "2006-03-17"},
		{"past_year_is_inside_it", []string{"min_date: -1y", "max_date: today"}, "2025-08-17"},
		{"notice_period_is_in_the_coming_months", []string{"min_date: +14d", "max_date: +6m"}, "2026-06-17"},
		{"future_only_date_is_after_its_start", []string{"min_date: +14d"}, "2026-04-17"},
		{"narrow_range_keeps_inside_it", []string{"min_date: today", "max_date: +3d"}, "2026-03-05"},
		{"no_bounds_is_next_month", nil, "2026-04-17"},
		{"bound_by_another_field_is_ignored", []string{"min_date: from"}, "2026-04-17"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := formWith(t, field("from", "date")+field("x", "date", tc.bounds...))
			got := f.Field("x").ExampleDate(today).Format("2006-01-02")
			if got != tc.want {
				t.Errorf("example for %s = %s, want %s", strings.Join(tc.bounds, ", "), got, tc.want)
			}
		})
	}
}
