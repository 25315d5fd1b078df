package open311

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Lengths of free text, in characters. The spec only fixes description.
const (
	maxDescription = 4000 // spec: "limited to 4,000 characters"
	maxToken       = 100  // codes, ids, keys
	maxName        = 200  // names, addresses, titles
	maxURL         = 2000
	maxEmail       = 254 // RFC 5321 path limit
)

// params reads one parameter set and collects what is wrong with it, so a
// client learns every problem at once.
type params struct {
	v    url.Values
	errs Errors
}

func (p *params) fail(key string, args ...any) {
	p.errs = append(p.errs, newError(http.StatusBadRequest, key, args...))
}

// err returns the collected errors, or a nil error when there are none.
func (p *params) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs
}

// present reports whether name has a non-blank value: the spec treats an
// empty optional parameter like a missing one.
func (p *params) present(name string) bool {
	for _, v := range p.v[name] {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// one returns the value of a single-valued parameter, trimmed, "" when it is
// absent. Sent twice with different values is an error, not a guess.
func (p *params) one(name string) string {
	var got string
	for _, v := range p.v[name] {
		v = strings.TrimSpace(v)
		if v == "" || v == got {
			continue
		}
		if got != "" {
			p.fail("open311.error.repeated", name)
			return got
		}
		got = v
	}
	return got
}

// text returns a single-valued free text parameter, checked by checkText.
func (p *params) text(name string, max int, multiline bool) string {
	s := p.one(name)
	if s != "" && !p.checkText(name, s, max, multiline) {
		return ""
	}
	return s
}

// checkText rejects invalid UTF-8, control characters (line breaks only
// where multiline) and text longer than max characters.
func (p *params) checkText(name, s string, max int, multiline bool) bool {
	if !utf8.ValidString(s) {
		p.fail("open311.error.text", name)
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			p.fail("open311.error.text", name)
			return false
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		p.fail("open311.error.too_long", name, max)
		return false
	}
	return true
}

// list returns the values of a parameter that "can be declared multiple
// times, comma delimited": all values split at commas, trimmed, without
// blanks and duplicates, at most max.
func (p *params) list(name string, max int) []string {
	var out []string
	for _, v := range p.v[name] {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" || contains(out, part) {
				continue
			}
			if !p.checkText(name, part, maxToken, false) {
				return nil
			}
			if len(out) == max {
				p.fail("open311.error.too_many", name, max)
				return nil
			}
			out = append(out, part)
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// float returns a decimal number parameter within [min, max]; nil when it is
// absent or wrong (then with an error).
func (p *params) float(name string, min, max float64) *float64 {
	s := p.one(name)
	if s == "" {
		return nil
	}
	v, ok := parseDecimal(s, false)
	if !ok || v < min || v > max {
		p.fail("open311.error.number", name, formatFloat(min), formatFloat(max))
		return nil
	}
	return &v
}

// parseDecimal accepts plain decimal numbers ("52.52", "-7", ".5"), with an
// exponent only when exp is set; no hex, infinity, NaN or digit separators,
// which strconv.ParseFloat would take.
func parseDecimal(s string, exp bool) (float64, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && !(exp && (c == 'e' || c == 'E')) {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// integer returns a whole number parameter within [min, max], def when it
// is absent or wrong (then with an error).
func (p *params) integer(name string, min, max, def int) int {
	s := p.one(name)
	if s == "" {
		return def
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			p.fail("open311.error.integer", name, min, max)
			return def
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < min || v > max {
		p.fail("open311.error.integer", name, min, max)
		return def
	}
	return v
}

// datetime returns a W3C datetime parameter, the zero time when it is absent
// or wrong (then with an error).
func (p *params) datetime(name string) time.Time {
	s := p.one(name)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		p.fail("open311.error.datetime", name)
		return time.Time{}
	}
	return t
}
