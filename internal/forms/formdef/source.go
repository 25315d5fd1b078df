package formdef

import (
	"bytes"
	"unicode/utf8"
)

// utf8BOM is what Windows editors such as Notepad put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Normalize returns src as it is parsed, stored and compared: without a
// leading byte order mark, with LF line ends (CRLF and a lone CR become LF),
// without spaces and tabs at line ends, and with one line break at the end.
// Editors differ in exactly these; to the form they mean nothing, so a file
// re-saved on Windows is the same definition.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, utf8BOM)
	out := make([]byte, 0, len(src)+1)
	for len(src) > 0 {
		end := bytes.IndexAny(src, "\r\n")
		line, next := src, len(src)
		if end >= 0 {
			line, next = src[:end], end+1
			if src[end] == '\r' && next < len(src) && src[next] == '\n' {
				next++
			}
		}
		out = append(out, bytes.TrimRight(line, " \t")...)
		out = append(out, '\n')
		src = src[next:]
	}
	out = bytes.TrimRight(out, "\n")
	if len(out) == 0 {
		return out
	}
	return append(out, '\n')
}

// firstInvalidUTF8 is the line and column (in characters, as an editor
// counts them) of the first byte of src that is not UTF-8, or ok.
func firstInvalidUTF8(src []byte) (p pos, ok bool) {
	if utf8.Valid(src) {
		return pos{}, true
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			start := bytes.LastIndexByte(src[:i], '\n') + 1
			return pos{line: 1 + bytes.Count(src[:i], []byte{'\n'}), col: 1 + utf8.RuneCount(src[start:i])}, false
		}
		i += size
	}
	return pos{}, true
}
