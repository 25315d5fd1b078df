package forms_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestMessagesComplete checks that German and English have the same keys
// and that every message key the code and templates name exists.
func TestMessagesComplete(t *testing.T) {
	load := func(lang string) map[string]string {
		b, err := os.ReadFile("locales/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		return m
	}
	de, en := load("de"), load("en")
	for k := range de {
		if _, ok := en[k]; !ok {
			t.Errorf("%s is German only", k)
		}
	}
	for k := range en {
		if _, ok := de[k]; !ok {
			t.Errorf("%s is English only", k)
		}
	}
	// Template names ("forms.field") are no message keys.
	templates := map[string]bool{"forms.label": true, "forms.hint": true, "forms.error": true, "forms.field": true,
		"forms.errors": true, "forms.head": true, "forms.purge": true}
	keyRe := regexp.MustCompile(`"(forms\.[a-z_.]+[a-z])"`)
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("templates/*.html")
	parts, _ := filepath.Glob("templates/partials/*.html")
	for _, f := range append(append(files, more...), parts...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			if _, ok := de[m[1]]; !ok && !templates[m[1]] {
				t.Errorf("%s: key %s is missing", f, m[1])
			}
		}
	}
}
