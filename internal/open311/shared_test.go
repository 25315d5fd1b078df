package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sharedEnv names the directory holding specs/ and fixtures/ when it is not
// at ../shared beside the repository, where CI checks it out.
const sharedEnv = "RATHAUS_SHARED_DIR"

// readShared returns a file below shared/.
func readShared(t *testing.T, rel string) []byte {
	t.Helper()
	dir := os.Getenv(sharedEnv)
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("shared file (set %s to the shared/ directory): %v", sharedEnv, err)
	}
	return data
}

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

// elem is the shape of an XML document: names, nesting, order, trimmed text.
type elem struct {
	name string
	text string
	kids []*elem
}

func parseShape(t *testing.T, data []byte) *elem {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*elem
	var root *elem
	for {
		tok, err := d.Token()
		if err != nil {
			if root != nil && len(stack) == 0 {
				return root
			}
			t.Fatalf("xml: %v\n%s", err, data)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &elem{name: tk.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		case xml.EndElement:
			e := stack[len(stack)-1]
			e.text = strings.TrimSpace(e.text)
			stack = stack[:len(stack)-1]
		}
	}
}

// preorder returns the element names of e in document order, each once.
func (e *elem) preorder() []string {
	var out []string
	var walk func(*elem)
	walk = func(e *elem) {
		if !slices.Contains(out, e.name) {
			out = append(out, e.name)
		}
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(e)
	return out
}

// diffShape compares the shape of ours with want. Children are compared in
// order when ordered is set, else as sets; extra names ours may add where
// want lacks them.
func diffShape(path string, want, ours *elem, ordered bool, extra []string) []string {
	p := path + "/" + want.name
	if want.name != ours.name {
		return []string{fmt.Sprintf("%s: element <%s>, want <%s>", path, ours.name, want.name)}
	}
	if len(want.kids) == 0 && len(ours.kids) == 0 {
		if want.text != ours.text {
			return []string{fmt.Sprintf("%s: text %q, want %q", p, ours.text, want.text)}
		}
		return nil
	}
	var kept []*elem
	for _, k := range ours.kids {
		if !slices.Contains(extra, k.name) || slices.ContainsFunc(want.kids, func(w *elem) bool { return w.name == k.name }) {
			kept = append(kept, k)
		}
	}
	names := func(es []*elem) []string {
		var n []string
		for _, e := range es {
			n = append(n, e.name)
		}
		return n
	}
	wn, on := names(want.kids), names(kept)
	if !ordered {
		slices.Sort(wn)
		slices.Sort(on)
	}
	if !slices.Equal(wn, on) {
		return []string{fmt.Sprintf("%s: children %v, want %v", p, names(kept), names(want.kids))}
	}
	var diffs []string
	for _, w := range want.kids {
		// Match each wanted child with ours of the same name and position
		// among equally named siblings.
		nth := 0
		for _, x := range want.kids {
			if x == w {
				break
			}
			if x.name == w.name {
				nth++
			}
		}
		for _, o := range kept {
			if o.name == w.name {
				if nth == 0 {
					diffs = append(diffs, diffShape(p, w, o, ordered, extra)...)
					break
				}
				nth--
			}
		}
	}
	return diffs
}

// decodeJSON parses JSON keeping numbers as text.
func decodeJSON(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("json: %v\n%s", err, data)
	}
	return v
}

// diffJSON compares our JSON with want. A key want lacks must be null in
// ours: servers such as Chicago's leave out what we write as null. Numbers
// and strings compare by their text, because the spec's examples write
// identifiers as numbers where we write strings; strings compare trimmed.
func diffJSON(path string, want, ours any) []string {
	switch w := want.(type) {
	case map[string]any:
		o, ok := ours.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want object", path, ours)}
		}
		var diffs []string
		for k, wv := range w {
			ov, ok := o[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: missing key %q", path, k))
				continue
			}
			diffs = append(diffs, diffJSON(path+"."+k, wv, ov)...)
		}
		for k, ov := range o {
			if _, ok := w[k]; !ok && ov != nil {
				diffs = append(diffs, fmt.Sprintf("%s: extra key %q = %v", path, k, ov))
			}
		}
		return diffs
	case []any:
		o, ok := ours.([]any)
		if !ok || len(o) != len(w) {
			return []string{fmt.Sprintf("%s: %v, want array of %d", path, ours, len(w))}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, diffJSON(fmt.Sprintf("%s[%d]", path, i), w[i], o[i])...)
		}
		return diffs
	case nil:
		if s, ok := ours.(string); ours != nil && !(ok && s == "") {
			return []string{fmt.Sprintf("%s: %v, want null", path, ours)}
		}
		return nil
	default:
		_, wb := want.(bool)
		_, ob := ours.(bool)
		if wb != ob || scalar(want) != scalar(ours) {
			return []string{fmt.Sprintf("%s: %v (%T), want %v (%T)", path, ours, ours, want, want)}
		}
		return nil
	}
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}
