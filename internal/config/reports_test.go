package config_test

import (
	"io"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/config"
)

func TestReportSettingsHaveDefaultsAndTakeFlagsAndVariables(t *testing.T) {
	tests := []struct {
		name                      string
		env, args                 []string
		reopen, retention, nearby int
		wantErr                   string
	}{
		{name: "defaults", reopen: 14, retention: 90, nearby: 50},
		{name: "from the environment", env: []string{"RATHAUS_REPORTS_REOPEN_DAYS=30", "RATHAUS_REPORTS_RETENTION_DAYS=180", "RATHAUS_REPORTS_NEARBY_METERS=25"},
			reopen: 30, retention: 180, nearby: 25},
		{name: "flag wins over variable", env: []string{"RATHAUS_REPORTS_NEARBY_METERS=25"}, args: []string{"--reports-nearby-meters=100"},
			reopen: 14, retention: 90, nearby: 100},
		{name: "limits are allowed", args: []string{"--reports-reopen-days=365", "--reports-retention-days=1", "--reports-nearby-meters=1000"},
			reopen: 365, retention: 1, nearby: 1000},
		{name: "reopen days zero", env: []string{"RATHAUS_REPORTS_REOPEN_DAYS=0"}, wantErr: "RATHAUS_REPORTS_REOPEN_DAYS"},
		{name: "retention not a number", env: []string{"RATHAUS_REPORTS_RETENTION_DAYS=90d"}, wantErr: "RATHAUS_REPORTS_RETENTION_DAYS"},
		{name: "retention over ten years", args: []string{"--reports-retention-days=3651"}, wantErr: "--reports-retention-days"},
		{name: "nearby negative", env: []string{"RATHAUS_REPORTS_NEARBY_METERS=-5"}, wantErr: "RATHAUS_REPORTS_NEARBY_METERS"},
		{name: "nearby a fraction", env: []string{"RATHAUS_REPORTS_NEARBY_METERS=12.5"}, wantErr: "RATHAUS_REPORTS_NEARBY_METERS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse(tc.args, tc.env, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "whole number") {
					t.Fatalf("error %v, want one naming %s and what it wants", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.ReportsReopenDays != tc.reopen || c.ReportsRetentionDays != tc.retention || c.ReportsNearbyMeters != tc.nearby {
				t.Errorf("reopen %d, retention %d, nearby %d; want %d, %d, %d",
					c.ReportsReopenDays, c.ReportsRetentionDays, c.ReportsNearbyMeters, tc.reopen, tc.retention, tc.nearby)
			}
		})
	}
}
