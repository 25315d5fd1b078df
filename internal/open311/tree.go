package open311

import (
	"math"
	"strconv"
)

// node is one field of a response document. Every document is built as a
// tree of nodes once and written by both the XML and the JSON writer, so the
// two formats cannot drift apart in names, nesting or order.
type node struct {
	name  string
	kind  nodeKind
	value string // text of text and literal nodes
	items []node // fields of an object, elements of a list
}

type nodeKind uint8

const (
	// textNode is a JSON string, or null when empty.
	textNode nodeKind = iota
	// literalNode is a JSON number or boolean, or null when empty.
	literalNode
	// objectNode is an XML element with child elements, a JSON object.
	objectNode
	// listNode is an XML element wrapping one element per item, a JSON
	// array of the items.
	listNode
)

// size estimates the encoded length of n: its text and element names.
func (n node) size() int {
	s := 2*len(n.name) + 5 + len(n.value)
	for _, c := range n.items {
		s += c.size()
	}
	return s
}

func text(name, v string) node { return node{name: name, kind: textNode, value: v} }

func boolean(name string, v bool) node {
	return node{name: name, kind: literalNode, value: strconv.FormatBool(v)}
}

func integer(name string, v int) node {
	return node{name: name, kind: literalNode, value: strconv.Itoa(v)}
}

// number writes a coordinate as short as it round-trips, never with an
// exponent; a missing or non-finite value is empty.
func number(name string, v *float64) node {
	n := node{name: name, kind: literalNode}
	if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
		n.value = strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return n
}

func datetime(name string, t Time) node { return text(name, t.W3C()) }

func object(name string, fields ...node) node {
	return node{name: name, kind: objectNode, items: fields}
}

func list(name string, items []node) node {
	if items == nil {
		items = []node{}
	}
	return node{name: name, kind: listNode, items: items}
}

// listOf builds a list node from a slice with one item builder.
func listOf[T any](name string, xs []T, item func(T) node) node {
	items := make([]node, len(xs))
	for i, x := range xs {
		items[i] = item(x)
	}
	return list(name, items)
}

// optional appends n to fields only when it has a value: for the few fields
// the spec says must be left out rather than empty.
func optional(fields []node, n node) []node {
	if n.value == "" {
		return fields
	}
	return append(fields, n)
}
