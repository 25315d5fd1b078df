package open311

import (
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/open311/open311test"
)

// readShared returns a file below shared/.
func readShared(t *testing.T, rel string) []byte { t.Helper(); return open311test.ReadShared(t, rel) }

const (
	specFile      = "specs/open311-georeport-v2/GeoReport-v2.md"
	discoveryFile = "specs/open311-georeport-v2/Service_Discovery.md"
)

// specResponseFields returns the field names of the "#### Response" table of
// a "### section" of the spec, in table order.
func specResponseFields(t *testing.T, md, section string) []string {
	t.Helper()
	_, after, ok := strings.Cut(md, "\n### "+section+"\n")
	if !ok {
		t.Fatalf("spec has no section %q", section)
	}
	_, table, ok := strings.Cut(after, "#### Response\n")
	if !ok {
		t.Fatalf("section %q has no response table", section)
	}
	field := regexp.MustCompile("^\\|\\s*`([a-z_]+)`")
	var out []string
	for line := range strings.Lines(table) {
		if strings.TrimSpace(line) == "" && len(out) > 0 {
			break
		}
		if m := field.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// specExample returns the example block after the tab marker #id, without
// the HTTP status line the errors examples start with.
func specExample(t *testing.T, md, id string) []byte {
	t.Helper()
	_, after, ok := strings.Cut(md, " #"+id+"}\n")
	if !ok {
		t.Fatalf("spec has no example %q", id)
	}
	_, body, _ := strings.Cut(after, "~~~~\n")
	body, _, _ = strings.Cut(body, "~~~~\n")
	if i := strings.IndexAny(body, "<[{"); i > 0 {
		body = body[i:]
	}
	return []byte(body)
}

// discoveryExample returns the XML or JSON example of service discovery,
// indented by four spaces in its tab.
func discoveryExample(t *testing.T, md, title string) []byte {
	t.Helper()
	_, after, ok := strings.Cut(md, `<tab title="`+title+`">`)
	if !ok {
		t.Fatalf("discovery has no %s example", title)
	}
	body, _, _ := strings.Cut(after, "</tab>")
	var b strings.Builder
	for line := range strings.Lines(body) {
		b.WriteString(strings.TrimPrefix(line, "    "))
	}
	return []byte(strings.TrimSpace(b.String()))
}

// leadingZeros finds the spec's JSON numbers with leading zeros ("service_code":001).
var leadingZeros = regexp.MustCompile(`([:\[,]\s*)(0\d+)(\s*[,\]}\n])`)

// repairJSON quotes numbers with leading zeros so the spec's examples parse.
func repairJSON(b []byte) []byte { return leadingZeros.ReplaceAll(b, []byte(`$1"$2"$3`)) }

// The shape helpers live in open311test, so the Open311 handlers' tests
// compare their answers with the fixtures the same way.
type elem = open311test.Elem

func parseShape(t *testing.T, data []byte) *elem { t.Helper(); return open311test.ParseShape(t, data) }

func diffShape(path string, want, ours *elem, ordered bool, extra []string) []string {
	return open311test.DiffShape(path, want, ours, ordered, extra)
}

func decodeJSON(t *testing.T, data []byte) any { t.Helper(); return open311test.DecodeJSON(t, data) }

func diffJSON(path string, want, ours any) []string { return open311test.DiffJSON(path, want, ours) }
