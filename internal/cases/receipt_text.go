package cases

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// pdfMissing stands for a character the receipt cannot carry.
const pdfMissing = '\ufffd'

// pdfText prepares s for the receipt's UTF-8 font and reports whether a
// character prints other than as typed. Limits of fpdf, so of the PDF:
//   - It writes text as UTF-16 code units of the Basic Multilingual Plane
//     only (its UTF-8 conversion and ToUnicode map stop at U+FFFF), so a
//     character beyond it (emoji, rare CJK) becomes "�" in print and text.
//   - A character of the plane that DejaVu Sans has no glyph for (Chinese,
//     Japanese, Korean …) stays in the text layer, so copying and searching
//     the PDF give it as typed, but prints as the font's empty box.
//   - It neither shapes nor reorders: Arabic and Hebrew print letter by
//     letter in stored order.
//
// In each case the receipt adds a note that the case page, the accessible
// original, shows every character. Text is NFC-normalised, because fpdf
// does not position combining marks: "s" + U+0326 prints as the one glyph
// "ș", the same character to a reader and to search.
func pdfText(s string) (string, bool) {
	glyphs := receiptGlyphs()
	lossy := false
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == '\n':
			b.WriteByte('\n')
			continue
		case r == '\r':
			continue
		case r == '\u00a0' || r == '\u202f':
			// No-break spaces keep "12 345 €" on one line.
			b.WriteRune(r)
			continue
		case unicode.IsSpace(r):
			b.WriteByte(' ')
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Control and format characters (zero-width space, byte order
			// mark, joiners) have no glyph.
			continue
		case r > 0xffff || r == pdfMissing:
			b.WriteRune(pdfMissing)
			lossy = true
			continue
		}
		if !glyphs.has(r) {
			lossy = true
		}
		b.WriteRune(r)
	}
	return b.String(), lossy
}

// pdfWrap breaks s into lines no wider than w millimetres in the current
// font: at spaces, at line breaks of s, and inside a word too long for a
// line, so that nothing runs off the page. Every character but the spaces
// at a break is kept; a space-free line is still within w.
func (p *receiptPDF) wrap(s string, w float64) []string {
	f := p.f
	_, size := f.GetFontSize()
	wmax := int((w - 2*f.GetCellMargin()) * 1000 / size)
	width := func(s string) int { return f.GetStringSymbolWidth(s) }
	space := width(" ")
	var lines []string
	for para := range strings.SplitSeq(strings.TrimRight(s, "\n"), "\n") {
		line, lw := "", 0
		for _, word := range strings.Split(para, " ") {
			ww := width(word)
			switch {
			case line != "" && lw+space+ww <= wmax:
				line, lw = line+" "+word, lw+space+ww
				continue
			case line != "":
				lines = append(lines, line)
			}
			line, lw = word, ww
			for lw > wmax {
				head, tail := splitWord(line, wmax, width)
				if tail == "" {
					break // one letter wider than w: print it
				}
				lines = append(lines, head)
				line, lw = tail, width(tail)
			}
		}
		lines = append(lines, line)
	}
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	return lines
}

// splitWord cuts the longest start of word that fits wmax, at least one
// character, never before a combining mark.
func splitWord(word string, wmax int, width func(string) int) (string, string) {
	cut, w := 0, 0
	for i, r := range word {
		rw := width(string(r))
		if i > 0 && w+rw > wmax && !unicode.Is(unicode.Mn, r) {
			break
		}
		cut, w = i+len(string(r)), w+rw
	}
	return word[:cut], word[cut:]
}
