package cases

import (
	"strconv"
	"strings"
)

// sizeText writes a file size for people in lang: "45 Bytes", "1,2 KB",
// "820 KB", "2,4 MB" (English: "45 bytes", "1.2 KB"). One decimal below
// ten units, where it still tells sizes apart.
func sizeText(n int64, lang string) string {
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
	if n >= 1<<20 {
		v, unit = float64(n)/(1<<20), " MB"
	}
	prec := 0
	if v < 10 {
		prec = 1
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + unit
}
