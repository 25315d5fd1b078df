package formdef

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ValidatePage checks the visible fields of page p and returns a message per
// field path, in lang ("de" or "en"). today anchors relative date bounds
// ("today", "+14d"). A hidden page has no errors.
func (f *Form) ValidatePage(p *Page, a Answers, lang string, today time.Time) FieldErrors {
	errs := FieldErrors{}
	v := newEvaluator(f, a)
	if p != nil && v.pageVisible(p) {
		f.validatePage(v, p, lang, today, errs)
	}
	return errs
}

// Validate checks every visible page.
func (f *Form) Validate(a Answers, lang string, today time.Time) FieldErrors {
	errs := FieldErrors{}
	v := newEvaluator(f, a)
	for _, p := range f.Pages {
		if v.pageVisible(p) {
			f.validatePage(v, p, lang, today, errs)
		}
	}
	return errs
}

func (f *Form) validatePage(v *evaluator, p *Page, lang string, today time.Time, errs FieldErrors) {
	for _, fd := range p.Fields {
		if !v.fieldVisible(fd) {
			continue
		}
		if fd.Type != TypeGroup {
			validateField(v, scope{}, fd, fd.Name, v.a[fd.Name], lang, today, errs)
			continue
		}
		items := asItems(v.a[fd.Name])
		if !isList(v.a[fd.Name]) {
			errs[fd.Name] = msg(lang, "unreadable")
			continue
		}
		label := fd.Label.In(lang)
		switch {
		case fd.Min != nil && len(items) < int(*fd.Min):
			errs[fd.Name] = msg(lang, plural("items_min", int(*fd.Min)), label, int(*fd.Min))
		case fd.Max != nil && len(items) > int(*fd.Max):
			errs[fd.Name] = msg(lang, plural("items_max", int(*fd.Max)), label, int(*fd.Max))
		}
		for i, item := range items {
			if fd.Max != nil && i >= int(*fd.Max) {
				break
			}
			// Each message names its item ("Hund 2: …"): in the error
			// summary, messages of several items read alike otherwise.
			itemErrs := FieldErrors{}
			for _, c := range fd.Fields {
				if v.childVisible(c, i) {
					validateField(v, scope{group: fd, index: i, item: item}, c, fd.Name+"."+strconv.Itoa(i)+"."+c.Name, item[c.Name], lang, today, itemErrs)
				}
			}
			heading := fd.ItemHeading(i, lang)
			for path, m := range itemErrs {
				errs[path] = heading + itemSeparator + m
			}
		}
	}
}

// isEmpty reports whether raw counts as not answered.
func isEmpty(fd *Field, raw any) bool {
	switch t := raw.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []string:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	switch fd.Type {
	case TypeAddress:
		return addressLine(asMap(raw)) == "" && asMap(raw) != nil
	case TypeFile:
		m := asMap(raw)
		return m != nil && asString(m["blob"]) == "" && asString(m["name"]) == ""
	}
	return false
}

func requiredKey(fd *Field) string {
	switch fd.Type {
	case TypeRadio, TypeSelect:
		return "required_pick"
	case TypeYesNo:
		return "required_yesno"
	case TypeCheckboxes:
		if len(fd.Options) == 1 {
			// A single box is a consent or declaration, not a choice.
			return "required_confirm"
		}
		return "required_boxes"
	case TypeFile:
		return "required_file"
	}
	return "required"
}

// requiredMessage asks for a missing answer. A single box is a declaration
// whose legend is often generic ("Bestätigung"), so the message quotes the
// statement of the box itself, unless that is a bare word such as "Ja".
func requiredMessage(fd *Field, lang string) string {
	key := requiredKey(fd)
	if key != "required_confirm" {
		return msg(lang, key, fd.Label.In(lang))
	}
	statement := strings.TrimSpace(fd.Options[0].Label.In(lang))
	if len(strings.Fields(statement)) < 3 {
		return msg(lang, key, fd.Label.In(lang))
	}
	m := msg(lang, "required_statement", statement)
	if !strings.ContainsAny(statement[len(statement)-1:], ".!?") {
		m += "."
	}
	return m
}

// validateField checks one answer and records a message under path.
func validateField(v *evaluator, sc scope, fd *Field, path string, raw any, lang string, today time.Time, errs FieldErrors) {
	if fd.Calc != "" || fd.Type == TypeInfo {
		return
	}
	if isEmpty(fd, raw) {
		if fd.Required {
			errs[path] = requiredMessage(fd, lang)
		}
		return
	}
	set := func(key string, args ...any) { errs[path] = msg(lang, key, args...) }
	switch fd.Type {
	case TypeText, TypeTextarea:
		s, ok := raw.(string)
		if !ok {
			set("unreadable")
			return
		}
		n := utf8.RuneCountInString(s)
		switch {
		case n < fd.MinLength:
			set("too_short", fd.MinLength)
		case fd.MaxLength > 0 && n > fd.MaxLength && len(s) >= maxInputBytes-utf8.UTFMax:
			// Decode keeps only the first maxInputBytes of an input, so the
			// real length is unknown here: name a round number below it.
			set("too_long_clipped", fd.MaxLength, roundedDown(n))
		case fd.MaxLength > 0 && n > fd.MaxLength:
			set("too_long", fd.MaxLength, n)
		case fd.pattern != nil && !fd.pattern.MatchString(s):
			if m := fd.PatternMessage.In(lang); m != "" {
				errs[path] = m
			} else {
				set("pattern")
			}
		}
	case TypeNumber:
		x, ok := asNumber(raw)
		switch {
		case !ok:
			set("number")
		case fd.Integer && x != math.Trunc(x):
			set("integer")
		case fd.Min != nil && x < *fd.Min:
			set("num_min", formatNumber(*fd.Min, lang))
		case fd.Max != nil && x > *fd.Max:
			set("num_max", formatNumber(*fd.Max, lang))
		}
	case TypeMoney:
		c, ok := moneyCents(raw)
		lo := ptrOr(fd.Min, 0) // amounts people pay in are never negative unless allowed
		switch {
		case !ok:
			set("money")
		case float64(c) < math.Round(lo*100):
			set("money_min", formatMoney(int64(math.Round(lo*100)), lang))
		case fd.Max != nil && float64(c) > math.Round(*fd.Max*100):
			set("money_max", formatMoney(int64(math.Round(*fd.Max*100)), lang))
		}
	case TypeDate:
		bound := func(spec string, ref *Field) (time.Time, bool) {
			if ref == nil {
				return resolveDate(spec, today)
			}
			s, _ := v.value(ref, "", sc).(string)
			t, err := time.Parse(time.DateOnly, s)
			return t, err == nil
		}
		validateDate(fd, raw, lang, bound, set)
	case TypeEmail:
		if s, ok := raw.(string); !ok || !validEmail(s) {
			set("email")
		}
	case TypePhone:
		if s, ok := raw.(string); !ok || !validPhone(s) {
			set("phone")
		}
	case TypeAddress:
		validateAddress(fd, path, raw, lang, errs)
	case TypeIBAN:
		s, _ := raw.(string)
		if key, args := checkIBAN(s); key != "" {
			set(key, args...)
		}
	case TypeBIC:
		if s, ok := raw.(string); !ok || !validBIC(s) {
			set("bic")
		}
	case TypeRadio, TypeSelect:
		if s, ok := raw.(string); !ok || !fd.hasOption(s) {
			set("choice")
		}
	case TypeCheckboxes:
		vals := asStrings(raw)
		if _, ok := raw.(string); ok || len(vals) == 0 {
			set("choice")
			return
		}
		for _, s := range vals {
			if !fd.hasOption(s) {
				set("choice")
				return
			}
		}
		switch {
		case fd.Min != nil && len(vals) < int(*fd.Min):
			set("boxes_min", int(*fd.Min)) // at least one is ticked here, so min is 2 or more
		case fd.Max != nil && len(vals) > int(*fd.Max):
			if *fd.Max == 1 {
				set("boxes_max_1")
			} else {
				set("boxes_max", int(*fd.Max))
			}
		}
	case TypeYesNo:
		if _, ok := raw.(bool); !ok {
			set("yesno")
		}
	case TypeFile:
		m := asMap(raw)
		size, _ := asNumber(m["size"])
		if m == nil {
			set("unreadable")
		} else if why := fd.CheckFile(asString(m["name"]), asString(m["type"]), int64(size), lang); why != "" {
			errs[path] = why
		}
	}
}

func (fd *Field) hasOption(v string) bool {
	for _, o := range fd.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func validateDate(fd *Field, raw any, lang string, bound func(string, *Field) (time.Time, bool), set func(string, ...any)) {
	s, _ := raw.(string)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		set("date")
		return
	}
	if lo, ok := bound(fd.MinDate, fd.minRef); fd.MinDate != "" && ok && t.Before(lo) {
		set("date_min", formatDate(lo, lang))
		return
	}
	if hi, ok := bound(fd.MaxDate, fd.maxRef); fd.MaxDate != "" && ok && t.After(hi) {
		set("date_max", formatDate(hi, lang))
	}
}

func validateAddress(fd *Field, path string, raw any, lang string, errs FieldErrors) {
	m := asMap(raw)
	if m == nil {
		errs[path] = msg(lang, "unreadable")
		return
	}
	part := func(k string) string {
		s, _ := m[k].(string)
		return s
	}
	if s := part("street"); s == "" || utf8.RuneCountInString(s) > 100 {
		errs[path+".street"] = msg(lang, "street")
	}
	if !houseNumberRe.MatchString(part("house_number")) {
		errs[path+".house_number"] = msg(lang, "house_number")
	}
	if !postalCodeRe.MatchString(part("postal_code")) {
		errs[path+".postal_code"] = msg(lang, "postal_code")
	}
	if s := part("city"); s == "" || utf8.RuneCountInString(s) > 100 {
		errs[path+".city"] = msg(lang, "city")
	}
}

// isList reports whether raw can hold group items (or is no answer).
func isList(raw any) bool {
	switch raw.(type) {
	case nil, []map[string]any, []any:
		return true
	}
	return false
}

// plural picks the key's singular form ("_1") when n is 1 and one exists.
func plural(key string, n int) string {
	if _, ok := messages[key+"_1"]; ok && n == 1 {
		return key + "_1"
	}
	return key
}

// roundedDown is a round number of characters below n (the thousand below,
// or the hundred for short counts), for "more than …".
func roundedDown(n int) int {
	step := 1000
	if n <= 1000 {
		step = 100
	}
	return max(0, (n-1)/step*step)
}
