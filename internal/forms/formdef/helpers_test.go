package formdef

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// today is the fixed date every validation test runs at.
var today = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// formWith builds a one-page form around the given field YAML (indented as
// list entries under fields:).
func formWith(t testing.TB, fields string) *Form {
	t.Helper()
	src := `id: test
title: Test
department: test
statuses:
  - {key: neu, label: Neu}
  - {key: fertig, label: Fertig, closing: true}
pages:
  - id: p1
    title: Seite 1
    fields:
` + fields
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse:\n%v\nsource:\n%s", err, src)
	}
	return f
}

// field renders one field entry for formWith.
func field(name, typ string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "      - name: %s\n        type: %s\n        label: {de: \"Feld %s\", en: \"Field %s\"}\n", name, typ, name, name)
	for _, e := range extra {
		fmt.Fprintf(&b, "        %s\n", e)
	}
	return b.String()
}

// post decodes v into fresh answers for the first page.
func post(f *Form, v url.Values) Answers {
	a := Answers{}
	f.Decode(f.Pages[0], v, a)
	f.Compute(a)
	return a
}

func demoSource(t testing.TB, id string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "demo", "forms", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func demoForm(t testing.TB, id string) *Form {
	t.Helper()
	f, err := Parse(demoSource(t, id))
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return f
}

func demoIDs(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "demo", "forms", "*.yaml"))
	if err != nil || len(files) != 5 {
		t.Fatalf("demo forms: %v, %v", files, err)
	}
	ids := make([]string, len(files))
	for i, fn := range files {
		ids[i] = strings.TrimSuffix(filepath.Base(fn), ".yaml")
	}
	return ids
}
