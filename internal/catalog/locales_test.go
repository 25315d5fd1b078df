package catalog

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"testing"
)

func TestLocalesHaveTheSameKeysInGermanAndEnglish(t *testing.T) {
	keys := map[string][]string{}
	for _, lang := range []string{"de", "en"} {
		b, err := fs.ReadFile(files, "locales/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for k, v := range m {
			if v == "" {
				t.Errorf("%s.json: %s is empty", lang, k)
			}
			keys[lang] = append(keys[lang], k)
		}
		slices.Sort(keys[lang])
	}
	for _, k := range keys["de"] {
		if _, found := slices.BinarySearch(keys["en"], k); !found {
			t.Errorf("%s is in de.json, not in en.json", k)
		}
	}
	for _, k := range keys["en"] {
		if _, found := slices.BinarySearch(keys["de"], k); !found {
			t.Errorf("%s is in en.json, not in de.json", k)
		}
	}
}

// TestTemplatesUseOnlyKnownKeys finds the literal keys in the templates;
// keys put together at run time (channels, audiences) are checked by the
// page tests, which fail on a missing message.
func TestTemplatesUseOnlyKnownKeys(t *testing.T) {
	b, err := fs.ReadFile(files, "locales/de.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	json.Unmarshal(b, &m)
	re := regexp.MustCompile(`"(catalog\.[a-z0-9_.]+)"`)
	err = fs.WalkDir(files, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		for _, k := range re.FindAllStringSubmatch(string(body), -1) {
			if _, ok := m[k[1]]; !ok && k[1] != "catalog.item" && k[1] != "catalog.search" && k[1] != "catalog.checks" {
				t.Errorf("%s uses %s, which de.json lacks", path, k[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
