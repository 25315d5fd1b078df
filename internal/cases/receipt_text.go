package cases

import (
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// pdfText encodes s in Windows-1252, the code page of the PDF core fonts
// (fpdf writes them with /WinAnsiEncoding), so German umlauts, ß and € come
// out right without embedding a font. Letters outside the code page keep
// their base letter ("ł" → "l", "ș" → "s") rather than turning into a
// placeholder, so a name stays readable; anything else becomes "?".
func pdfText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
			continue
		case r == '\r':
			continue
		case r == '\t' || r == '\u00a0' || unicode.IsSpace(r):
			b.WriteByte(' ')
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r):
			// Control and format characters (zero-width space, byte order
			// mark) and stray combining marks have no glyph.
			continue
		}
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		b.WriteByte(pdfFallback(r))
	}
	return b.String()
}

// pdfFallback is the closest Windows-1252 character to r.
func pdfFallback(r rune) byte {
	if c, ok := pdfLookalikes[r]; ok {
		return c
	}
	// "ș" decomposes into "s" and a combining comma: keep the letter.
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if c, ok := charmap.Windows1252.EncodeRune(d); ok {
			return c
		}
	}
	return '?'
}

// pdfLookalikes are letters and signs that do not decompose.
var pdfLookalikes = map[rune]byte{
	'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ı': 'i', 'ħ': 'h', 'Ħ': 'H',
	'‐': '-', '‑': '-', '‒': '-', '−': '-', '⁄': '/', '′': '\'', '″': '"',
}

// pdfUTF16 encodes s as a PDF text string in UTF-16BE with its byte order
// mark, for the outline: fpdf writes outline titles of core fonts as they
// are, and PDFDocEncoding differs from Windows-1252 (the euro sign).
func pdfUTF16(s string) string {
	var b strings.Builder
	b.WriteString("\xfe\xff")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u >> 8))
		b.WriteByte(byte(u))
	}
	return b.String()
}
