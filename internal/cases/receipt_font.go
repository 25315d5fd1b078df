package cases

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"sync"

	"github.com/go-pdf/fpdf"
)

// The receipt prints with DejaVu Sans (fonts/README.md: source, licence),
// embedded as a subset in each PDF, so that names and answers in Latin
// Extended, Greek, Cyrillic and Turkish letters print as typed; the PDF
// core fonts know only Windows-1252.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// rcptFont is the font family of the receipt, regular ("") and bold ("B").
const rcptFont = "DejaVuSans"

// addReceiptFonts registers the receipt's fonts with f. fpdf parses them
// for each document: its font state is changed when the PDF is written, so
// it cannot be shared between documents made at the same time.
func addReceiptFonts(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(rcptFont, "", dejaVuSans)
	f.AddUTF8FontFromBytes(rcptFont, "B", dejaVuSansBold)
}

// runeSet is a set of characters of the Basic Multilingual Plane.
type runeSet [1 << 16 / 64]uint64

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 1<<16 && s[r>>6]&(1<<(r&63)) != 0
}

func (s *runeSet) add(r rune) { s[r>>6] |= 1 << (r & 63) }

// receiptGlyphs are the characters both receipt fonts have a glyph for.
var receiptGlyphs = sync.OnceValue(func() *runeSet {
	regular, err := ttfRunes(dejaVuSans)
	if err != nil {
		panic("cases: receipt font: " + err.Error()) // a build defect, caught by the tests
	}
	bold, err := ttfRunes(dejaVuSansBold)
	if err != nil {
		panic("cases: receipt bold font: " + err.Error())
	}
	for i := range regular {
		regular[i] &= bold[i]
	}
	return regular
})

var errNoCmap = errors.New("no Unicode cmap (format 4) subtable")

// ttfRunes reads which characters a TrueType font maps to a glyph from its
// cmap table's Unicode BMP subtable (format 4; the OpenType spec, "cmap").
// fpdf exposes no such test, and the receipt needs it to tell the reader
// when a character prints without a glyph.
func ttfRunes(ttf []byte) (*runeSet, error) {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), true
	}
	numTables, ok := u16(4)
	if !ok {
		return nil, errNoCmap
	}
	cmap := -1
	for i := range numTables {
		rec := 12 + 16*i
		if rec+16 <= len(ttf) && string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	n, ok := u16(cmap + 2)
	if cmap < 0 || !ok {
		return nil, errNoCmap
	}
	sub := -1
	for i := range n {
		platform, _ := u16(cmap + 4 + 8*i)
		encoding, _ := u16(cmap + 4 + 8*i + 2)
		off, _ := u32(cmap + 4 + 8*i + 4)
		// Windows Unicode BMP (3, 1) or Unicode (0, x).
		if format, _ := u16(cmap + off); format == 4 && (platform == 0 || platform == 3 && encoding == 1) {
			sub = cmap + off
			break
		}
	}
	if sub < 0 {
		return nil, errNoCmap
	}
	segX2, _ := u16(sub + 6)
	ends, starts := sub+14, sub+16+segX2
	deltas, rangeOffs := starts+segX2, starts+2*segX2
	set := new(runeSet)
	for seg := 0; seg < segX2; seg += 2 {
		end, ok1 := u16(ends + seg)
		start, ok2 := u16(starts + seg)
		delta, ok3 := u16(deltas + seg)
		rangeOff, ok4 := u16(rangeOffs + seg)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errNoCmap
		}
		for c := start; c <= end && c < 0xffff; c++ {
			g := c
			if rangeOff != 0 {
				if g, ok = u16(rangeOffs + seg + rangeOff + 2*(c-start)); !ok {
					return nil, errNoCmap
				}
			}
			if g != 0 && (g+delta)&0xffff != 0 {
				set.add(rune(c))
			}
		}
	}
	return set, nil
}
