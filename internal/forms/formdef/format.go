package formdef

import (
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

var monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Display formats an answer of field fd for people, as Summary shows it:
// choice labels instead of values, dates as TT.MM.JJJJ (German) or
// "2 January 2026" (English), money as "12,50 €" or "€12.50". An answer that
// is not understood is shown as typed; no answer gives "".
func (fd *Field) Display(v any, lang string) string {
	switch fd.Type {
	case TypeNumber:
		if x, ok := asNumber(v); ok {
			return formatNumber(x, lang)
		}
	case TypeMoney:
		if c, ok := moneyCents(v); ok {
			return formatMoney(c, lang)
		}
	case TypeDate:
		if s, ok := v.(string); ok && isISODate(s) {
			t, _ := time.Parse(time.DateOnly, s)
			return formatDate(t, lang)
		}
	case TypeYesNo:
		if b, ok := v.(bool); ok {
			return msg(lang, yesNoKey(b))
		}
	case TypeRadio, TypeSelect:
		if s, ok := v.(string); ok {
			return fd.optionLabel(s, lang)
		}
	case TypeCheckboxes:
		vals := asStrings(v)
		labels := make([]string, len(vals))
		for i, s := range vals {
			labels[i] = fd.optionLabel(s, lang)
		}
		return strings.Join(labels, ", ")
	case TypeAddress:
		return addressLine(asMap(v))
	case TypeIBAN:
		if s, ok := v.(string); ok {
			return groupIBAN(s)
		}
	case TypeFile:
		m := asMap(v)
		name := asString(m["name"])
		if name == "" {
			return ""
		}
		if size, ok := asNumber(m["size"]); ok && size > 0 {
			return name + " (" + i18n.Bytes(lang, int64(size)) + ")"
		}
		return name
	case TypeGroup, TypeInfo:
		return ""
	}
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return formatNumber(t, lang)
	case bool:
		return msg(lang, yesNoKey(t))
	}
	return ""
}

func yesNoKey(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// InputValue returns the text to put back into the input of field fd: the
// typed text of an answer that was not understood, otherwise the answer in
// the user's notation (dates TT.MM.JJJJ in German, "12,50" for money).
// Dates for <input type=date> are the stored ISO string itself.
func (fd *Field) InputValue(v any, lang string) string {
	switch fd.Type {
	case TypeNumber:
		if x, ok := asNumber(v); ok {
			return formatNumber(x, lang)
		}
	case TypeMoney:
		if s, ok := v.(string); ok {
			if c, ok := parseMoney(s); ok && s == formatCents(c) {
				return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(formatMoney(c, lang), "€"), "€"))
			}
			return s
		}
	case TypeDate:
		if s, ok := v.(string); ok && isISODate(s) && lang != "en" {
			t, _ := time.Parse(time.DateOnly, s)
			return t.Format("02.01.2006")
		}
	case TypeYesNo:
		if b, ok := v.(bool); ok {
			return yesNoKey(b)
		}
	case TypeIBAN:
		if s, ok := v.(string); ok {
			return groupIBAN(s)
		}
	}
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func (fd *Field) optionLabel(value, lang string) string {
	for _, o := range fd.Options {
		if o.Value == value {
			return o.Label.In(lang)
		}
	}
	return value
}

func formatNumber(x float64, lang string) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatMoney renders cents as "1.234,50 €" (German) or "€1,234.50".
func formatMoney(c int64, lang string) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	whole := strconv.FormatInt(c/100, 10)
	thousands, dec := ".", ","
	if lang == "en" {
		thousands, dec = ",", "."
	}
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(d)
	}
	amount := b.String() + dec + twoDigits(c%100)
	if lang == "en" {
		return sign + "€" + amount
	}
	return sign + amount + " €"
}

func formatDate(t time.Time, lang string) string {
	if lang == "en" {
		return strconv.Itoa(t.Day()) + " " + monthsEN[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("02.01.2006")
}

// addressLine renders an address as "Musterstraße 12, 48143 Musterstadt".
func addressLine(m map[string]any) string {
	street := strings.TrimSpace(asString(m["street"]) + " " + asString(m["house_number"]))
	city := strings.TrimSpace(asString(m["postal_code"]) + " " + asString(m["city"]))
	switch {
	case street == "":
		return city
	case city == "":
		return street
	}
	return street + ", " + city
}

// groupIBAN writes an IBAN in blocks of four, as printed on bank cards.
func groupIBAN(s string) string {
	c := compactIBAN(s)
	if !isAlnum(c) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(c); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c[i:min(i+4, len(c))])
	}
	return b.String()
}
