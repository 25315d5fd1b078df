package formdef

import (
	"cmp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Limits on the size of a definition.
const (
	maxPages    = 50
	maxFields   = 100 // per page and per group
	maxOptions  = 200
	maxStatuses = 30
	maxItems    = 100 // hard cap on a group's max
)

// Parse reads and checks a YAML form definition, as Normalize returns it
// (a byte order mark and Windows line ends are fine). The file must be
// UTF-8. On mistakes it returns a *ParseError listing all of them with their
// lines.
func Parse(src []byte) (*Form, error) {
	r := &reader{}
	f := &Form{at: map[string]pos{}}
	if body := r.parseYAML(Normalize(src)); body != nil {
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
	form := subject{kind: "form"}
	f.at = r.object(n, form, map[string]func(ast.Node){
		"id":             func(v ast.Node) { f.ID = r.str(v, form.at("id")) },
		"version":        func(v ast.Node) { f.Version = r.integer(v, form.at("version")) },
		"title":          func(v ast.Node) { f.Title = r.text(v, form.at("title")) },
		"intro":          func(v ast.Node) { f.Intro = r.text(v, form.at("intro")) },
		"service":        func(v ast.Node) { f.Service = r.str(v, form.at("service")) },
		"department":     func(v ast.Node) { f.Department = r.str(v, form.at("department")) },
		"guests":         func(v ast.Node) { f.Guests = r.boolean(v, form.at("guests")) },
		"resume_days":    func(v ast.Node) { f.ResumeDays = r.integer(v, form.at("resume_days")) },
		"retention_days": func(v ast.Node) { f.RetentionDays = r.integer(v, form.at("retention_days")) },
		"deadline_days":  func(v ast.Node) { f.DeadlineDays = r.integer(v, form.at("deadline_days")) },
		"statuses": func(v ast.Node) {
			r.list(v, form.at("statuses"), maxStatuses, func(s ast.Node) {
				f.Statuses = append(f.Statuses, r.status(s))
				f.statusLines = append(f.statusLines, posOf(s).line)
			})
		},
		"pages": func(v ast.Node) {
			r.list(v, form.at("pages"), maxPages, func(p ast.Node) { f.Pages = append(f.Pages, r.page(p)) })
		},
	}, "id", "title", "department", "statuses", "pages")
	if f.at == nil {
		f.at = map[string]pos{}
	}
}

func (r *reader) status(n ast.Node) Status {
	var s Status
	what := subject{kind: "status", name: peekKey(n, "key")}
	r.object(n, what, map[string]func(ast.Node){
		"key":     func(v ast.Node) { s.Key = r.str(v, what.at("key")) },
		"label":   func(v ast.Node) { s.Label = r.text(v, what.at("label")) },
		"closing": func(v ast.Node) { s.Closing = r.boolean(v, what.at("closing")) },
	}, "key", "label")
	return s
}

func (r *reader) page(n ast.Node) *Page {
	p := &Page{Line: posOf(n).line}
	what := subject{kind: "page", name: peekKey(n, "id")}
	p.at = r.object(n, what, map[string]func(ast.Node){
		"id":      func(v ast.Node) { p.ID = r.str(v, what.at("id")) },
		"title":   func(v ast.Node) { p.Title = r.text(v, what.at("title")) },
		"intro":   func(v ast.Node) { p.Intro = r.text(v, what.at("intro")) },
		"show_if": func(v ast.Node) { p.ShowIf = r.str(v, what.at("show_if")) },
		"fields": func(v ast.Node) {
			r.list(v, what.at("fields"), maxFields, func(fn ast.Node) { p.Fields = append(p.Fields, r.field(fn, 0, what.name, "")) })
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

// field reads a field on page; depth 1 is a field in group.
func (r *reader) field(n ast.Node, depth int, page, group string) *Field {
	fd := &Field{Line: posOf(n).line}
	what := subject{kind: "field", name: peekKey(n, "name"), page: page, group: group}
	fd.at = r.object(n, what, map[string]func(ast.Node){
		"name": func(v ast.Node) { fd.Name = r.str(v, what.at("name")) },
		"type": func(v ast.Node) {
			t := FieldType(r.str(v, what.at("type")))
			if t != "" && !slices.Contains(Types, t) {
				r.errAt(posOf(v), "unknown_type", what, Quoted(t), typeList())
				return
			}
			fd.Type = t
		},
		"label":           func(v ast.Node) { fd.Label = r.text(v, what.at("label")) },
		"hint":            func(v ast.Node) { fd.Hint = r.text(v, what.at("hint")) },
		"item_label":      func(v ast.Node) { fd.ItemLabel = r.text(v, what.at("item_label")) },
		"required":        func(v ast.Node) { fd.Required = r.boolean(v, what.at("required")) },
		"show_if":         func(v ast.Node) { fd.ShowIf = r.str(v, what.at("show_if")) },
		"calc":            func(v ast.Node) { fd.Calc = r.str(v, what.at("calc")) },
		"min":             func(v ast.Node) { fd.Min = r.number(v, what.at("min")) },
		"max":             func(v ast.Node) { fd.Max = r.number(v, what.at("max")) },
		"integer":         func(v ast.Node) { fd.Integer = r.boolean(v, what.at("integer")) },
		"min_length":      func(v ast.Node) { fd.MinLength = r.integer(v, what.at("min_length")) },
		"max_length":      func(v ast.Node) { fd.MaxLength = r.integer(v, what.at("max_length")) },
		"pattern":         func(v ast.Node) { fd.Pattern = r.str(v, what.at("pattern")) },
		"pattern_message": func(v ast.Node) { fd.PatternMessage = r.text(v, what.at("pattern_message")) },
		"transform":       func(v ast.Node) { fd.Transform = r.str(v, what.at("transform")) },
		"min_date":        func(v ast.Node) { fd.MinDate = r.str(v, what.at("min_date")) },
		"max_date":        func(v ast.Node) { fd.MaxDate = r.str(v, what.at("max_date")) },
		"accept":          func(v ast.Node) { fd.Accept = r.strings(v, what.at("accept"), 20) },
		"max_size_mb":     func(v ast.Node) { fd.MaxSizeMB = r.integer(v, what.at("max_size_mb")) },
		"prefill":         func(v ast.Node) { fd.Prefill = r.str(v, what.at("prefill")) },
		"options": func(v ast.Node) {
			r.list(v, what.at("options"), maxOptions, func(o ast.Node) { fd.Options = append(fd.Options, r.option(o, what)) })
		},
		"fields": func(v ast.Node) {
			if depth > 0 {
				return // checkGroup reports the nested group
			}
			r.list(v, what.at("fields"), maxFields, func(c ast.Node) { fd.Fields = append(fd.Fields, r.field(c, depth+1, page, what.name)) })
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

func (r *reader) option(n ast.Node, field subject) Option {
	var o Option
	what := field.asOption()
	if _, ok := n.(*ast.MappingNode); !ok {
		// "- Dackel" is short for value and German label in one.
		o.Value = r.str(n, what)
		o.Label = Text{"de": o.Value}
		return o
	}
	r.object(n, what, map[string]func(ast.Node){
		"value": func(v ast.Node) { o.Value = r.str(v, what.at("value")) },
		"label": func(v ast.Node) { o.Label = r.text(v, what.at("label")) },
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
