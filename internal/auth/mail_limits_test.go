package auth_test

import (
	"slices"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
)

func TestMailLimitsRates(t *testing.T) {
	tight := auth.MailLimits{PerAddress: auth.RateLimit{Max: 1, Window: time.Minute}, PerIP: auth.RateLimit{Max: 2, Window: time.Minute}}
	for _, tc := range []struct {
		name   string
		limits auth.MailLimits
		email  string
		want   []auth.Rate
	}{
		{"zero limits are the defaults", auth.MailLimits{}, "a@example.org", []auth.Rate{
			{Key: "mail-to:a@example.org", Limit: auth.DefaultMailLimits.PerAddress},
			{Key: "mail-from:192.0.2.1", Limit: auth.DefaultMailLimits.PerIP}}},
		{"an address counts however it is typed", tight, "  A@Example.ORG ", []auth.Rate{
			{Key: "mail-to:a@example.org", Limit: tight.PerAddress},
			{Key: "mail-from:192.0.2.1", Limit: tight.PerIP}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.limits.Rates(tc.email, "192.0.2.1"); !slices.Equal(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
