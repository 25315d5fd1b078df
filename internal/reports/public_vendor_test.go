package reports_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestPublicVendoredLeafletIsTheNPMPackage checks that the Leaflet files
// the binary embeds are the ones package-lock.json pins, copied by
// scripts/vendor-frontend.sh and not edited. It needs `npm ci`.
func TestPublicVendoredLeafletIsTheNPMPackage(t *testing.T) {
	root, err := testkit.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "node_modules", "leaflet")
	if _, err := os.Stat(src); err != nil {
		t.Skip("node_modules/leaflet is missing; run npm ci")
	}
	dst := filepath.Join(root, "internal", "web", "static", "vendor", "leaflet")
	for from, to := range map[string]string{
		"dist/leaflet.js":               "leaflet.js",
		"dist/leaflet.css":              "leaflet.css",
		"dist/images/marker-icon.png":   "images/marker-icon.png",
		"dist/images/marker-shadow.png": "images/marker-shadow.png",
		"dist/images/layers.png":        "images/layers.png",
		"LICENSE":                       "LICENSE.txt",
	} {
		want, err := os.ReadFile(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dst, to))
		if err != nil {
			t.Errorf("%s is not vendored: %v (run scripts/vendor-frontend.sh)", to, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("vendored %s differs from node_modules/leaflet/%s: run scripts/vendor-frontend.sh, never edit it", to, from)
		}
	}
}
