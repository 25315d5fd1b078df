package open311

import "unicode/utf8"

// appendJSON writes n as a JSON value; objects keep the tree's order.
func appendJSON(b []byte, n node) []byte {
	switch n.kind {
	case textNode:
		if n.value == "" {
			return append(b, "null"...)
		}
		return appendJSONString(b, n.value)
	case literalNode:
		if n.value == "" {
			return append(b, "null"...)
		}
		return append(b, n.value...)
	case objectNode:
		b = append(b, '{')
		for i, c := range n.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, c.name)
			b = append(b, ':')
			b = appendJSON(b, c)
		}
		return append(b, '}')
	default:
		b = append(b, '[')
		for i, c := range n.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, c)
		}
		return append(b, ']')
	}
}

const hex = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does: control characters, <, >
// and & (so no answer can be sniffed as HTML), U+2028 and U+2029 (which end a
// line in JavaScript) are escaped, invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
