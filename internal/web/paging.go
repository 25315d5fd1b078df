package web

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// MaxPage is the highest page number a list accepts: far past any real
// list, low enough that the offset cannot overflow a query.
const MaxPage = 100000

// MaxSearch is the longest free-text search, in characters.
const MaxSearch = 200

// PageParam reads the list's page number from "page": 1 when missing;
// anything but a whole number from 1 to MaxPage is a field error in fe
// (and page 1).
func PageParam(q url.Values, fe *errs.Fields) int {
	raw := q.Get("page")
	if raw == "" {
		return 1
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > MaxPage {
		fe.Add("page", "field.choice.invalid")
	}
	return max(n, 1)
}

// SearchParam reads the free-text search "q", trimmed; over MaxSearch
// characters is a field error in fe.
func SearchParam(q url.Values, fe *errs.Fields) string {
	s := strings.TrimSpace(q.Get("q"))
	if len([]rune(s)) > MaxSearch {
		fe.Add("q", "field.too_long", MaxSearch)
	}
	return s
}

// ChoiceParam reads query value name, which must be one of allowed; ""
// keeps def, anything else is a field error in fe (and def).
func ChoiceParam[T ~string](q url.Values, name string, def T, allowed []T, fe *errs.Fields) T {
	v := T(q.Get(name))
	switch {
	case v == "":
		return def
	case slices.Contains(allowed, v):
		return v
	}
	fe.Add(name, "field.choice.invalid")
	return def
}

// PageLinks are the links of a paged list at path with query q to the
// previous and the next page; "" where there is none (page 1, or more is
// false). The other query values, the filter, stay as they are.
func PageLinks(path string, q url.Values, page int, more bool) (prev, next string) {
	if page > 1 {
		prev = pageURL(path, q, page-1)
	}
	if more {
		next = pageURL(path, q, page+1)
	}
	return prev, next
}

func pageURL(path string, q url.Values, page int) string {
	q2 := maps.Clone(q)
	if q2 == nil {
		q2 = url.Values{}
	}
	q2.Set("page", strconv.Itoa(page))
	return path + "?" + q2.Encode()
}
