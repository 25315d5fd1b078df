package formdef

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNormalizeRemovesWhatOnlyEditorsDifferIn(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"lf_unchanged", "id: x\ntitle: T\n", "id: x\ntitle: T\n"},
		{"bom_removed", "\ufeffid: x\n", "id: x\n"},
		{"crlf_becomes_lf", "id: x\r\ntitle: T\r\n", "id: x\ntitle: T\n"},
		{"lone_cr_becomes_lf", "id: x\rtitle: T\r", "id: x\ntitle: T\n"},
		{"spaces_and_tabs_at_line_ends_removed", "id: x  \ntitle: T\t\n", "id: x\ntitle: T\n"},
		{"spaces_inside_lines_kept", "title: 'a  b'\n", "title: 'a  b'\n"},
		{"one_line_break_at_the_end", "id: x", "id: x\n"},
		{"blank_lines_at_the_end_removed", "id: x\n\n  \r\n", "id: x\n"},
		{"blank_lines_inside_kept", "id: x\n\ntitle: T\n", "id: x\n\ntitle: T\n"},
		{"only_whitespace_is_empty", "\ufeff \r\n\n", ""},
		{"bom_only_at_the_start", "title: \ufeffT\n", "title: \ufeffT\n"},
		{"invalid_bytes_kept", "title: Stra\xdfe\n", "title: Stra\xdfe\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize([]byte(tc.in))
			if string(got) != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Normalize(got); !bytes.Equal(again, got) {
				t.Errorf("Normalize is not idempotent: %q, then %q", got, again)
			}
		})
	}
}

// latin1Form is a valid form saved as Latin-1: its "ü" (first in line 2,
// column 13) and "ß" are single bytes that UTF-8 does not allow.
var latin1Form = strings.Replace(header, "title: Test", "title: Test \xfcber alles", 1) +
	"      - name: strasse\n        type: text\n        label: Stra\xdfenseite, \xfcberall\n"

func TestParseRefusesFilesNotInUTF8AtTheFirstBadCharacter(t *testing.T) {
	cases := []struct {
		name      string
		src       string
		line, col int
	}{
		{"latin1_umlaut_in_the_title", latin1Form, 2, 13},
		{"latin1_eszett_in_a_label", header + "      - name: strasse\n        type: text\n        label: Stra\xdfenseite\n", 13, 20},
		{"column_counts_characters_not_bytes", header + "      - name: strasse\n        type: text\n        label: Größe \xe4\n", 13, 22},
		{"latin1_after_a_bom_and_crlf", "\ufeff" + strings.ReplaceAll(header, "\n", "\r\n") + "      - {name: a, type: text, label: \xc4}\r\n", 11, 38},
		{"utf16_from_notepad", "\xff\xfei\x00d\x00:\x00", 1, 1},
		{"cut_off_character_at_the_end", "id: x\ntitle: T\xc3", 2, 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Errors) != 1 {
				t.Fatalf("Parse error = %v, want exactly the UTF-8 mistake", err)
			}
			le := pe.Errors[0]
			if le.Key != "not_utf8" || le.Line != tc.line || le.Col != tc.col {
				t.Errorf("got %s at line %d column %d, want not_utf8 at line %d column %d", le.Key, le.Line, le.Col, tc.line, tc.col)
			}
		})
	}
}

func TestParseReadsBOMAndWindowsLineEndsLikeLF(t *testing.T) {
	lf := header + "      - name: a\n        type: text\n        label: Straßenseite\n        hint: |\n          Zwei\n          Zeilen\n"
	broken := header + field("a", "ibna") + field("b", "text", "show_if: 'zz'")
	variants := []struct {
		name string
		edit func(string) string
	}{
		{"bom", func(s string) string { return "\ufeff" + s }},
		{"crlf", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"bom_crlf_and_spaces_at_line_ends", func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "  \r\n") }},
	}
	want, err := Parse([]byte(lf))
	if err != nil {
		t.Fatal(err)
	}
	_, wantErr := Parse([]byte(broken))
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			got, err := Parse([]byte(v.edit(lf)))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			a := got.Field("a")
			if got.ID != want.ID || a.Label.In("de") != "Straßenseite" || a.Hint.In("de") != "Zwei\nZeilen" || a.Line != want.Field("a").Line {
				t.Errorf("read id %q, label %q, hint %q, line %d; want as from LF", got.ID, a.Label.In("de"), a.Hint.In("de"), a.Line)
			}
			if _, err := Parse([]byte(v.edit(broken))); err == nil || err.Error() != wantErr.Error() {
				t.Errorf("mistakes differ from LF:\n%v\nwant:\n%v", err, wantErr)
			}
		})
	}
}
