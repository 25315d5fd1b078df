// Package open311test holds what tests need to compare Open311 answers with
// the spec's examples and with real servers' answers (the fixtures in the
// shared/ directory beside the repository): the shape of an XML document
// and a tolerant comparison of JSON. It is imported by tests only.
package open311test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// SharedEnv names the directory holding specs/ and fixtures/ when it is not
// at ../shared beside the repository, where CI checks it out.
const SharedEnv = "RATHAUS_SHARED_DIR"

// ReadShared returns a file below shared/, e.g.
// "fixtures/open311/services_giessen.xml".
func ReadShared(t testing.TB, rel string) []byte {
	t.Helper()
	dir := os.Getenv(SharedEnv)
	if dir == "" {
		dir = sharedBesideModule()
	}
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatalf("shared file (set %s to the shared/ directory): %v", SharedEnv, err)
	}
	return data
}

// sharedBesideModule finds ../shared next to the module root, from the
// directory of whichever package's test is running.
func sharedBesideModule() string {
	dir, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "..", "..", "shared")
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(d), "shared")
		}
		if filepath.Dir(d) == d {
			return filepath.Join("..", "..", "..", "shared")
		}
	}
}

// Elem is the shape of an XML document: names, nesting, order, trimmed text.
type Elem struct {
	Name string
	Text string
	Kids []*Elem
}

// ParseShape reads the shape of an XML document.
func ParseShape(t testing.TB, data []byte) *Elem {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*Elem
	var root *Elem
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
			e := &Elem{Name: tk.Name.Local}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tk)
			}
		case xml.EndElement:
			e := stack[len(stack)-1]
			e.Text = strings.TrimSpace(e.Text)
			stack = stack[:len(stack)-1]
		}
	}
}

// Preorder returns the element names of e in document order, each once.
func (e *Elem) Preorder() []string {
	var out []string
	var walk func(*Elem)
	walk = func(e *Elem) {
		if !slices.Contains(out, e.Name) {
			out = append(out, e.Name)
		}
		for _, k := range e.Kids {
			walk(k)
		}
	}
	walk(e)
	return out
}

// DiffShape compares the shape of ours with want, texts included. Children
// are compared in order when ordered is set, else as sets; extra names ours
// may add where want lacks them.
func DiffShape(path string, want, ours *Elem, ordered bool, extra []string) []string {
	return diffShape(path, want, ours, ordered, extra, true)
}

// DiffStructure is DiffShape without comparing texts: the same elements,
// nested the same way, whatever they hold. Lists compare by their first
// item, so a server's answer with two requests has the structure of ours
// with fifty.
func DiffStructure(path string, want, ours *Elem, ordered bool, extra []string) []string {
	return diffShape(path, firstOfEach(want), firstOfEach(ours), ordered, extra, false)
}

// firstOfEach keeps, below every element, the first child of each name.
func firstOfEach(e *Elem) *Elem {
	out := &Elem{Name: e.Name, Text: e.Text}
	seen := map[string]bool{}
	for _, k := range e.Kids {
		if !seen[k.Name] {
			seen[k.Name] = true
			out.Kids = append(out.Kids, firstOfEach(k))
		}
	}
	return out
}

func diffShape(path string, want, ours *Elem, ordered bool, extra []string, texts bool) []string {
	p := path + "/" + want.Name
	if want.Name != ours.Name {
		return []string{fmt.Sprintf("%s: element <%s>, want <%s>", path, ours.Name, want.Name)}
	}
	if len(want.Kids) == 0 && len(ours.Kids) == 0 {
		if texts && want.Text != ours.Text {
			return []string{fmt.Sprintf("%s: text %q, want %q", p, ours.Text, want.Text)}
		}
		return nil
	}
	var kept []*Elem
	for _, k := range ours.Kids {
		if !slices.Contains(extra, k.Name) || slices.ContainsFunc(want.Kids, func(w *Elem) bool { return w.Name == k.Name }) {
			kept = append(kept, k)
		}
	}
	names := func(es []*Elem) []string {
		var n []string
		for _, e := range es {
			n = append(n, e.Name)
		}
		return n
	}
	wn, on := names(want.Kids), names(kept)
	if !ordered {
		slices.Sort(wn)
		slices.Sort(on)
	}
	if !slices.Equal(wn, on) {
		return []string{fmt.Sprintf("%s: children %v, want %v", p, names(kept), names(want.Kids))}
	}
	var diffs []string
	for _, w := range want.Kids {
		// Match each wanted child with ours of the same name and position
		// among equally named siblings.
		nth := 0
		for _, x := range want.Kids {
			if x == w {
				break
			}
			if x.Name == w.Name {
				nth++
			}
		}
		for _, o := range kept {
			if o.Name == w.Name {
				if nth == 0 {
					diffs = append(diffs, diffShape(p, w, o, ordered, extra, texts)...)
					break
				}
				nth--
			}
		}
	}
	return diffs
}

// DecodeJSON parses JSON keeping numbers as text.
func DecodeJSON(t testing.TB, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("json: %v\n%s", err, data)
	}
	return v
}

// DiffJSON compares our JSON with want. A key want lacks must be null in
// ours: servers such as Chicago's leave out what we write as null. Numbers
// and strings compare by their text, because the spec's examples write
// identifiers as numbers where we write strings; strings compare trimmed.
func DiffJSON(path string, want, ours any) []string {
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
			diffs = append(diffs, DiffJSON(path+"."+k, wv, ov)...)
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
			diffs = append(diffs, DiffJSON(fmt.Sprintf("%s[%d]", path, i), w[i], o[i])...)
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

// JSONKind is the kind of a decoded JSON value: "object", "array",
// "string", "number", "bool" or "null".
func JSONKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

// DiffJSONStructure compares the structure of our JSON with want: every key
// of want's objects is in ours with a value of the same kind, or null in
// either (optional fields); ours may add keys. Arrays compare by their first
// elements, and an empty array in either matches. Values are not compared.
func DiffJSONStructure(path string, want, ours any) []string {
	if want == nil || ours == nil {
		return nil
	}
	if wk, ok := JSONKind(want), JSONKind(ours); wk != ok {
		// Identifiers are numbers in some servers' answers and strings in
		// ours, which the spec's own examples show losing leading zeros.
		if !(wk == "number" && ok == "string") {
			return []string{fmt.Sprintf("%s: %s, want %s", path, ok, wk)}
		}
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		o := ours.(map[string]any)
		var diffs []string
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ov, ok := o[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: missing key %q", path, k))
				continue
			}
			diffs = append(diffs, DiffJSONStructure(path+"."+k, w[k], ov)...)
		}
		return diffs
	case []any:
		o := ours.([]any)
		if len(w) == 0 || len(o) == 0 {
			return nil
		}
		return DiffJSONStructure(path+"[0]", w[0], o[0])
	}
	return nil
}
