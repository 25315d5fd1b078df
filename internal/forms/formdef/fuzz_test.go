package formdef

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, id := range demoIDs(f) {
		f.Add(demoSource(f, id))
	}
	f.Add([]byte(header + field("a", "text", "show_if: 'b > (1'")))
	f.Add([]byte("id: [[[{{{"))
	f.Add([]byte("pages: &a [*a]"))
	f.Add([]byte("id: x\ntitle: !!binary aGVsbG8=\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		form, err := Parse(src)
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok || len(pe.Errors) == 0 {
				t.Fatalf("error %v (%T) is not a ParseError with entries", err, err)
			}
			for _, le := range pe.Errors {
				for _, lang := range []string{"de", "en"} {
					// "%!" from the source itself is quoted back, not a formatting slip.
					m := le.Text(lang)
					if m == "" || le.Key == "" || strings.Contains(m, "%!") && !strings.Contains(string(src), "%!") {
						t.Fatalf("bad %s message %q (key %q)", lang, m, le.Key)
					}
				}
			}
			return
		}
		// A definition that parses must be usable.
		a := Answers{}
		for _, p := range form.Pages {
			form.Decode(p, url.Values{}, a)
		}
		form.Compute(a)
		form.Validate(a, "de", today)
		form.Summary(a, "en")
		form.Clean(a)
		if !json.Valid(form.JSONSchema()) {
			t.Fatal("schema is not JSON")
		}
	})
}

// FuzzAnswers posts random form values to every page of every demo form and
// also feeds the bytes as stored JSON answers: nothing may panic.
func FuzzAnswers(f *testing.F) {
	forms := map[string]*Form{}
	for _, id := range demoIDs(f) {
		forms[id] = demoForm(f, id)
		for _, v := range goodAnswers[id].pages {
			f.Add(v.Encode())
		}
	}
	f.Add("dogs.0.dangerous=yes&dogs.99.name=x&dogs.4.tax=1e308&length=1e400&date_from=29.02.2025")
	f.Add(`{"dogs":[1,"x",{"dangerous":"yes","tax":[]}],"kind":{"a":1},"length":"12","confirm":"correct","address":[]}`)
	f.Add("location.postal_code=%00%ff&iban=DE00&cb=a&cb=a&representatives.00.rep_name=x&representatives.-1.rep_name=y")
	f.Fuzz(func(t *testing.T, data string) {
		v, _ := url.ParseQuery(data)
		var fromJSON Answers
		_ = json.Unmarshal([]byte(data), &fromJSON)
		for _, form := range forms {
			a := Answers{}
			for _, p := range form.Pages {
				form.Decode(p, v, a)
				form.Compute(a)
				form.ValidatePage(p, a, "de", today)
				form.Visible(p.ID, a)
			}
			exercise(form, a)
			if fromJSON != nil {
				exercise(form, fromJSON)
			}
		}
	})
}

func exercise(form *Form, a Answers) {
	form.Compute(a)
	for path, m := range form.Validate(a, "en", today) {
		if m == "" || strings.Contains(m, "%!") {
			panic(fmt.Sprintf("bad message at %s: %q", path, m))
		}
	}
	for _, l := range form.Summary(a, "de") {
		if l.Value == "" || strings.Contains(l.Value+l.Label, "%!") {
			panic(fmt.Sprintf("bad summary line %+v", l))
		}
	}
	form.VisiblePages(a)
	for _, p := range form.Pages {
		for _, fd := range p.Fields {
			form.Visible(fd.Name, a)
			fd.InputValue(a[fd.Name], "de")
			fd.Display(a[fd.Name], "en")
			for _, c := range fd.Fields {
				form.Visible(fd.Name+".0."+c.Name, a)
			}
		}
	}
	form.Clean(a)
	if _, err := json.Marshal(a); err != nil {
		panic("cleaned answers are not JSON: " + err.Error())
	}
}
