package formdef

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxInputBytes caps what Decode keeps of one input; Validate reports
// anything over the field's max_length, this only bounds memory.
const maxInputBytes = 64 << 10

// Decode reads the answers of page p from posted form values into a,
// replacing that page's previous answers. An input that is missing or empty
// removes the answer. Values that cannot be understood are kept as typed, so
// the page can show them again with an error. Calculated, information and
// file fields are not read.
func (f *Form) Decode(p *Page, v url.Values, into Answers) {
	if p == nil || into == nil {
		return
	}
	for _, fd := range p.Fields {
		if fd.Type == TypeGroup {
			if items := f.decodeGroup(fd, v); len(items) > 0 {
				into[fd.Name] = items
			} else {
				delete(into, fd.Name)
			}
			continue
		}
		decodeInto(fd, fd.Name, v, into)
	}
}

// decodeInto reads field fd from the input called name into m[fd.Name].
func decodeInto(fd *Field, name string, v url.Values, m map[string]any) {
	if fd.Calc != "" || fd.Type == TypeInfo || fd.Type == TypeFile || fd.Type == TypeGroup {
		return
	}
	if val, ok := decodeValue(fd, name, v); ok {
		m[fd.Name] = val
	} else {
		delete(m, fd.Name)
	}
}

func decodeValue(fd *Field, name string, v url.Values) (any, bool) {
	switch fd.Type {
	case TypeAddress:
		addr := map[string]any{}
		empty := true
		for _, part := range AddressParts {
			s := clip(strings.TrimSpace(v.Get(name + "." + part)))
			addr[part] = s
			empty = empty && s == ""
		}
		return addr, !empty
	case TypeCheckboxes:
		var vals []string
		for _, s := range v[name] {
			s = clip(strings.TrimSpace(s))
			if s != "" && !slices.Contains(vals, s) && len(vals) < maxOptions {
				vals = append(vals, s)
			}
		}
		return vals, len(vals) > 0
	case TypeDate:
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			s = dateFromParts(v, name)
		}
		if s == "" {
			return nil, false
		}
		if t, ok := parseDate(s); ok {
			return t.Format("2006-01-02"), true
		}
		return clip(s), true
	}
	s := v.Get(name)
	if fd.Type == TypeTextarea {
		s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	} else {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return nil, false
	}
	s = clip(s)
	switch fd.Type {
	case TypeText:
		return transform(fd, s), true
	case TypeNumber:
		if x, ok := parseNumber(s); ok {
			return x, true
		}
	case TypeMoney:
		if c, ok := parseMoney(s); ok {
			return formatCents(c), true
		}
	case TypeYesNo:
		switch strings.ToLower(s) {
		case "yes", "ja", "true", "1", "on":
			return true, true
		case "no", "nein", "false", "0", "off":
			return false, true
		}
	case TypeIBAN:
		if key, _ := checkIBAN(s); key == "" {
			return compactIBAN(s), true
		}
	case TypeBIC:
		if validBIC(s) {
			return compactBIC(s), true
		}
	}
	return s, true
}

// dateFromParts joins separate day, month and year inputs ("born.day",
// "born.month", "born.year"), the pattern GOV.UK recommends for dates people
// know by heart.
func dateFromParts(v url.Values, name string) string {
	d, m, y := strings.TrimSpace(v.Get(name+".day")), strings.TrimSpace(v.Get(name+".month")), strings.TrimSpace(v.Get(name+".year"))
	if d == "" && m == "" && y == "" {
		return ""
	}
	return d + "." + m + "." + y
}

// clip makes typed text safe to keep: valid UTF-8, no control characters
// other than line breaks and tabs (PostgreSQL refuses NUL), at most
// maxInputBytes long.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) <= maxInputBytes {
		return s
	}
	s = s[:maxInputBytes]
	for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	if len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// decodeGroup reads the items of a repeating group. Inputs are named
// "dogs.3.name"; any item numbers below the group's max are accepted and
// kept in number order, renumbered from 0.
func (f *Form) decodeGroup(g *Field, v url.Values) []map[string]any {
	limit := int(ptrOr(g.Max, defaultGroupMax))
	prefix := g.Name + "."
	seen := map[int]bool{}
	for key := range v {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		num, _, ok := strings.Cut(rest, ".")
		if !ok || num == "" || len(num) > 3 || (len(num) > 1 && num[0] == '0') || !allDigits(num) {
			continue
		}
		i, _ := strconv.Atoi(num)
		if i < limit {
			seen[i] = true
		}
	}
	indices := make([]int, 0, len(seen))
	for i := range seen {
		indices = append(indices, i)
	}
	slices.Sort(indices)
	items := make([]map[string]any, 0, len(indices))
	for _, i := range indices {
		item := map[string]any{}
		base := prefix + strconv.Itoa(i) + "."
		for _, c := range g.Fields {
			decodeInto(c, base+c.Name, v, item)
		}
		items = append(items, item)
	}
	return items
}
