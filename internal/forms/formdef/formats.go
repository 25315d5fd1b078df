package formdef

import (
	"net/mail"
	"regexp"
	"strings"
)

var (
	// BIC (ISO 9362): 4 letters bank, 2 letters country, 2 letters or digits
	// location, optional 3 letters or digits branch.
	bicRe         = regexp.MustCompile(`^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	postalCodeRe  = regexp.MustCompile(`^[0-9]{5}$`)
	houseNumberRe = regexp.MustCompile(`^[0-9]{1,4}\s?[a-zA-Z]?(\s?[-/]\s?[0-9]{1,4}\s?[a-zA-Z]?)?$`)
	emailDomainRe = regexp.MustCompile(`^([a-zA-Z0-9\p{L}]([a-zA-Z0-9\p{L}-]{0,61}[a-zA-Z0-9\p{L}])?\.)+[a-zA-Z\p{L}]{2,63}$`)
)

func compactBIC(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

func validBIC(s string) bool {
	c := compactBIC(s)
	return bicRe.MatchString(c)
}

// validEmail accepts a plain address (no display name) with a dotted domain.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at <= 64 && emailDomainRe.MatchString(s[at+1:])
}

// validPhone accepts German and international notations: "0251 1234567",
// "0251/123 45-67", "(0251) 12345", "+49 251 1234567", "+49 (0)251 12345",
// "0049 251 12345". It needs 6 to 15 digits (E.164 allows 15).
func validPhone(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 30 {
		return false
	}
	s = strings.Replace(s, "(0)", "", 1)
	if !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "0") && !strings.HasPrefix(s, "(0") {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '/' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15 && strings.Count(s, "(") == strings.Count(s, ")")
}
