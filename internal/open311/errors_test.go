package open311

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func readLocale(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := Locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

var verb = regexp.MustCompile(`%[sdvg]`)

// TestLocales checks the two catalogs hold the same keys with the same
// placeholders, and that the code uses exactly those keys.
func TestLocales(t *testing.T) {
	de, en := readLocale(t, "de"), readLocale(t, "en")
	for k, v := range de {
		w, ok := en[k]
		switch {
		case !ok:
			t.Errorf("%s only in de", k)
		case !strings.HasPrefix(k, "open311."):
			t.Errorf("%s is not in the open311 namespace", k)
		case v == "" || w == "":
			t.Errorf("%s is empty", k)
		case !slices.Equal(verb.FindAllString(v, -1), verb.FindAllString(w, -1)):
			t.Errorf("%s: placeholders differ: %q / %q", k, v, w)
		}
	}
	for k := range en {
		if _, ok := de[k]; !ok {
			t.Errorf("%s only in en", k)
		}
	}
	used := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"(open311\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
		}
	}
	for k := range used {
		if _, ok := de[k]; !ok {
			t.Errorf("%s is used but not in the catalog", k)
		}
	}
	for k := range de {
		if !used[k] {
			t.Errorf("%s is in the catalog but never used", k)
		}
	}
}

func TestErrorsStatus(t *testing.T) {
	cases := []struct {
		name string
		es   Errors
		want int
	}{
		{"empty list", Errors{}, 400},
		{"parameter error", Errors{{Code: 400}}, 400},
		{"first error decides", Errors{{Code: 403}, {Code: 400}}, 403},
		{"a code that is no HTTP error", Errors{{Code: 1001}}, 400},
		{"invalid key", InvalidKey(), 403},
		{"not found", NotFound("service_code", "999"), 404},
		{"unknown format", UnknownFormat(), 404},
		{"our failure", ServiceFailure(), 500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.es.Status(); got != c.want {
				t.Errorf("status %d, want %d", got, c.want)
			}
		})
	}
}

func TestErrorsLocalize(t *testing.T) {
	es := Errors{newError(400, "open311.error.required", "service_code"), {Code: 400, Description: "kept as is"}}
	cases := []struct {
		lang, want string
	}{
		{"de", "service_code fehlt."},
		{"en", "service_code was not provided."},
		{"fr", "service_code fehlt."},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			got := es.Localize(c.lang)
			if got[0].Description != c.want || got[1].Description != "kept as is" {
				t.Errorf("descriptions %q, %q", got[0].Description, got[1].Description)
			}
		})
	}
	if es[0].Description != "" {
		t.Error("Localize changed its receiver")
	}
}

func TestNotFoundClipsTheEchoedValue(t *testing.T) {
	es := NotFound("service_request_id", strings.Repeat("ä", 100)).Localize("en")
	d := es[0].Description
	if !strings.Contains(d, "service_request_id") || len(d) > 200 || !strings.Contains(d, "…") {
		t.Errorf("description %q", d)
	}
}

func TestAsErrors(t *testing.T) {
	_, err := ParseSubmission(nil, Limits{})
	wrapped := fmt.Errorf("posting: %w", err)
	if es, ok := AsErrors(wrapped); !ok || len(es) != 2 {
		t.Errorf("wrapped list: %v %v", es, ok)
	}
	if _, ok := AsErrors(errors.New("disk full")); ok {
		t.Error("a plain error is no list")
	}
	if _, ok := AsErrors(nil); ok {
		t.Error("nil is no list")
	}
	if got := wrapped.Error(); !strings.Contains(got, "400 service_code was not provided.") {
		t.Errorf("error text %q", got)
	}
}
