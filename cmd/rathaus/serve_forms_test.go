package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestServeDemoInstallsTheTownsFormsAfterTheDemoDepartments(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := environ(t, e)
		dir := filepath.Join(getenv(env, "RATHAUS_DATA_DIR"), "forms")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// A town's own form, for a department that only the demo town creates.
		townForm := testkit.GuestForm("eigener-antrag", "kaemmerei")
		if err := os.WriteFile(filepath.Join(dir, "eigener-antrag.yaml"), []byte(townForm), 0o600); err != nil {
			t.Fatal(err)
		}
		s := startServe(t, env, "--demo")
		defer s.Stop()
		c := newClient(t, s.URL)
		if r := c.get("/forms/eigener-antrag/schema.json"); r.StatusCode != http.StatusOK {
			t.Errorf("the town's form for a demo department: schema %d, want 200; stderr:\n%s", r.StatusCode, s.Stderr)
		}
		if strings.Contains(s.Stderr.String(), "form file invalid") {
			t.Errorf("start-up refused a form:\n%s", s.Stderr)
		}
		// The demo's own forms are there too.
		if r := c.get("/forms/hund-anmelden/schema.json"); r.StatusCode != http.StatusOK {
			t.Errorf("demo form: schema %d, want 200", r.StatusCode)
		}
	})
}
