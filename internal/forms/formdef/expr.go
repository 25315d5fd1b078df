package formdef

import (
	"strconv"
	"strings"
)

// The expression language of show_if and calc is deliberately tiny: no loops,
// no user functions, no access to anything but the answers. Limits on length,
// nesting and nodes bound the cost of parsing; evaluation is bounded by a step
// budget (see eval.go).
const (
	maxExprLen   = 1000
	maxExprDepth = 40
	maxExprNodes = 200
)

type nodeKind int

const (
	nodeLit nodeKind = iota
	nodeRef
	nodeNot
	nodeNeg
	nodeBinary
	nodeCall
)

// expr is a parsed expression.
type expr struct {
	src  string
	root *node
}

type node struct {
	kind nodeKind
	op   string // binary operator or function name
	val  any    // literal: float64, string, bool or nil
	name string // reference as written
	args []*node

	// Set by the checker for references.
	field *Field
	part  string // address part, "" for the whole answer
}

type token struct {
	kind string // "num", "str", "ident", "op", "eof"
	text string
	num  float64
	pos  int
}

type exprParser struct {
	src   string
	toks  []token
	i     int
	depth int
	nodes int
}

// parseExpr parses src; errors are plain sentences without position prefix.
func parseExpr(src string) (*expr, error) {
	if len(src) > maxExprLen {
		return nil, exprErr("expr_too_long", maxExprLen)
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{src: src, toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, unexpected(t)
	}
	return &expr{src: src, root: n}, nil
}

func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(src[i:j], 64)
			if err != nil {
				return nil, exprErr("expr_bad_number", Quoted(src[i:j]), i+1)
			}
			out = append(out, token{kind: "num", text: src[i:j], num: f, pos: i})
			i = j
		case c == '"' || c == '\'':
			j := i + 1
			var b strings.Builder
			for j < len(src) && src[j] != c {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			if j >= len(src) {
				return nil, exprErr("expr_open_quote", i+1)
			}
			out = append(out, token{kind: "str", text: b.String(), pos: i})
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			j := i
			for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' ||
				src[j] >= '0' && src[j] <= '9' || src[j] == '_' || src[j] == '.') {
				j++
			}
			out = append(out, token{kind: "ident", text: src[i:j], pos: i})
			i = j
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "==", "!=", "<=", ">=", "&&", "||":
				out = append(out, token{kind: "op", text: two, pos: i})
				i += 2
				continue
			}
			if strings.IndexByte("()<>+-*/%!,", c) >= 0 {
				out = append(out, token{kind: "op", text: string(c), pos: i})
				i++
				continue
			}
			if c == '=' {
				return nil, exprErr("expr_use_eqeq", i+1)
			}
			return nil, exprErr("expr_bad_char", Quoted(string(rune(c))), i+1)
		}
	}
	return append(out, token{kind: "eof", text: "end", pos: len(src)}), nil
}

func (p *exprParser) peek() token { return p.toks[p.i] }

func (p *exprParser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

// is reports whether the next token is one of the operators or keywords.
func (p *exprParser) is(words ...string) bool {
	t := p.peek()
	if t.kind != "op" && t.kind != "ident" {
		return false
	}
	for _, w := range words {
		if t.text == w {
			return true
		}
	}
	return false
}

func (p *exprParser) mk(n *node) (*node, error) {
	p.nodes++
	if p.nodes > maxExprNodes {
		return nil, exprErr("expr_too_many_parts", maxExprNodes)
	}
	return n, nil
}

func (p *exprParser) enter() error {
	p.depth++
	if p.depth > maxExprDepth {
		return exprErr("expr_too_deep", maxExprDepth)
	}
	return nil
}

func (p *exprParser) binary(sub func() (*node, error), ops ...string) (*node, error) {
	left, err := sub()
	if err != nil {
		return nil, err
	}
	for p.is(ops...) {
		op := p.next().text
		switch op {
		case "||":
			op = "or"
		case "&&":
			op = "and"
		}
		right, err := sub()
		if err != nil {
			return nil, err
		}
		if left, err = p.mk(&node{kind: nodeBinary, op: op, args: []*node{left, right}}); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *exprParser) or() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	return p.binary(p.and, "or", "||")
}

func (p *exprParser) and() (*node, error) { return p.binary(p.not, "and", "&&") }

func (p *exprParser) not() (*node, error) {
	if p.is("not", "!") {
		p.next()
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return p.mk(&node{kind: nodeNot, args: []*node{x}})
	}
	return p.cmp()
}

func (p *exprParser) cmp() (*node, error) {
	left, err := p.add()
	if err != nil {
		return nil, err
	}
	if p.is("==", "!=", "<", "<=", ">", ">=") {
		op := p.next().text
		right, err := p.add()
		if err != nil {
			return nil, err
		}
		if p.is("==", "!=", "<", "<=", ">", ">=") {
			return nil, exprErr("expr_chained", p.peek().pos+1)
		}
		return p.mk(&node{kind: nodeBinary, op: op, args: []*node{left, right}})
	}
	return left, nil
}

func (p *exprParser) add() (*node, error) { return p.binary(p.mul, "+", "-") }

func (p *exprParser) mul() (*node, error) { return p.binary(p.unary, "*", "/", "%") }

func (p *exprParser) unary() (*node, error) {
	if p.is("-") {
		p.next()
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return p.mk(&node{kind: nodeNeg, args: []*node{x}})
	}
	return p.primary()
}

func (p *exprParser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case "num":
		return p.mk(&node{kind: nodeLit, val: t.num})
	case "str":
		return p.mk(&node{kind: nodeLit, val: t.text})
	case "ident":
		switch t.text {
		case "true", "false":
			return p.mk(&node{kind: nodeLit, val: t.text == "true"})
		case "null":
			return p.mk(&node{kind: nodeLit})
		case "and", "or", "not":
			return nil, unexpected(t)
		}
		if p.is("(") {
			p.next()
			return p.call(t)
		}
		return p.mk(&node{kind: nodeRef, name: t.text})
	case "op":
		if t.text == "(" {
			x, err := p.or()
			if err != nil {
				return nil, err
			}
			if !p.is(")") {
				return nil, exprErr("expr_missing_paren", p.peek().pos+1)
			}
			p.next()
			return x, nil
		}
	}
	return nil, unexpected(t)
}

func unexpected(t token) error {
	if t.kind == "eof" {
		return exprErr("expr_unexpected_end", t.pos+1)
	}
	return exprErr("expr_unexpected", Quoted(t.text), t.pos+1)
}

func (p *exprParser) call(name token) (*node, error) {
	n := &node{kind: nodeCall, op: name.text}
	if p.is(")") {
		p.next()
		return p.mk(n)
	}
	for {
		a, err := p.or()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, a)
		if p.is(",") {
			p.next()
			continue
		}
		if p.is(")") {
			p.next()
			return p.mk(n)
		}
		return nil, exprErr("expr_comma_or_paren", p.peek().pos+1)
	}
}
