package forms_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestJSONSchemaEndpoints(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		for _, tc := range []struct {
			path   string
			status int
		}{
			{"/forms/alle-felder/schema.json", http.StatusOK},
			{"/forms/alle-felder/v1/schema.json", http.StatusOK},
			{"/forms/alle-felder/v2/schema.json", http.StatusNotFound},
			{"/forms/alle-felder/1/schema.json", http.StatusNotFound},
			{"/forms/gibt-es-nicht/schema.json", http.StatusNotFound},
		} {
			r := c.Get(tc.path)
			if r.StatusCode != tc.status {
				t.Errorf("%s: %d, want %d", tc.path, r.StatusCode, tc.status)
				continue
			}
			if tc.status != http.StatusOK {
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Errorf("%s: error as %s, want JSON", tc.path, r.Header.Get("Content-Type"))
				}
				continue
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/schema+json" {
				t.Errorf("%s: Content-Type %q", tc.path, ct)
			}
			var doc map[string]any
			if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
				t.Fatalf("%s: %v", tc.path, err)
			}
			if s, _ := doc["$schema"].(string); !strings.Contains(s, "2020-12") {
				t.Errorf("%s: $schema %q", tc.path, s)
			}
			props, _ := doc["properties"].(map[string]any)
			if _, ok := props["iban"]; !ok {
				t.Errorf("%s: no property for the IBAN field", tc.path)
			}
		}
	})
}
