package formdef

import (
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Limits that keep a hostile or broken upload cheap to reject.
const (
	maxSourceBytes = 512 << 10
	maxFlowDepth   = 64
	maxErrors      = 100
)

// pos is a place in the YAML source.
type pos struct{ line, col int }

// reader walks the YAML syntax tree by hand (instead of decoding into
// structs) so that every mistake is collected with its position and strict
// mode can name the keys that are allowed.
type reader struct {
	errs []LineError
}

// errAt records the mistake key of parseMessages at p.
func (r *reader) errAt(p pos, key string, args ...any) {
	if len(r.errs) >= maxErrors {
		return
	}
	r.errs = append(r.errs, NewLineError(p.line, p.col, key, args...))
}

func posOf(n ast.Node) pos {
	if n == nil {
		return pos{}
	}
	t := n.GetToken()
	if t == nil || t.Position == nil {
		return pos{}
	}
	return pos{t.Position.Line, t.Position.Column}
}

// parseYAML returns the body of the single document in src, a normalised
// source.
func (r *reader) parseYAML(src []byte) ast.Node {
	if len(src) > maxSourceBytes {
		r.errAt(pos{1, 1}, "file_too_large", maxSourceBytes>>10)
		return nil
	}
	// The YAML parser takes any bytes; a Latin-1 "ß" would reach citizens
	// as "�".
	if p, ok := firstInvalidUTF8(src); !ok {
		r.errAt(p, "not_utf8", p.col)
		return nil
	}
	if d := flowDepth(src); d > maxFlowDepth {
		r.errAt(pos{1, 1}, "too_deep", maxFlowDepth)
		return nil
	}
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		var se *yaml.SyntaxError
		if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
			r.errAt(pos{se.Token.Position.Line, se.Token.Position.Column}, "yaml_syntax", yamlReason(se.GetMessage()))
		} else {
			r.errAt(pos{1, 1}, "yaml_syntax", yamlReason(firstLine(err.Error())))
		}
		return nil
	}
	var docs []ast.Node
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	switch {
	case len(docs) == 0:
		r.errAt(pos{1, 1}, "file_empty")
		return nil
	case len(docs) > 1:
		r.errAt(posOf(docs[1]), "two_documents")
		return nil
	}
	return docs[0]
}

// flowDepth is the deepest nesting of [ and { outside quotes; the YAML
// parser recurses on them, so we refuse absurd nesting before parsing.
func flowDepth(src []byte) int {
	depth, max := 0, 0
	var quote byte
	for _, c := range src {
		switch {
		case quote != 0:
			if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
			max = maxInt(max, depth)
		case c == ']' || c == '}':
			depth = maxInt(depth-1, 0)
		}
	}
	return max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// unwrap strips tags and refuses anchors and aliases (they add nothing to a
// form and invite exponential expansion).
func (r *reader) unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode, *ast.AliasNode:
			r.errAt(posOf(n), "anchors")
			return nil
		default:
			return n
		}
	}
}

// object reads a mapping, calling the handler of each key; unknown and
// missing keys are reported.
func (r *reader) object(n ast.Node, what subject, handlers map[string]func(ast.Node), required ...string) map[string]pos {
	n = r.unwrap(n)
	if n == nil {
		return nil
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		r.errAt(posOf(n), "not_mapping", what)
		return nil
	}
	seen := map[string]pos{}
	for _, kv := range m.Values {
		key := kv.Key.String()
		if sk, ok := kv.Key.(*ast.StringNode); ok {
			key = sk.Value
		}
		p := posOf(kv.Key)
		h, ok := handlers[key]
		if !ok {
			known := make([]string, 0, len(handlers))
			for k := range handlers {
				known = append(known, k)
			}
			slices.Sort(known)
			r.errAt(p, "unknown_key", what, Quoted(key), strings.Join(known, ", "))
			continue
		}
		seen[key] = p
		if v := r.unwrap(kv.Value); v != nil {
			if _, null := v.(*ast.NullNode); null {
				r.errAt(posOf(kv.Value), "no_value", what, Quoted(key))
				continue
			}
			h(v)
		}
	}
	for _, k := range required {
		if _, ok := seen[k]; !ok {
			r.errAt(posOf(m), "missing", what, Quoted(k))
		}
	}
	return seen
}

func (r *reader) str(n ast.Node, what subject) string {
	switch t := n.(type) {
	case *ast.StringNode:
		return t.Value
	case *ast.LiteralNode:
		if t.Value != nil {
			return strings.TrimRight(t.Value.Value, "\n")
		}
		return ""
	case *ast.IntegerNode, *ast.FloatNode:
		return t.GetToken().Value
	}
	r.errAt(posOf(n), "not_text", what)
	return ""
}

func (r *reader) integer(n ast.Node, what subject) int {
	t, ok := n.(*ast.IntegerNode)
	if ok {
		var v int64
		switch x := t.Value.(type) {
		case int64:
			v = x
		case uint64:
			v = math.MaxInt32
			if x < math.MaxInt32 {
				v = int64(x)
			}
		}
		if v >= 0 && v <= 1_000_000 {
			return int(v)
		}
	}
	r.errAt(posOf(n), "not_whole_number", what)
	return 0
}

func (r *reader) number(n ast.Node, what subject) *float64 {
	var v float64
	switch t := n.(type) {
	case *ast.IntegerNode:
		switch x := t.Value.(type) {
		case int64:
			v = float64(x)
		case uint64:
			v = float64(x)
		}
	case *ast.FloatNode:
		v = t.Value
	default:
		r.errAt(posOf(n), "not_number", what)
		return nil
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
		r.errAt(posOf(n), "not_number", what)
		return nil
	}
	return &v
}

func (r *reader) boolean(n ast.Node, what subject) bool {
	if t, ok := n.(*ast.BoolNode); ok {
		return t.Value
	}
	r.errAt(posOf(n), "not_bool", what)
	return false
}

// text reads a translated text: {de: …, en: …} or a plain string (German).
func (r *reader) text(n ast.Node, what subject) Text {
	if _, ok := n.(*ast.MappingNode); !ok {
		return Text{"de": r.str(n, what)}
	}
	t := Text{}
	r.object(n, what, map[string]func(ast.Node){
		"de": func(v ast.Node) { t["de"] = r.str(v, what.at("de")) },
		"en": func(v ast.Node) { t["en"] = r.str(v, what.at("en")) },
	})
	if t["de"] == "" {
		r.errAt(posOf(n), "no_german", what)
	}
	return t
}

func (r *reader) list(n ast.Node, what subject, max int, each func(ast.Node)) {
	s, ok := n.(*ast.SequenceNode)
	if !ok {
		r.errAt(posOf(n), "not_list", what)
		return
	}
	if len(s.Values) > max {
		r.errAt(posOf(n), "too_many", what, max)
		return
	}
	for _, v := range s.Values {
		if v = r.unwrap(v); v != nil {
			each(v)
		}
	}
}

func (r *reader) strings(n ast.Node, what subject, max int) []string {
	var out []string
	r.list(n, what, max, func(v ast.Node) { out = append(out, r.str(v, what)) })
	return out
}
