package formdef

import (
	"errors"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// docsPath is the guide for form authors. These tests keep it true: its
// examples must be accepted (or refused where it says so), and every field
// type, key and function the code knows must be described in it.
const docsPath = "../../../docs/FORMS.md"

func readDocs(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatalf("the form authors' guide is missing: %v", err)
	}
	return string(b)
}

// docBlock is one ```yaml block of the guide.
type docBlock struct {
	line int    // line of the guide where the YAML starts
	head string // its first line, the marker comment
	src  string
}

// yamlBlocks returns the ```yaml blocks whose first line starts with marker.
func yamlBlocks(md, marker string) []docBlock {
	var out []docBlock
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```yaml" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
		}
		body := lines[start:min(i, len(lines))]
		if len(body) > 0 && strings.HasPrefix(body[0], marker) {
			out = append(out, docBlock{line: start + 1, head: body[0], src: strings.Join(body, "\n") + "\n"})
		}
	}
	return out
}

// inForm places field entries written at column 0 on the page of a
// minimal form, so the guide can show fields without the form around them.
func inForm(fields string) string {
	var b strings.Builder
	b.WriteString(`id: beispiel
title: Beispiel
department: test
statuses:
  - {key: neu, label: Neu}
  - {key: fertig, label: Fertig, closing: true}
pages:
  - id: seite
    title: Seite
    fields:
`)
	for _, l := range strings.Split(strings.TrimRight(fields, "\n"), "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}

func TestDocsExamplesAreAccepted(t *testing.T) {
	md := readDocs(t)
	blocks := yamlBlocks(md, "# example")
	forms, fields := 0, 0
	for _, b := range blocks {
		src := b.src
		if strings.HasPrefix(b.head, "# example fields") {
			src = inForm(b.src)
			fields++
		} else {
			forms++
		}
		t.Run("line_"+strconv.Itoa(b.line), func(t *testing.T) {
			if _, err := Parse([]byte(src)); err != nil {
				t.Errorf("the example at line %d of docs/FORMS.md is refused:\n%v\nsource:\n%s", b.line, err, src)
			}
		})
	}
	// Renaming the markers must not turn this test into one that checks nothing.
	if forms < 1 || fields < 10 {
		t.Errorf("found %d complete and %d field examples marked \"# example\" in docs/FORMS.md; want at least 1 and 10", forms, fields)
	}
}

// refusedLines reads the lines a "# refused: lines 15, 19" example names.
var refusedLines = regexp.MustCompile(`^# refused: lines? ([0-9, ]+)`)

func TestDocsRefusedExamplesAreRefusedAtTheirLines(t *testing.T) {
	md := readDocs(t)
	blocks := yamlBlocks(md, "# refused")
	if len(blocks) == 0 {
		t.Fatal(`docs/FORMS.md has no example marked "# refused: lines …"`)
	}
	for _, b := range blocks {
		t.Run("line_"+strconv.Itoa(b.line), func(t *testing.T) {
			m := refusedLines.FindStringSubmatch(b.head)
			if m == nil {
				t.Fatalf("marker %q does not say which lines are wrong (# refused: lines 15, 19)", b.head)
			}
			var want []int
			for _, s := range strings.Split(m[1], ",") {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil {
					t.Fatalf("marker %q: %v", b.head, err)
				}
				want = append(want, n)
			}
			_, err := Parse([]byte(b.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("the example is accepted (err %v), but the guide says it is refused", err)
			}
			var got []int
			for _, le := range pe.Errors {
				got = append(got, le.Line)
			}
			if !slices.Equal(got, want) {
				t.Errorf("mistakes at lines %v, the guide says %v:\n%v", got, want, err)
			}
		})
	}
}

func TestDocsDescribeEveryFieldType(t *testing.T) {
	md := readDocs(t)
	for _, typ := range Types {
		if heading := "#### `" + string(typ) + "`"; !strings.Contains(md, heading) {
			t.Errorf("docs/FORMS.md has no section %q for the field type %s", heading, typ)
		}
	}
	if want := strconv.Itoa(len(Types)) + " field types"; !strings.Contains(md, want) {
		t.Errorf("docs/FORMS.md should speak of the %q", want)
	}
}

func TestDocsDescribeEveryFunction(t *testing.T) {
	md := readDocs(t)
	for name := range funcs {
		if !strings.Contains(md, "`"+name+"(") {
			t.Errorf("docs/FORMS.md does not describe the expression function %s()", name)
		}
	}
}

// TestDocsDescribeEveryKey asks the parser which keys it knows at each
// level (through the message about an unknown key) and looks for each in
// the guide.
func TestDocsDescribeEveryKey(t *testing.T) {
	md := readDocs(t)
	src := `id: test
zz_unknown: 1
title: Test
department: test
statuses:
  - {key: neu, label: Neu, zz_unknown: 1}
  - {key: fertig, label: Fertig, closing: true}
pages:
  - id: p1
    title: Seite 1
    zz_unknown: 1
    fields:
      - {name: a, type: radio, label: A, zz_unknown: 1, options: [{value: x, label: X, zz_unknown: 1}]}
`
	_, err := Parse([]byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("unknown keys are accepted: %v", err)
	}
	levels := 0
	for _, le := range pe.Errors {
		if le.Key != "unknown_key" || len(le.Args) == 0 {
			continue
		}
		known, ok := le.Args[len(le.Args)-1].(string)
		if !ok {
			t.Fatalf("line %d: the last argument of unknown_key is %T, want the known keys as text", le.Line, le.Args[len(le.Args)-1])
		}
		levels++
		for _, key := range strings.Split(known, ", ") {
			if !strings.Contains(md, "`"+key+"`") {
				t.Errorf("docs/FORMS.md does not describe the key `%s` (known at line %d of the probe: %s)", key, le.Line, known)
			}
		}
	}
	if levels != 5 {
		t.Errorf("found the known keys of %d levels, want 5 (form, status, page, field, option):\n%v", levels, err)
	}
}
