package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func TestListParams(t *testing.T) {
	type sort string
	sorts := []sort{"deadline", "newest"}
	for _, tc := range []struct {
		name, query string
		page        int
		search      string
		sort        sort
		errs        string // fields with an error, in order
	}{
		{"nothing asked is page 1, no search, the default order", "", 1, "", "deadline", ""},
		{"a page and an order", "page=3&sort=newest", 3, "", "newest", ""},
		{"the last page allowed", "page=100000", 100000, "", "deadline", ""},
		{"page 0", "page=0", 1, "", "deadline", "page"},
		{"past the last page", "page=100001", 100001, "", "deadline", "page"},
		{"a page that is no number", "page=zwei", 1, "", "deadline", "page"},
		{"a search is trimmed", "q=+M%C3%BCller+", 1, "Müller", "deadline", ""},
		{"200 letters may be searched", "q=" + strings.Repeat("%C3%BC", 200), 1, strings.Repeat("ü", 200), "deadline", ""},
		{"201 may not", "q=" + strings.Repeat("a", 201), 1, strings.Repeat("a", 201), "deadline", "q"},
		{"an unknown order keeps the default", "sort=random", 1, "", "deadline", "sort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			var fe errs.Fields
			page, search := web.PageParam(q, &fe), web.SearchParam(q, &fe)
			s := web.ChoiceParam(q, "sort", sort("deadline"), sorts, &fe)
			var got []string
			for _, f := range fe {
				got = append(got, f.Field)
			}
			if page != tc.page || search != tc.search || s != tc.sort || strings.Join(got, ",") != tc.errs {
				t.Errorf("page %d search %q sort %q errors %v, want %d %q %q %q", page, search, s, got, tc.page, tc.search, tc.sort, tc.errs)
			}
		})
	}
}

func TestPageLinksKeepTheFilter(t *testing.T) {
	q := url.Values{"status": {"open"}, "page": {"2"}, "q": {"Ümit"}}
	for _, tc := range []struct {
		name       string
		page       int
		more       bool
		prev, next string
	}{
		{"first page, more to come", 1, true, "", "/staff/cases?page=2&q=%C3%9Cmit&status=open"},
		{"middle page", 2, true, "/staff/cases?page=1&q=%C3%9Cmit&status=open", "/staff/cases?page=3&q=%C3%9Cmit&status=open"},
		{"last page", 3, false, "/staff/cases?page=2&q=%C3%9Cmit&status=open", ""},
		{"the only page", 1, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev, next := web.PageLinks("/staff/cases", q, tc.page, tc.more)
			if prev != tc.prev || next != tc.next {
				t.Errorf("links %q %q, want %q %q", prev, next, tc.prev, tc.next)
			}
		})
	}
	if q.Get("page") != "2" {
		t.Errorf("the request's query changed: %v", q)
	}
}
