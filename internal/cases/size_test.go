package cases

import "testing"

func TestSizeTextWritesBytesKilobytesAndMegabytesPerLanguage(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		lang string
		want string
	}{
		{0, "de", "0 Bytes"},
		{1, "de", "1 Byte"},
		{45, "de", "45 Bytes"},
		{45, "en", "45 bytes"},
		{1023, "de", "1023 Bytes"},
		{1229, "de", "1,2 KB"},
		{1229, "en", "1.2 KB"},
		{839680, "de", "820 KB"},
		{2516582, "de", "2,4 MB"},
		{2516582, "en", "2.4 MB"},
		{20 << 20, "de", "20 MB"},
	} {
		if got := sizeText(tc.n, tc.lang); got != tc.want {
			t.Errorf("sizeText(%d, %s) = %q, want %q", tc.n, tc.lang, got, tc.want)
		}
	}
}
