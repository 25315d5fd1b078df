package i18n

import (
	"strconv"
	"strings"
)

// Bytes writes a file size for people in lang: "45 Bytes", "1,2 KB",
// "820 KB", "2,4 MB" (English: "45 bytes", "1.2 KB", "2.4 MB"). Units are
// binary (1 KB = 1024 bytes), as upload limits are. One decimal below ten
// units, where it still tells sizes apart; a decimal of zero is left off
// ("5 MB", not "5,0 MB"), so a size reads like the limit it is compared with.
func Bytes(lang string, n int64) string {
	if n < 1<<10 {
		unit := " Bytes"
		switch {
		case lang == "en" && n == 1:
			unit = " byte"
		case lang == "en":
			unit = " bytes"
		case n == 1:
			unit = " Byte"
		}
		return strconv.FormatInt(max(n, 0), 10) + unit
	}
	v, unit := float64(n)/(1<<10), " KB"
	// Rounding may reach the next unit (1 048 575 bytes is "1 MB", not "1024 KB").
	if n >= 1<<20 || v >= 1023.5 {
		v, unit = float64(n)/(1<<20), " MB"
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v >= 9.95 {
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	s = strings.TrimSuffix(s, ".0")
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + unit
}
