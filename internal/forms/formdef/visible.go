package formdef

import (
	"strconv"
	"strings"
)

// Page returns the page with the given ID, or nil.
func (f *Form) Page(id string) *Page {
	for _, p := range f.Pages {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Field returns the field a path names: "name", "addr.street" (the address
// field), "dogs.0.name" or "dogs.name" (the group child). Nil if none.
func (f *Form) Field(path string) *Field {
	first, rest, _ := strings.Cut(path, ".")
	fd := f.byName[first]
	if fd == nil || rest == "" || fd.Type != TypeGroup {
		return fd
	}
	if num, tail, ok := strings.Cut(rest, "."); ok && allDigits(num) {
		rest = tail
	} else if allDigits(rest) {
		return fd
	}
	name, _, _ := strings.Cut(rest, ".")
	return fd.child(name)
}

// PageVisible reports whether page p is shown for the answers.
func (f *Form) PageVisible(p *Page, a Answers) bool {
	return newEvaluator(f, a).pageVisible(p)
}

// VisiblePages returns the pages shown for the answers, in order.
func (f *Form) VisiblePages(a Answers) []*Page {
	v := newEvaluator(f, a)
	var out []*Page
	for _, p := range f.Pages {
		if v.pageVisible(p) {
			out = append(out, p)
		}
	}
	return out
}

// Visible reports whether the field at path is shown: its page and, for a
// group child, its group are shown and every show_if on the way is true.
// "dogs.2.breed" asks about the third item. Unknown paths are not visible.
func (f *Form) Visible(path string, a Answers) bool {
	return newEvaluator(f, a).pathVisible(path)
}

func (v *evaluator) pathVisible(path string) bool {
	first, rest, _ := strings.Cut(path, ".")
	fd := v.f.byName[first]
	if fd == nil {
		return false
	}
	if fd.Type != TypeGroup || rest == "" {
		return v.fieldVisible(fd)
	}
	num, tail, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(num)
	if err != nil || !allDigits(num) || i >= len(asItems(v.a[fd.Name])) {
		return false
	}
	if tail == "" {
		return v.fieldVisible(fd)
	}
	name, _, _ := strings.Cut(tail, ".")
	c := fd.child(name)
	return c != nil && v.childVisible(c, i)
}
