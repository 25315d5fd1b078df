package formdef

import "strings"

// ibanLengths are the IBAN lengths of the SEPA countries (EPC409-09, the
// SEPA scheme's list of countries and territories, and the SWIFT IBAN
// registry). Only these are accepted because the town collects by SEPA
// direct debit.
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
	"EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
	"IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
	"NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
	"VA": 22,
	// French overseas departments and territories use FR-style IBANs.
	"GF": 27, "GP": 27, "MQ": 27, "RE": 27, "YT": 27, "PM": 27, "BL": 27, "MF": 27,
}

// compactIBAN removes spaces (people copy IBANs in blocks of four) and upper
// cases.
func compactIBAN(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// checkIBAN returns "" or the message key (with args) why s is no IBAN.
func checkIBAN(s string) (string, []any) {
	c := compactIBAN(s)
	if len(c) < 5 || !isAlnum(c) || c[0] < 'A' || c[1] < 'A' || c[2] > '9' || c[3] > '9' {
		return "iban", nil
	}
	want, ok := ibanLengths[c[:2]]
	if !ok {
		return "iban_country", nil
	}
	if len(c) != want {
		return "iban_length", []any{want, len(c)}
	}
	if ibanMod97(c) != 1 {
		return "iban_checksum", nil
	}
	return "", nil
}

// ibanMod97 is the ISO 13616 / ISO 7064 MOD 97-10 check: move the first
// four characters to the end, letters become 10..35, the number mod 97 must
// be 1. Computed digit by digit, so no big integers are needed.
func ibanMod97(c string) int {
	r := 0
	for _, ch := range c[4:] + c[:4] {
		if ch >= 'A' && ch <= 'Z' {
			v := int(ch-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(ch-'0')) % 97
		}
	}
	return r
}
