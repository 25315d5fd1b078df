package web_test

import (
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

func TestCleanTextKeepsWordsAndDropsWhatCanHideText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		multiline bool
		want      string
	}{
		{"plain text stays", "Straßenlaterne defekt", false, "Straßenlaterne defekt"},
		{"trimmed", "  Hund  \n", false, "Hund"},
		{"line breaks become spaces in one line", "Am\r\nMarkt", false, "Am Markt"},
		{"line breaks unified in long text", "eins\r\nzwei\rdrei", true, "eins\nzwei\ndrei"},
		{"tabs become spaces", "a\tb", true, "a b"},
		{"control characters removed", "a\x00b\x1bc\x7f", false, "abc"},
		{"bidi overrides removed", "gut\u202eeslaf", false, "guteslaf"},
		{"line and paragraph separators removed", "a\u2028b\u2029c", true, "abc"},
		{"invalid UTF-8 dropped", "a\xffb", false, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := web.CleanText(tt.in, tt.multiline); got != tt.want {
				t.Errorf("CleanText(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
			}
		})
	}
}
