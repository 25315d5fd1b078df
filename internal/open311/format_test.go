package open311

import "testing"

func TestSplitFormat(t *testing.T) {
	cases := []struct {
		in   string
		base string
		f    Format
		ok   bool
	}{
		{"services.xml", "services", XML, true},
		{"services.json", "services", JSON, true},
		{"017.JSON", "017", JSON, true},
		{"2026.000042.xml", "2026.000042", XML, true},
		{"services", "services", XML, false},
		{"services.html", "services.html", XML, false},
		{".json", "", JSON, false},
		{"", "", XML, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			base, f, ok := SplitFormat(c.in)
			if base != c.base || f != c.f || ok != c.ok {
				t.Errorf("got %q %s %v, want %q %s %v", base, f, ok, c.base, c.f, c.ok)
			}
		})
	}
}

func TestFormatTypes(t *testing.T) {
	if XML.ContentType() != "text/xml; charset=utf-8" || JSON.ContentType() != "application/json; charset=utf-8" {
		t.Error("content types differ from the spec's")
	}
	if XML.MediaType() != "text/xml" || JSON.MediaType() != "application/json" {
		t.Error("media types differ from discovery's")
	}
}
