package formdef

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// LineError is one mistake in a definition file.
type LineError struct {
	Line, Col int
	Msg       string
}

func (e LineError) String() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// ParseError lists every mistake found in a definition file, in line order.
type ParseError struct {
	Errors []LineError
}

func (e *ParseError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, le := range e.Errors {
		lines[i] = le.String()
	}
	return strings.Join(lines, "\n")
}

// Limits on the size of a definition.
const (
	maxPages    = 50
	maxFields   = 100 // per page and per group
	maxOptions  = 200
	maxStatuses = 30
	maxItems    = 100 // hard cap on a group's max
)

// Parse reads and checks a YAML form definition. On mistakes it returns a
// *ParseError listing all of them with their lines.
func Parse(src []byte) (*Form, error) {
	r := &reader{}
	f := &Form{at: map[string]pos{}}
	if body := r.parseYAML(src); body != nil {
		r.form(body, f)
		// The checks cope with partly read definitions, and reporting
		// everything at once saves the author round trips.
		f.check(r)
	}
	if len(r.errs) > 0 {
		slices.SortStableFunc(r.errs, func(a, b LineError) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, &ParseError{Errors: r.errs}
	}
	return f, nil
}

func (r *reader) form(n ast.Node, f *Form) {
	f.at = r.object(n, "form", map[string]func(ast.Node){
		"id":             func(v ast.Node) { f.ID = r.str(v, "id") },
		"version":        func(v ast.Node) { f.Version = r.integer(v, "version") },
		"title":          func(v ast.Node) { f.Title = r.text(v, "title") },
		"intro":          func(v ast.Node) { f.Intro = r.text(v, "intro") },
		"service":        func(v ast.Node) { f.Service = r.str(v, "service") },
		"department":     func(v ast.Node) { f.Department = r.str(v, "department") },
		"guests":         func(v ast.Node) { f.Guests = r.boolean(v, "guests") },
		"resume_days":    func(v ast.Node) { f.ResumeDays = r.integer(v, "resume_days") },
		"retention_days": func(v ast.Node) { f.RetentionDays = r.integer(v, "retention_days") },
		"deadline_days":  func(v ast.Node) { f.DeadlineDays = r.integer(v, "deadline_days") },
		"statuses": func(v ast.Node) {
			r.list(v, "statuses", maxStatuses, func(s ast.Node) {
				f.Statuses = append(f.Statuses, r.status(s))
				f.statusLines = append(f.statusLines, posOf(s).line)
			})
		},
		"pages": func(v ast.Node) {
			r.list(v, "pages", maxPages, func(p ast.Node) { f.Pages = append(f.Pages, r.page(p)) })
		},
	}, "id", "title", "department", "statuses", "pages")
	if f.at == nil {
		f.at = map[string]pos{}
	}
}

func (r *reader) status(n ast.Node) Status {
	var s Status
	what := "status"
	if k := peekKey(n, "key"); k != "" {
		what = fmt.Sprintf("status %q", k)
	}
	r.object(n, what, map[string]func(ast.Node){
		"key":     func(v ast.Node) { s.Key = r.str(v, what+": key") },
		"label":   func(v ast.Node) { s.Label = r.text(v, what+": label") },
		"closing": func(v ast.Node) { s.Closing = r.boolean(v, what+": closing") },
	}, "key", "label")
	return s
}

func (r *reader) page(n ast.Node) *Page {
	p := &Page{Line: posOf(n).line}
	what := "page"
	if id := peekKey(n, "id"); id != "" {
		what = fmt.Sprintf("page %q", id)
	}
	p.at = r.object(n, what, map[string]func(ast.Node){
		"id":      func(v ast.Node) { p.ID = r.str(v, what+": id") },
		"title":   func(v ast.Node) { p.Title = r.text(v, what+": title") },
		"intro":   func(v ast.Node) { p.Intro = r.text(v, what+": intro") },
		"show_if": func(v ast.Node) { p.ShowIf = r.str(v, what+": show_if") },
		"fields": func(v ast.Node) {
			r.list(v, what+": fields", maxFields, func(fn ast.Node) { p.Fields = append(p.Fields, r.field(fn, 0)) })
		},
	}, "id", "title", "fields")
	if p.at == nil {
		p.at = map[string]pos{}
	}
	if l, ok := p.at["id"]; ok {
		p.Line = l.line
	}
	return p
}

func (r *reader) field(n ast.Node, depth int) *Field {
	fd := &Field{Line: posOf(n).line}
	what := "field"
	if name := peekKey(n, "name"); name != "" {
		what = fmt.Sprintf("field %q", name)
	}
	fd.at = r.object(n, what, map[string]func(ast.Node){
		"name": func(v ast.Node) { fd.Name = r.str(v, what+": name") },
		"type": func(v ast.Node) {
			t := FieldType(r.str(v, what+": type"))
			if t != "" && !slices.Contains(Types, t) {
				r.errAt(posOf(v), "%s: unknown type %q (known: %s)", what, t, typeList())
				return
			}
			fd.Type = t
		},
		"label":           func(v ast.Node) { fd.Label = r.text(v, what+": label") },
		"hint":            func(v ast.Node) { fd.Hint = r.text(v, what+": hint") },
		"item_label":      func(v ast.Node) { fd.ItemLabel = r.text(v, what+": item_label") },
		"required":        func(v ast.Node) { fd.Required = r.boolean(v, what+": required") },
		"show_if":         func(v ast.Node) { fd.ShowIf = r.str(v, what+": show_if") },
		"calc":            func(v ast.Node) { fd.Calc = r.str(v, what+": calc") },
		"min":             func(v ast.Node) { fd.Min = r.number(v, what+": min") },
		"max":             func(v ast.Node) { fd.Max = r.number(v, what+": max") },
		"integer":         func(v ast.Node) { fd.Integer = r.boolean(v, what+": integer") },
		"min_length":      func(v ast.Node) { fd.MinLength = r.integer(v, what+": min_length") },
		"max_length":      func(v ast.Node) { fd.MaxLength = r.integer(v, what+": max_length") },
		"pattern":         func(v ast.Node) { fd.Pattern = r.str(v, what+": pattern") },
		"pattern_message": func(v ast.Node) { fd.PatternMessage = r.text(v, what+": pattern_message") },
		"min_date":        func(v ast.Node) { fd.MinDate = r.str(v, what+": min_date") },
		"max_date":        func(v ast.Node) { fd.MaxDate = r.str(v, what+": max_date") },
		"accept":          func(v ast.Node) { fd.Accept = r.strings(v, what+": accept", 20) },
		"max_size_mb":     func(v ast.Node) { fd.MaxSizeMB = r.integer(v, what+": max_size_mb") },
		"prefill":         func(v ast.Node) { fd.Prefill = r.str(v, what+": prefill") },
		"options": func(v ast.Node) {
			r.list(v, what+": options", maxOptions, func(o ast.Node) { fd.Options = append(fd.Options, r.option(o, what)) })
		},
		"fields": func(v ast.Node) {
			if depth > 0 {
				return // checkGroup reports the nested group
			}
			r.list(v, what+": fields", maxFields, func(c ast.Node) { fd.Fields = append(fd.Fields, r.field(c, depth+1)) })
		},
	}, "name", "type")
	if fd.at == nil {
		fd.at = map[string]pos{}
	}
	if l, ok := fd.at["name"]; ok {
		fd.Line = l.line
	}
	return fd
}

func (r *reader) option(n ast.Node, what string) Option {
	var o Option
	if _, ok := n.(*ast.MappingNode); !ok {
		// "- Dackel" is short for value and German label in one.
		o.Value = r.str(n, what+": option")
		o.Label = Text{"de": o.Value}
		return o
	}
	r.object(n, what+": option", map[string]func(ast.Node){
		"value": func(v ast.Node) { o.Value = r.str(v, what+": option value") },
		"label": func(v ast.Node) { o.Label = r.text(v, what+": option label") },
	}, "value", "label")
	return o
}

// peekKey returns the scalar value of key in mapping n, so that messages can
// name the page or field before its keys are read.
func peekKey(n ast.Node, key string) string {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return ""
	}
	for _, kv := range m.Values {
		if kv.Key.String() != key {
			continue
		}
		if s, ok := kv.Value.(*ast.StringNode); ok {
			return s.Value
		}
	}
	return ""
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}
