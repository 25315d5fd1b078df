package formdef

import (
	"fmt"
	"strconv"
	"strings"
)

// LineError is one mistake in a definition file. Key and Args name the
// reason in parseMessages so it can be shown in the reader's language; Msg
// is the English text for logs.
type LineError struct {
	Line, Col int
	Key       string
	Args      []any
	Msg       string
}

// NewLineError is the mistake key of parseMessages at line and col. Args
// of type Quoted are quoted the way of the reader's language.
func NewLineError(line, col int, key string, args ...any) LineError {
	return LineError{Line: line, Col: col, Key: key, Args: args, Msg: render("en", key, args)}
}

// Text is the reason in lang (German unless lang is "en"), without the line.
func (e LineError) Text(lang string) string {
	if e.Key == "" {
		return e.Msg
	}
	return render(lang, e.Key, e.Args)
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

// localized is an argument of a message that reads differently per
// language: a quoted name, the part of a form a message is about, the reason
// of an expression error.
type localized interface {
	in(lang string) string
}

// Quoted is a name or value from the definition, shown in quotes: "x" in
// English, „x“ in German.
type Quoted string

func (q Quoted) in(lang string) string {
	s := strconv.Quote(string(q)) // escapes line breaks and control characters
	if lang == "en" {
		return s
	}
	return "„" + unescapeQuotes.Replace(s[1:len(s)-1]) + "“"
}

// unescapeQuotes undoes the escaping German quotes do not need.
var unescapeQuotes = strings.NewReplacer(`\\`, `\`, `\"`, `"`)

// render formats message key of parseMessages in lang.
func render(lang, key string, args []any) string {
	m, ok := parseMessages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) == 0 {
		return s
	}
	out := make([]any, len(args))
	for i, a := range args {
		if l, ok := a.(localized); ok {
			out[i] = l.in(lang)
		} else {
			out[i] = a
		}
	}
	return fmt.Sprintf(s, out...)
}
