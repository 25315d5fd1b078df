package formdef

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	nameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	slugRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// Defaults of a form definition.
const (
	DefaultResumeDays    = 30
	DefaultRetentionDays = 365
	DefaultDeadlineDays  = 20
	defaultGroupMax      = 20
	defaultTextMax       = 200
	defaultTextareaMax   = 5000
	defaultFileMB        = 10
	maxFileMB            = 100
)

var defaultAccept = []string{"application/pdf", "image/jpeg", "image/png"}

// prefills are the account values a field may start with.
var prefills = map[string]FieldType{"account.name": TypeText, "account.email": TypeEmail}

func (fd *Field) pos(key string) pos {
	if p, ok := fd.at[key]; ok {
		return p
	}
	return pos{fd.Line, 0}
}

func (fd *Field) what() string {
	if fd.group != nil {
		return fmt.Sprintf("field %q in group %q", fd.Name, fd.group.Name)
	}
	return fmt.Sprintf("field %q", fd.Name)
}

// check validates a read definition, fills defaults and prepares the
// expressions.
func (f *Form) check(r *reader) {
	at := func(key string) pos {
		if p, ok := f.at[key]; ok {
			return p
		}
		return pos{1, 1}
	}
	if f.ID != "" && !slugRe.MatchString(f.ID) {
		r.errAt(at("id"), "id %q must start with a letter and contain only a-z, 0-9 and -", f.ID)
	}
	if _, ok := f.at["version"]; ok && f.Version < 1 {
		r.errAt(at("version"), "version must be 1 or more")
	}
	if f.Version == 0 {
		f.Version = 1
	}
	if f.Department != "" && !slugRe.MatchString(f.Department) {
		r.errAt(at("department"), "department %q must be a department slug (a-z, 0-9, -)", f.Department)
	}
	if f.Service != "" && !slugRe.MatchString(f.Service) {
		r.errAt(at("service"), "service %q must be a catalog slug (a-z, 0-9, -)", f.Service)
	}
	f.ResumeDays = orDefault(f.ResumeDays, DefaultResumeDays)
	f.RetentionDays = orDefault(f.RetentionDays, DefaultRetentionDays)
	f.DeadlineDays = orDefault(f.DeadlineDays, DefaultDeadlineDays)
	f.checkStatuses(r, at("statuses"))

	f.byName = map[string]*Field{}
	f.pageOf = map[string]*Page{}
	pageIDs := map[string]bool{}
	if _, ok := f.at["pages"]; ok && len(f.Pages) == 0 {
		r.errAt(at("pages"), "pages: the form needs at least one page")
	}
	for _, p := range f.Pages {
		if p.ID != "" && !nameRe.MatchString(p.ID) {
			r.errAt(p.at["id"], "page id %q must start with a letter and contain only a-z, 0-9 and _", p.ID)
		}
		if pageIDs[p.ID] && p.ID != "" {
			r.errAt(p.at["id"], "page id %q is used twice", p.ID)
		}
		pageIDs[p.ID] = true
		if _, ok := p.at["fields"]; ok && len(p.Fields) == 0 {
			r.errAt(p.at["fields"], "page %q has no fields", p.ID)
		}
		for _, fd := range p.Fields {
			fd.page = p
			if fd.Name == "" {
				continue
			}
			if prev := f.byName[fd.Name]; prev != nil {
				r.errAt(fd.pos("name"), "field name %q is already used in line %d", fd.Name, prev.Line)
				continue
			}
			f.byName[fd.Name] = fd
			f.pageOf[fd.Name] = p
		}
	}
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			f.checkField(r, fd)
		}
	}
	f.checkExprs(r)
}

func orDefault(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func (f *Form) checkStatuses(r *reader, at pos) {
	if len(f.Statuses) == 0 {
		if _, ok := f.at["statuses"]; ok {
			r.errAt(at, "statuses: the form needs at least one status")
		}
		return
	}
	seen := map[string]bool{}
	closing := false
	for i, s := range f.Statuses {
		at := pos{f.statusLines[i], 0}
		if s.Key != "" && !nameRe.MatchString(s.Key) {
			r.errAt(at, "status key %q must start with a letter and contain only a-z, 0-9 and _", s.Key)
		}
		if seen[s.Key] {
			r.errAt(at, "status key %q is used twice", s.Key)
		}
		seen[s.Key] = true
		closing = closing || s.Closing
		if i == 0 && s.Closing {
			r.errAt(at, "the first status %q is where every case starts, so it cannot be closing", s.Key)
		}
	}
	if !closing {
		r.errAt(at, "statuses: at least one status needs closing: true (for example Genehmigt or Abgelehnt)")
	}
}

// keysFor lists which optional keys make sense for which types.
var keysFor = map[string][]FieldType{
	"options":         {TypeRadio, TypeSelect, TypeCheckboxes},
	"min":             {TypeNumber, TypeMoney, TypeCheckboxes, TypeGroup},
	"max":             {TypeNumber, TypeMoney, TypeCheckboxes, TypeGroup},
	"integer":         {TypeNumber},
	"min_length":      {TypeText, TypeTextarea},
	"max_length":      {TypeText, TypeTextarea},
	"pattern":         {TypeText},
	"pattern_message": {TypeText},
	"min_date":        {TypeDate},
	"max_date":        {TypeDate},
	"accept":          {TypeFile},
	"max_size_mb":     {TypeFile},
	"prefill":         {TypeText, TypeEmail},
	"fields":          {TypeGroup},
	"item_label":      {TypeGroup},
	"calc":            {TypeNumber, TypeMoney, TypeText},
}

func (f *Form) checkField(r *reader, fd *Field) {
	w := fd.what()
	if fd.Name != "" && !nameRe.MatchString(fd.Name) {
		r.errAt(fd.pos("name"), "%s: the name must start with a letter and contain only a-z, 0-9 and _", w)
	}
	if fd.Type == "" {
		return // unknown or missing type is already reported
	}
	for key, types := range keysFor {
		if _, ok := fd.at[key]; ok && !slices.Contains(types, fd.Type) {
			r.errAt(fd.pos(key), "%s: %q is not allowed for type %s (only for %s)", w, key, fd.Type, joinTypes(types))
		}
	}
	if fd.Label.In("de") == "" && fd.Type != TypeInfo {
		r.errAt(fd.pos("name"), "%s: \"label\" is missing", w)
	}
	if fd.Type == TypeInfo {
		if fd.Label.In("de") == "" && fd.Hint.In("de") == "" {
			r.errAt(fd.pos("name"), "%s: an information text needs a label or a hint", w)
		}
		if fd.Required {
			r.errAt(fd.pos("required"), "%s: an information text takes no answer and cannot be required", w)
		}
	}
	if fd.Calc != "" && fd.Required {
		r.errAt(fd.pos("required"), "%s: a calculated field is filled automatically and cannot be required", w)
	}
	if fd.Calc != "" && fd.Prefill != "" {
		r.errAt(fd.pos("prefill"), "%s: a calculated field cannot be prefilled", w)
	}
	if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
		r.errAt(fd.pos("min"), "%s: min (%v) is larger than max (%v)", w, *fd.Min, *fd.Max)
	}
	switch fd.Type {
	case TypeRadio, TypeSelect, TypeCheckboxes:
		f.checkOptions(r, fd)
	case TypeText, TypeTextarea:
		f.checkText(r, fd)
	case TypeDate:
		f.checkDateBounds(r, fd)
	case TypeFile:
		f.checkFile(r, fd)
	case TypeGroup:
		f.checkGroup(r, fd)
	}
	if fd.Prefill != "" {
		if t, ok := prefills[fd.Prefill]; !ok || t != fd.Type {
			r.errAt(fd.pos("prefill"), "%s: prefill %q does not fit; use account.name on text or account.email on email", w, fd.Prefill)
		}
	}
}

func joinTypes(ts []FieldType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func (f *Form) checkOptions(r *reader, fd *Field) {
	w := fd.what()
	if len(fd.Options) == 0 {
		r.errAt(fd.pos("type"), "%s: type %s needs options", w, fd.Type)
		return
	}
	seen := map[string]bool{}
	for _, o := range fd.Options {
		switch {
		case strings.TrimSpace(o.Value) == "":
			r.errAt(fd.pos("options"), "%s: an option has an empty value", w)
		case seen[o.Value]:
			r.errAt(fd.pos("options"), "%s: option value %q is used twice", w, o.Value)
		}
		seen[o.Value] = true
	}
	if fd.Type == TypeCheckboxes {
		for _, b := range []*float64{fd.Min, fd.Max} {
			if b != nil && (*b < 0 || *b > float64(len(fd.Options)) || *b != float64(int(*b))) {
				r.errAt(fd.pos("min"), "%s: min and max count ticked boxes, so they must be whole numbers from 0 to %d", w, len(fd.Options))
				break
			}
		}
	}
}

func (f *Form) checkText(r *reader, fd *Field) {
	w := fd.what()
	if fd.MaxLength == 0 {
		fd.MaxLength = defaultTextMax
		if fd.Type == TypeTextarea {
			fd.MaxLength = defaultTextareaMax
		}
	}
	if fd.MinLength > fd.MaxLength {
		r.errAt(fd.pos("min_length"), "%s: min_length (%d) is larger than max_length (%d)", w, fd.MinLength, fd.MaxLength)
	}
	if fd.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + fd.Pattern + `)$`)
		if err != nil || len(fd.Pattern) > 500 {
			r.errAt(fd.pos("pattern"), "%s: pattern is not a valid regular expression", w)
		} else {
			fd.pattern = re
		}
	}
}

func (f *Form) checkFile(r *reader, fd *Field) {
	w := fd.what()
	if len(fd.Accept) == 0 {
		fd.Accept = slices.Clone(defaultAccept)
	}
	for _, a := range fd.Accept {
		if !strings.HasPrefix(a, ".") && strings.Count(a, "/") != 1 {
			r.errAt(fd.pos("accept"), "%s: accept %q must be a MIME type like application/pdf or an extension like .pdf", w, a)
		}
	}
	if fd.MaxSizeMB == 0 {
		fd.MaxSizeMB = defaultFileMB
	}
	if fd.MaxSizeMB > maxFileMB {
		r.errAt(fd.pos("max_size_mb"), "%s: max_size_mb must be at most %d", w, maxFileMB)
	}
}

func (f *Form) checkGroup(r *reader, fd *Field) {
	w := fd.what()
	if len(fd.Fields) == 0 {
		r.errAt(fd.pos("type"), "%s: a group needs fields", w)
	}
	for _, b := range []*float64{fd.Min, fd.Max} {
		if b != nil && (*b < 0 || *b > maxItems || *b != float64(int(*b))) {
			r.errAt(fd.pos("max"), "%s: min and max count items, so they must be whole numbers from 0 to %d", w, maxItems)
			return
		}
	}
	if fd.Max == nil || *fd.Max == 0 {
		m := float64(max(defaultGroupMax, int(ptrOr(fd.Min, 0))))
		fd.Max = &m
	}
	if fd.Required && (fd.Min == nil || *fd.Min < 1) {
		one := 1.0
		fd.Min = &one
	}
	seen := map[string]bool{}
	for _, c := range fd.Fields {
		c.group = fd
		c.page = fd.page
		if c.Type == TypeGroup {
			r.errAt(c.pos("type"), "%s: a group cannot contain another group", c.what())
			continue
		}
		if c.Type == TypeFile {
			r.errAt(c.pos("type"), "%s: file uploads cannot be inside a repeating group", c.what())
		}
		if seen[c.Name] && c.Name != "" {
			r.errAt(c.pos("name"), "%s: the name is used twice in the group", c.what())
		}
		seen[c.Name] = true
		f.checkField(r, c)
	}
}

func ptrOr(p *float64, d float64) float64 {
	if p == nil {
		return d
	}
	return *p
}

// checkDateBounds accepts a relative or fixed date, or the name of another
// date field ("min_date: date_from" keeps the last day after the first).
func (f *Form) checkDateBounds(r *reader, fd *Field) {
	for _, key := range []string{"min_date", "max_date"} {
		spec, ref := fd.MinDate, &fd.minRef
		if key == "max_date" {
			spec, ref = fd.MaxDate, &fd.maxRef
		}
		if spec == "" {
			continue
		}
		if _, ok := resolveDate(spec, time.Now()); ok {
			continue
		}
		if nameRe.MatchString(spec) && spec != "today" {
			if other, _, err := f.resolve(spec, fd.group); err == nil && other.Type == TypeDate && other != fd {
				*ref = other
				continue
			}
		}
		r.errAt(fd.pos(key), "%s: %s %q is not a date; use today, +14d, -2w, +6m, -18y, 2026-01-01 or the name of another date field", fd.what(), key, spec)
	}
}
