package demo_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestSeedNamesTheTownMusterstadtInLowerSaxony(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	ctx := srv.Ctx()
	accounts, err := demo.Seed(ctx, srv.App)
	if err != nil || len(accounts) == 0 {
		t.Fatalf("Seed = %d accounts, %v", len(accounts), err)
	}
	s, err := srv.App.Pages.Settings(ctx)
	if err != nil || s.TownName != "Musterstadt" || s.State != "NI" {
		t.Fatalf("settings after Seed = %+v, %v; want Musterstadt, NI", s, err)
	}
	if r := srv.Client().Get("/"); !strings.Contains(r.Body, "– Musterstadt</title>") {
		t.Errorf("start page does not show the demo town's name:\n%s", testkit.Excerpt(r.Body))
	}
}
