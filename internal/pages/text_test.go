package pages

import (
	"strings"
	"testing"
)

func TestRenderText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs split at blank lines", "Eins\n\nZwei", "<p>Eins</p>\n<p>Zwei</p>\n"},
		{"blank line with spaces and CRLF", "Eins\r\n  \r\nZwei", "<p>Eins</p>\n<p>Zwei</p>\n"},
		{"single line break kept", "Straße 1\n12345 Ort", "<p>Straße 1<br>\n12345 Ort</p>\n"},
		{"heading", "## Kontakt\n\nText", "<h2>Kontakt</h2>\n<p>Text</p>\n"},
		{"heading line followed by text", "## Kontakt\nText", "<h2>Kontakt</h2>\n<p>Text</p>\n"},
		{"heading line inside a paragraph", "Eins\n## Zwei\nDrei", "<p>Eins</p>\n<h2>Zwei</h2>\n<p>Drei</p>\n"},
		{"hashes without text stay text", "##", "<p>##</p>\n"},
		{"script is escaped", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"attribute breakout is escaped", `"><img src=x onerror=alert(1)>`, "<p>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{"url becomes link", "Siehe https://www.schlichtungsstelle-bgg.de.",
			`<p>Siehe <a href="https://www.schlichtungsstelle-bgg.de">https://www.schlichtungsstelle-bgg.de</a>.</p>` + "\n"},
		{"www address gets https", "(www.example.de)", `<p>(<a href="https://www.example.de">www.example.de</a>)</p>` + "\n"},
		{"url with query keeps ampersand escaped", "https://x.de/a?b=1&c=2",
			`<p><a href="https://x.de/a?b=1&amp;c=2">https://x.de/a?b=1&amp;c=2</a></p>` + "\n"},
		{"url with brackets inside", "https://de.wikipedia.org/wiki/Test_(Begriff)",
			`<p><a href="https://de.wikipedia.org/wiki/Test_(Begriff)">https://de.wikipedia.org/wiki/Test_(Begriff)</a></p>` + "\n"},
		{"e-mail becomes mailto", "E-Mail: info@musterstadt.de",
			`<p>E-Mail: <a href="mailto:info@musterstadt.de">info@musterstadt.de</a></p>` + "\n"},
		{"javascript url stays text", "javascript:alert(1)", "<p>javascript:alert(1)</p>\n"},
		{"quote cannot leave the href", `https://x.de/"onmouseover=alert(1)`,
			`<p><a href="https://x.de/">https://x.de/</a>&#34;onmouseover=alert(1)</p>` + "\n"},
		{"url with credentials stays text", "https://user:pw@evil.example/", "<p>https://user:pw@evil.example/</p>\n"},
		{"empty", "  \n\n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(RenderText(tt.in)); got != tt.want {
				t.Errorf("RenderText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRenderTextNeverEmitsMarkupFromInput(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"<script>alert(1)</script>",
		`"><img src=x onerror=alert(1)>`,
		`'"--></style></script><svg onload=alert(1)>`,
		"https://x.de/<script>",
		"www.x.de'><b>x</b>",
		"a@b.de<i>",
		"\u202e<b>rtl</b>",
	}
	for _, h := range hostile {
		out := string(RenderText(h))
		for _, bad := range []string{"<script", "<img", "<svg", "<b>", "<i>", "<style"} {
			if strings.Contains(out, bad) {
				t.Errorf("RenderText(%q) = %q contains %q", h, out, bad)
			}
		}
	}
}
