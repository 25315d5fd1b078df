package demo_test

import (
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestSeedFillsTheCaseInboxes(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	if _, err := demo.Seed(srv.Ctx(), srv.App); err != nil {
		t.Fatal(err)
	}
	c := srv.Client()
	c.Login("ordnungsamt@musterstadt.example", demo.Password)
	r := c.Get("/staff/cases?state=all")
	for _, want := range []string{"Jane Doe", "Erika Beispiel", "Max Mustermann", "Ruht"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("Ordnungsamt's inbox lacks %q:\n%s", want, testkit.Excerpt(r.Body))
		}
	}
	if strings.Contains(r.Body, "Gerda Gast") {
		t.Error("the Ordnungsamt sees the Bürgerbüro's case")
	}
	c = srv.Client()
	c.Login("kaemmerei@musterstadt.example", demo.Password)
	if r := c.Get("/staff/cases"); !strings.Contains(r.Body, "Bello") && !strings.Contains(r.Body, "Hund") {
		t.Errorf("Kämmerei's inbox:\n%s", testkit.Excerpt(r.Body))
	}
}
