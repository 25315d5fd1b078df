package photo

import (
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
	"testing"
)

// TestMessagesCoverEveryErrorKey keeps the catalogs complete: both
// languages have the same keys, and every key Process can return is there.
func TestMessagesCoverEveryErrorKey(t *testing.T) {
	load := func(lang string) map[string]string {
		data, err := fs.ReadFile(Messages, "locales/"+lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		return m
	}
	de, en := load("de"), load("en")
	if k1, k2 := slices.Sorted(maps.Keys(de)), slices.Sorted(maps.Keys(en)); !slices.Equal(k1, k2) {
		t.Fatalf("de keys %v, en keys %v", k1, k2)
	}
	for _, key := range []string{"photo.empty", "photo.type_not_allowed", "photo.too_large", "photo.too_many_pixels", "photo.unreadable"} {
		if de[key] == "" || en[key] == "" {
			t.Errorf("key %s missing", key)
		}
	}
}
