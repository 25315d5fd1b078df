package formdef

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// The as* helpers read answers in the shapes Decode writes and in the shapes
// encoding/json reads back ([]any, map[string]any, float64), so a draft
// loaded from the database behaves like a freshly decoded one.

func asNumber(raw any) (float64, bool) {
	var x float64
	switch t := raw.(type) {
	case float64:
		x = t
	case int:
		x = float64(t)
	case int64:
		x = float64(t)
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return 0, false
		}
		x = f
	default:
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

func asStrings(raw any) []string {
	switch t := raw.(type) {
	case []string:
		return t
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		if t != "" {
			return []string{t}
		}
	}
	return []string{}
}

func asItems(raw any) []map[string]any {
	switch t := raw.(type) {
	case []map[string]any:
		return t
	case []any:
		out := make([]map[string]any, len(t))
		for i, x := range t {
			m, ok := x.(map[string]any)
			if !ok {
				m = map[string]any{}
			}
			out[i] = m
		}
		return out
	}
	return nil
}

func asMap(raw any) map[string]any {
	switch t := raw.(type) {
	case map[string]any:
		return t
	case map[string]string:
		m := make(map[string]any, len(t))
		for k, v := range t {
			m[k] = v
		}
		return m
	case Answers:
		return t
	}
	return nil
}

func asString(raw any) string {
	s, _ := raw.(string)
	return s
}

// moneyCents reads a money answer ("12.50", or a number) as cents.
func moneyCents(raw any) (int64, bool) {
	switch t := raw.(type) {
	case string:
		return parseMoney(t)
	default:
		x, ok := asNumber(raw)
		if !ok || math.Abs(x) > maxMoney/100 {
			return 0, false
		}
		return int64(math.Round(x * 100)), true
	}
}

// maxMoney is the largest amount in cents we accept: a trillion euros is
// beyond any municipal fee and keeps int64 and float64 exact.
const maxMoney = 1e14

// parseMoney reads an amount as people type it: "12,50", "12.50", "12",
// "1.234,56", "1,234.56", "12,50 €", "EUR 12.50". At most two decimals.
func parseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "€"), "€")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "EUR"), "EUR")
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return 0, false
	}
	whole, frac := s, ""
	dec := byte(0)
	switch dots, commas := strings.Count(s, "."), strings.Count(s, ","); {
	case dots > 0 && commas > 0:
		dec = s[strings.LastIndexAny(s, ".,")]
	case dots+commas == 1:
		// "1.234" is a German thousands separator, "12.5" or "12,50" a
		// decimal one. A comma is always decimal here ("12,505" is an
		// error, not twelve thousand).
		if i := strings.LastIndexAny(s, ".,"); s[i] == ',' || len(s)-i-1 != 3 {
			dec = s[i]
		}
	}
	if dec != 0 {
		i := strings.LastIndexByte(s, dec)
		whole, frac = s[:i], s[i+1:]
		if strings.IndexByte(whole, dec) >= 0 || len(frac) == 0 || len(frac) > 2 {
			return 0, false
		}
	}
	if strings.ContainsAny(whole, ".,") {
		if !groupedByThree(whole) {
			return 0, false
		}
		whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	}
	if whole == "" || !allDigits(whole) || !allDigits(frac) || len(whole) > 12 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	cents := w*100 + c
	if neg {
		cents = -cents
	}
	return cents, true
}

func groupedByThree(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' })
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return strings.Count(s, ".")+strings.Count(s, ",") == len(parts)-1
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatCents renders cents as the stored decimal string "1234.50".
func formatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + twoDigits(c%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// parseNumber reads "3", "3,5", "3.5", "-2", "1.234,5" style numbers.
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" || len(s) > 32 {
		return 0, false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if strings.Contains(s, ",") && strings.Contains(s, ".") {
		// both: the last one is the decimal separator
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			s = strings.ReplaceAll(s, ".", "")
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	}
	s = strings.Replace(s, ",", ".", 1)
	if s == "" || strings.Count(s, ".") > 1 || s[0] == '.' || s[len(s)-1] == '.' {
		return 0, false
	}
	if !allDigits(strings.Replace(s, ".", "", 1)) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x > 1e15 {
		return 0, false
	}
	if neg {
		x = -x
	}
	return x, true
}

// parseDate reads "TT.MM.JJJJ" (also "T.M.JJJJ") and ISO "JJJJ-MM-TT".
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2.1.2006", s); err == nil && len(s) <= 10 {
		return t, true
	}
	return time.Time{}, false
}

func isISODate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
