package forms

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// pathOrder compares answer paths ("name", "dogs.1.breed",
// "address.city") by where their inputs appear in form f: pages and fields
// in definition order, group items by number, address parts as the page
// shows them (street, number, postcode, town). Error summaries list their
// items in this order, as people read the page; unknown paths come last.
func pathOrder(f *formdef.Form) func(a, b string) int {
	var top []*formdef.Field
	for _, p := range f.Pages {
		top = append(top, p.Fields...)
	}
	key := func(path string) []int {
		var out []int
		fields := top
		var fd *formdef.Field
		for seg := range strings.SplitSeq(path, ".") {
			switch {
			case fd != nil && fd.Type == formdef.TypeGroup:
				n, err := strconv.Atoi(seg)
				if err != nil {
					return append(out, math.MaxInt)
				}
				out = append(out, n)
				fields, fd = fd.Fields, nil
				continue
			case fd != nil && fd.Type == formdef.TypeAddress:
				return append(out, rank(slices.Index(formdef.AddressParts, seg)))
			case fd != nil:
				return append(out, math.MaxInt)
			}
			i := slices.IndexFunc(fields, func(c *formdef.Field) bool { return c.Name == seg })
			if i < 0 {
				return append(out, math.MaxInt)
			}
			out = append(out, i)
			fd = fields[i]
		}
		return out
	}
	return func(a, b string) int {
		if c := slices.Compare(key(a), key(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	}
}

// rank puts a missing index (-1) last.
func rank(i int) int {
	if i < 0 {
		return math.MaxInt
	}
	return i
}

// sortedPaths are the paths of errs in the order of form f.
func sortedPaths(f *formdef.Form, errs formdef.FieldErrors) []string {
	paths := make([]string, 0, len(errs))
	for path := range errs {
		paths = append(paths, path)
	}
	slices.SortFunc(paths, pathOrder(f))
	return paths
}
