package catalog

import "testing"

func TestParseFeeReadsAmountsAsPeopleTypeThem(t *testing.T) {
	for _, tc := range []struct {
		in    string
		cents int64 // -1: no amount
		ok    bool
	}{
		{"", -1, true},
		{"  ", -1, true},
		{"12,50", 1250, true},
		{"12.50", 1250, true},
		{"12", 1200, true},
		{"12,5", 1250, true},
		{"12 €", 1200, true},
		{"12,50 EUR", 1250, true},
		{"1.234,50", 123450, true},
		{"1.234", 123400, true},
		{"0", 0, true},
		{"zwölf", 0, false},
		{"12,505", 0, false},
		{"-5", 0, false},
		{"1e3", 0, false},
		{",50", 0, false},
		{"9999999999", 0, false},
	} {
		got, ok := ParseFee(tc.in)
		switch {
		case ok != tc.ok:
			t.Errorf("ParseFee(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		case !ok:
		case tc.cents == -1 && got != nil:
			t.Errorf("ParseFee(%q) = %d, want no amount", tc.in, *got)
		case tc.cents >= 0 && (got == nil || *got != tc.cents):
			t.Errorf("ParseFee(%q) = %v, want %d cents", tc.in, got, tc.cents)
		}
	}
}

func TestFormatFeeWritesAmountsPerLanguage(t *testing.T) {
	for _, tc := range []struct {
		cents    int64
		lang     string
		want     string
		readBack bool
	}{
		{1250, "de", "12,50 €", true},
		{1250, "en", "€12.50", false},
		{123405, "de", "1.234,05 €", true},
		{123405, "en", "€1,234.05", false},
		{0, "de", "0,00 €", true},
	} {
		got := FormatFee(tc.cents, tc.lang)
		if got != tc.want {
			t.Errorf("FormatFee(%d, %s) = %q, want %q", tc.cents, tc.lang, got, tc.want)
		}
		if tc.readBack {
			if back, ok := ParseFee(got); !ok || back == nil || *back != tc.cents {
				t.Errorf("ParseFee(FormatFee(%d)) = %v, %v", tc.cents, back, ok)
			}
		}
	}
}
