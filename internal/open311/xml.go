package open311

import (
	"bytes"
	"encoding/xml"
	"unicode/utf8"
)

// writeXML writes n as an element; the tree decides names and order.
func writeXML(b *bytes.Buffer, n node) {
	b.WriteByte('<')
	b.WriteString(n.name)
	b.WriteByte('>')
	switch n.kind {
	case textNode, literalNode:
		if plainXML(n.value) {
			b.WriteString(n.value)
		} else {
			// EscapeText also replaces characters XML cannot carry.
			xml.EscapeText(b, []byte(n.value))
		}
	default:
		for _, c := range n.items {
			writeXML(b, c)
		}
	}
	b.WriteString("</")
	b.WriteString(n.name)
	b.WriteByte('>')
}

// plainXML reports whether s can be written as XML text unchanged: valid
// UTF-8 of XML characters, none of which EscapeText would escape.
func plainXML(s string) bool {
	for _, r := range s {
		switch {
		case r == '<' || r == '>' || r == '&' || r == '\'' || r == '"' || r < 0x20:
			return false
		case r < 0xD800:
		case r == utf8.RuneError || (r >= 0xD800 && r < 0xE000) || r == 0xFFFE || r == 0xFFFF:
			return false // invalid UTF-8 or no XML character
		}
	}
	return true
}
