package reports_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestTownSettingsReachTheMaengelmelder(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e, func(c *config.Config, _ *app.Options) {
			c.ReportsReopenDays, c.ReportsRetentionDays, c.ReportsNearbyMeters = 3, 30, 200
		})
		if got, want := town.svc.Options(), (reports.Options{ReopenDays: 3, RetentionDays: 30, NearbyMetres: 200}); got != want {
			t.Fatalf("options %+v, want %+v", got, want)
		}
		ctx := town.srv.Ctx()
		here := geo.Point{Lat: 52.3700, Lon: 9.7300}
		r, token := town.report("muell", &here, 0)
		// 150 m away: outside the default 50 m, inside the town's 200 m.
		near, err := town.svc.Nearby(ctx, "muell", geo.Point{Lat: 52.37135, Lon: 9.7300}, 0)
		if err != nil || len(near) != 1 || near[0].Report.ID != r.ID {
			t.Errorf("nearby within the town's radius: %+v (%v)", near, err)
		}
		if err := town.svc.SetStatus(ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		town.clock.Advance(4 * 24 * time.Hour)
		if err := town.svc.Reopen(ctx, token, "Liegt noch da."); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("reopening after the town's 3 days: %v, want a conflict", err)
		}
		town.clock.Advance(27 * 24 * time.Hour)
		if _, err := town.svc.EraseExpired(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := town.svc.StaffReport(ctx, r.ID, reports.SystemActor)
		if err != nil || got.Reporter.Email != "" {
			t.Errorf("personal data 31 days after closing with 30 days' retention: %q (%v)", got.Reporter.Email, err)
		}
	})
}
