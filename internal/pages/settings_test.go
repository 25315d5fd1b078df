package pages_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/pages"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAdminSetsTownNameAndState(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		visitor := tw.as(t, "")
		wantContains(t, visitor.Get("/"), "– Offenes Rathaus</title>")

		admin := tw.as(t, tw.admin.Email)
		r := admin.Get("/admin/settings")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, `<option value="NI">Niedersachsen</option>`)

		wantRedirect(t, admin.Post("/admin/settings", url.Values{"town_name": {"  Bad   Neustadt "}, "state": {"BY"}}), "/admin/settings")
		wantContains(t, visitor.Get("/"), "– Bad Neustadt</title>")
		wantContains(t, visitor.Get("/impressum?lang=de"), "Stadt Bad Neustadt")
		wantContains(t, admin.Get("/admin/settings"), `value="Bad Neustadt"`, `<option value="BY" selected>Bayern</option>`)
		if n := auditCount(t, tw.srv, "settings.update", "settings", "town"); n != 1 {
			t.Errorf("audit entries settings.update = %d, want 1", n)
		}
	})
}

func TestTownSettingsRejectBadInputAndKeepIt(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		admin := tw.as(t, tw.admin.Email)
		tests := []struct {
			name      string
			form      url.Values
			wantError string
			kept      string
		}{
			{"unknown state", url.Values{"town_name": {"Neustadt <b>"}, "state": {"XX"}}, `id="f-state-error"`, `value="Neustadt &lt;b&gt;"`},
			{"no state", url.Values{"town_name": {"Neustadt"}, "state": {""}}, `id="f-state-error"`, `value="Neustadt"`},
			{"no name", url.Values{"town_name": {" "}, "state": {"HE"}}, `id="f-town_name-error"`, `<option value="HE" selected>`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.Post("/admin/settings", tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, tt.kept)
			})
		}
		wantContains(t, tw.as(t, "").Get("/"), "– Offenes Rathaus</title>")
	})
}

// Two instances share one database: the one that saves shows the new name
// at once, the other within 30 seconds.
func TestTownNameReachesOtherInstancesWithin30Seconds(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, auth.Migrations, audit.Migrations, pages.Migrations)
		ctx := testkit.Context(t, d)
		c := clock.NewFixed(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
		deps := pages.Deps{Audit: &audit.Log{Clock: c}, Clock: c}
		a, b := pages.New(deps), pages.New(deps)

		if got := a.TownName(ctx); got != pages.DefaultTownName {
			t.Fatalf("name before saving = %q, want %q", got, pages.DefaultTownName)
		}
		if err := b.SaveSettings(ctx, pages.Settings{TownName: "Musterstadt", State: "NI"}, pages.Actor{}); err != nil {
			t.Fatal(err)
		}
		if got := b.TownName(ctx); got != "Musterstadt" {
			t.Errorf("saving instance shows %q, want Musterstadt", got)
		}
		c.Advance(29 * time.Second)
		if got := a.TownName(ctx); got != pages.DefaultTownName {
			t.Errorf("other instance after 29 s shows %q, want the cached %q", got, pages.DefaultTownName)
		}
		c.Advance(time.Second)
		if got := a.TownName(ctx); got != "Musterstadt" {
			t.Errorf("other instance after 30 s shows %q, want Musterstadt", got)
		}
		s, err := a.Settings(ctx)
		if err != nil || s.State != "NI" {
			t.Errorf("Settings = %+v, %v; want state NI", s, err)
		}
	})
}
