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

func TestJSONSchemaFollowsLangParameter(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		for _, tc := range []struct {
			name, path, title string
		}{
			{"running_german_by_default", "/forms/alle-felder/schema.json", "Alle Felder"},
			{"running_german", "/forms/alle-felder/schema.json?lang=de", "Alle Felder"},
			{"running_english", "/forms/alle-felder/schema.json?lang=en", "Every field"},
			{"version_german", "/forms/alle-felder/v1/schema.json", "Alle Felder"},
			{"version_english", "/forms/alle-felder/v1/schema.json?lang=en", "Every field"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.Get(tc.path)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("status %d", r.StatusCode)
				}
				var doc struct {
					Title       string
					Description string
					Properties  map[string]struct{ Title string }
				}
				if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
					t.Fatal(err)
				}
				if doc.Title != tc.title {
					t.Errorf("title %q, want %q", doc.Title, tc.title)
				}
				english := strings.Contains(tc.path, "lang=en")
				if got := doc.Properties["farbe"].Title; (got == "Colour") != english {
					t.Errorf("title of farbe %q (english %v)", got, english)
				}
				if strings.HasPrefix(doc.Description, "Answers") != english {
					t.Errorf("description %q (english %v)", doc.Description, english)
				}
			})
		}
		for _, path := range []string{"/forms/alle-felder/schema.json?lang=fr", "/forms/alle-felder/v1/schema.json?lang=EN"} {
			t.Run("rejects_unknown_language "+path, func(t *testing.T) {
				r := c.Get(path)
				if r.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", r.StatusCode)
				}
				var body struct {
					Error struct {
						Code   string
						Fields []struct{ Field, Message string }
					}
				}
				if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
					t.Fatalf("error not in the API format: %v\n%s", err, r.Body)
				}
				if len(body.Error.Fields) != 1 || body.Error.Fields[0].Field != "lang" || strings.Contains(body.Error.Fields[0].Message, "[[") {
					t.Errorf("error %+v", body.Error)
				}
			})
		}
	})
}
