package i18n

import "testing"

func TestBytesWritesBytesKilobytesAndMegabytesPerLanguage(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int64
		lang string
		want string
	}{
		{"zero", 0, "de", "0 Bytes"},
		{"one_byte_singular", 1, "de", "1 Byte"},
		{"one_byte_english", 1, "en", "1 byte"},
		{"bytes", 45, "de", "45 Bytes"},
		{"bytes_english", 45, "en", "45 bytes"},
		{"just_below_a_kilobyte", 1023, "de", "1023 Bytes"},
		{"kilobytes_decimal_comma", 1229, "de", "1,2 KB"},
		{"kilobytes_decimal_point", 1229, "en", "1.2 KB"},
		{"whole_kilobyte_without_decimal", 1 << 10, "de", "1 KB"},
		{"rounds_up_to_ten_without_decimal", 10189, "de", "10 KB"},
		{"many_kilobytes", 839680, "de", "820 KB"},
		{"rounds_into_megabytes", 1<<20 - 1, "de", "1 MB"},
		{"megabytes_decimal_comma", 2516582, "de", "2,4 MB"},
		{"megabytes_decimal_point", 2516582, "en", "2.4 MB"},
		{"just_over_a_limit_reads_as_the_limit", 5<<20 + 1, "de", "5 MB"},
		{"many_megabytes", 20 << 20, "de", "20 MB"},
		{"fraction_of_megabytes", 3 << 19, "de", "1,5 MB"},
		{"fraction_of_megabytes_english", 3 << 19, "en", "1.5 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Bytes(tc.lang, tc.n); got != tc.want {
				t.Errorf("Bytes(%s, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
			}
		})
	}
}
