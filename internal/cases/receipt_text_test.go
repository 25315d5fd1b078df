package cases

import (
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestPDFTextKeepsCharactersAndReportsWhatItCannotShow(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		lossy          bool
	}{
		{"german", "Größe ÄÖÜ äöü ß 12,50 €", "Größe ÄÖÜ äöü ß 12,50 €", false},
		{"latin_extended", "Łukasz Ștefan Iğdır", "Łukasz Ștefan Iğdır", false},
		{"greek_cyrillic", "Αθήνα Москва", "Αθήνα Москва", false},
		{"spaces_and_controls", "a\tb\r\nc\u200bd\u00a0e", "a b\ncd\u00a0e", false},
		{"combining_mark_composed", "s\u0326", "ș", false},
		{"no_glyph_kept", "李", "李", true},
		{"beyond_bmp_replaced", "🏠 x", "\ufffd x", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, lossy := pdfText(tc.in)
			if got != tc.want || lossy != tc.lossy {
				t.Errorf("pdfText(%q) = %q, %v; want %q, %v", tc.in, got, lossy, tc.want, tc.lossy)
			}
		})
	}
}

func TestWrapKeepsEveryCharacterWithinTheWidth(t *testing.T) {
	long := strings.Repeat("Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung", 4)
	for _, tc := range []struct {
		name, in string
		width    float64
		minLines int
	}{
		{"long_word", long, 60, 4},
		{"long_name", "Łukasz Żółćiński-Şahin Γιώργος Παπαδόπουλος Владимир Щербаков Antonín Dvořák", 40, 3},
		{"cjk_without_spaces", strings.Repeat("李明", 40), 50, 2},
		{"paragraphs", "eins\n\nzwei", 100, 3},
		{"combining_marks_stay_with_their_letter", strings.Repeat("a\u0308\u0301", 60), 20, 2},
		{"narrower_than_one_letter", "WWW", 1, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fpdf.New("P", "mm", "A4", "")
			addReceiptFonts(f)
			f.SetFont(rcptFont, "B", rcptBodySize)
			p := &receiptPDF{f: f}
			lines := p.wrap(tc.in, tc.width)
			if len(lines) < tc.minLines {
				t.Errorf("%d lines, want at least %d: %q", len(lines), tc.minLines, lines)
			}
			for _, l := range lines {
				if w := f.GetStringWidth(l) + 2*f.GetCellMargin(); w > tc.width && len([]rune(l)) > 1 {
					t.Errorf("line %q is %.1f mm wide, more than %.1f", l, w, tc.width)
				}
				if strings.HasPrefix(l, "\u0308") || strings.HasPrefix(l, "\u0301") {
					t.Errorf("line %q starts with a combining mark", l)
				}
			}
			if got, want := squash(strings.Join(lines, "")), squash(tc.in); got != want {
				t.Errorf("lines %q lose characters of %q", lines, tc.in)
			}
			if err := f.Error(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReceiptFontsCoverTheLettersOfNames(t *testing.T) {
	glyphs := receiptGlyphs()
	for _, r := range "ŁłŻżŚśĆćŃńĄąĘęŞşĞğİıÄÖÜäöüßẞ€ΑΩαωЖжЩщЁёЇїȘșȚțŘřĎď\u00a0\u202f" {
		if !glyphs.has(r) {
			t.Errorf("receipt fonts lack %q (%U)", r, r)
		}
	}
	for _, r := range "李明\uffff" {
		if glyphs.has(r) {
			t.Errorf("receipt fonts should lack %q (%U)", r, r)
		}
	}
	for name, b := range map[string][]byte{"empty": nil, "not_a_font": []byte("not a font"), "truncated": dejaVuSans[:400]} {
		if _, err := ttfRunes(b); err == nil {
			t.Errorf("%s: ttfRunes accepted a broken font", name)
		}
	}
}
