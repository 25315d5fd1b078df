package formdef

import (
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

// what names the field in messages.
func (fd *Field) what() subject {
	s := subject{kind: "field", name: fd.Name}
	if fd.group != nil {
		s.group = fd.group.Name
	}
	if fd.page != nil {
		s.page = fd.page.ID
	}
	return s
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
		r.errAt(at("id"), "bad_form_id", Quoted(f.ID))
	}
	if _, ok := f.at["version"]; ok && f.Version < 1 {
		r.errAt(at("version"), "bad_version")
	}
	if f.Version == 0 {
		f.Version = 1
	}
	if f.Department != "" && !slugRe.MatchString(f.Department) {
		r.errAt(at("department"), "bad_department", Quoted(f.Department))
	}
	if f.Service != "" && !slugRe.MatchString(f.Service) {
		r.errAt(at("service"), "bad_service", Quoted(f.Service))
	}
	f.ResumeDays = orDefault(f.ResumeDays, DefaultResumeDays)
	f.RetentionDays = orDefault(f.RetentionDays, DefaultRetentionDays)
	f.DeadlineDays = orDefault(f.DeadlineDays, DefaultDeadlineDays)
	f.checkStatuses(r, at("statuses"))

	f.byName = map[string]*Field{}
	f.pageOf = map[string]*Page{}
	pageIDs := map[string]bool{}
	if _, ok := f.at["pages"]; ok && len(f.Pages) == 0 {
		r.errAt(at("pages"), "no_pages")
	}
	for _, p := range f.Pages {
		if p.ID != "" && !nameRe.MatchString(p.ID) {
			r.errAt(p.at["id"], "bad_page_id", Quoted(p.ID))
		}
		if pageIDs[p.ID] && p.ID != "" {
			r.errAt(p.at["id"], "page_id_twice", Quoted(p.ID))
		}
		pageIDs[p.ID] = true
		if _, ok := p.at["fields"]; ok && len(p.Fields) == 0 {
			r.errAt(p.at["fields"], "page_no_fields", Quoted(p.ID))
		}
		for _, fd := range p.Fields {
			fd.page = p
			if fd.Name == "" {
				continue
			}
			if prev := f.byName[fd.Name]; prev != nil {
				r.errAt(fd.pos("name"), "field_name_twice", Quoted(fd.Name), prev.Line)
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
			r.errAt(at, "no_statuses")
		}
		return
	}
	seen := map[string]bool{}
	closing := false
	for i, s := range f.Statuses {
		at := pos{f.statusLines[i], 0}
		if s.Key != "" && !nameRe.MatchString(s.Key) {
			r.errAt(at, "bad_status_key", Quoted(s.Key))
		}
		if seen[s.Key] {
			r.errAt(at, "status_key_twice", Quoted(s.Key))
		}
		seen[s.Key] = true
		closing = closing || s.Closing
		if i == 0 && s.Closing {
			r.errAt(at, "first_status_closing", Quoted(s.Key))
		}
	}
	if !closing {
		r.errAt(at, "no_closing_status")
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
	"transform":       {TypeText},
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
		r.errAt(fd.pos("name"), "bad_field_name", w)
	}
	if fd.Type == "" {
		return // unknown or missing type is already reported
	}
	for key, types := range keysFor {
		if _, ok := fd.at[key]; ok && !slices.Contains(types, fd.Type) {
			r.errAt(fd.pos(key), "key_not_for_type", w, Quoted(key), string(fd.Type), joinTypes(types))
		}
	}
	if fd.Label.In("de") == "" && fd.Type != TypeInfo {
		r.errAt(fd.pos("name"), "missing", w, Quoted("label"))
	}
	if fd.Type == TypeInfo {
		if fd.Label.In("de") == "" && fd.Hint.In("de") == "" {
			r.errAt(fd.pos("name"), "info_needs_text", w)
		}
		if fd.Required {
			r.errAt(fd.pos("required"), "info_required", w)
		}
	}
	if fd.Calc != "" && fd.Required {
		r.errAt(fd.pos("required"), "calc_required", w)
	}
	if fd.Calc != "" && fd.Prefill != "" {
		r.errAt(fd.pos("prefill"), "calc_prefill", w)
	}
	if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
		r.errAt(fd.pos("min"), "min_over_max", w, *fd.Min, *fd.Max)
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
			r.errAt(fd.pos("prefill"), "bad_prefill", w, Quoted(fd.Prefill))
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
		r.errAt(fd.pos("type"), "needs_options", w, string(fd.Type))
		return
	}
	seen := map[string]bool{}
	for _, o := range fd.Options {
		switch {
		case strings.TrimSpace(o.Value) == "":
			r.errAt(fd.pos("options"), "empty_option", w)
		case seen[o.Value]:
			r.errAt(fd.pos("options"), "option_twice", w, Quoted(o.Value))
		}
		seen[o.Value] = true
	}
	if fd.Type == TypeCheckboxes {
		for _, b := range []*float64{fd.Min, fd.Max} {
			if b != nil && (*b < 0 || *b > float64(len(fd.Options)) || *b != float64(int(*b))) {
				r.errAt(fd.pos("min"), "box_bounds", w, len(fd.Options))
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
		r.errAt(fd.pos("min_length"), "length_bounds", w, fd.MinLength, fd.MaxLength)
	}
	if fd.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + fd.Pattern + `)$`)
		if err != nil || len(fd.Pattern) > 500 {
			r.errAt(fd.pos("pattern"), "bad_pattern", w)
		} else {
			fd.pattern = re
		}
	}
	if fd.Transform != "" && !slices.Contains(Transforms, fd.Transform) {
		r.errAt(fd.pos("transform"), "bad_transform", w, Quoted(fd.Transform), strings.Join(Transforms, ", "))
	}
}

func (f *Form) checkFile(r *reader, fd *Field) {
	w := fd.what()
	if len(fd.Accept) == 0 {
		fd.Accept = slices.Clone(defaultAccept)
	}
	for _, a := range fd.Accept {
		if !strings.HasPrefix(a, ".") && strings.Count(a, "/") != 1 {
			r.errAt(fd.pos("accept"), "bad_accept", w, Quoted(a))
		}
	}
	if fd.MaxSizeMB == 0 {
		fd.MaxSizeMB = defaultFileMB
	}
	if fd.MaxSizeMB > maxFileMB {
		r.errAt(fd.pos("max_size_mb"), "file_too_big", w, maxFileMB)
	}
}

func (f *Form) checkGroup(r *reader, fd *Field) {
	w := fd.what()
	if len(fd.Fields) == 0 {
		r.errAt(fd.pos("type"), "group_no_fields", w)
	}
	for _, b := range []*float64{fd.Min, fd.Max} {
		if b != nil && (*b < 0 || *b > maxItems || *b != float64(int(*b))) {
			r.errAt(fd.pos("max"), "item_bounds", w, maxItems)
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
			r.errAt(c.pos("type"), "group_in_group", c.what())
			continue
		}
		if c.Type == TypeFile {
			r.errAt(c.pos("type"), "file_in_group", c.what())
		}
		if seen[c.Name] && c.Name != "" {
			r.errAt(c.pos("name"), "name_twice_in_group", c.what())
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
		r.errAt(fd.pos(key), "bad_date_bound", fd.what().at(key), Quoted(spec))
	}
}
