package formdef

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const groupForm = `      - name: owner
        type: text
        label: Halter
      - name: dogs
        type: group
        label: {de: Hunde, en: Dogs}
        item_label: {de: Hund, en: Dog}
        min: 1
        max: 3
        fields:
          - {name: name, type: text, label: {de: Name, en: Name}, required: true}
          - {name: dangerous, type: yesno, label: {de: Gefährlich, en: Dangerous}}
          - {name: permit, type: text, label: {de: Erlaubnis, en: Permit}, required: true, show_if: dangerous}
          - {name: tax, type: money, label: {de: Steuer, en: Tax}, calc: 'if(dangerous, 600, if(position() == 1, 96, 120))'}
      - name: total
        type: money
        label: {de: Summe, en: Total}
        calc: 'sum(dogs, "tax")'
`

func TestGroupDecodeAcceptsAnyItemNumbersUpToMax(t *testing.T) {
	f := formWith(t, groupForm)
	v := in("owner", "Anna",
		"dogs.0.name", "Bello", "dogs.0.dangerous", "no",
		"dogs.2.name", "Rex", "dogs.2.dangerous", "yes", "dogs.2.permit", "OA-1",
		"dogs.7.name", "beyond max",
		"dogs.01.name", "leading zero",
		"dogs.x.name", "not a number",
		"dogs.1", "no field")
	a := post(f, v)
	items, _ := a["dogs"].([]map[string]any)
	if len(items) != 2 || items[0]["name"] != "Bello" || items[1]["name"] != "Rex" {
		t.Fatalf("items %#v, want Bello and Rex renumbered 0 and 1", a["dogs"])
	}
	if items[0]["tax"] != "96.00" || items[1]["tax"] != "600.00" || a["total"] != "696.00" {
		t.Errorf("tax %v, %v, total %v; want 96.00, 600.00, 696.00", items[0]["tax"], items[1]["tax"], a["total"])
	}
	if errs := f.Validate(a, "de", today); len(errs) != 0 {
		t.Errorf("errors %v", errs)
	}
}

func TestGroupValidation(t *testing.T) {
	f := formWith(t, groupForm)
	cases := []struct {
		name string
		in   url.Values
		want map[string]string
	}{
		{"child_errors_use_item_paths", in("dogs.0.name", "A", "dogs.1.dangerous", "yes"),
			map[string]string{"dogs.1.name": "Hund 2: Bitte füllen Sie „Name“ aus.", "dogs.1.permit": "Hund 2: Bitte füllen Sie „Erlaubnis“ aus."}},
		{"hidden_child_not_required", in("dogs.0.name", "A", "dogs.0.dangerous", "no"), map[string]string{}},
		{"too_few_items", in(), map[string]string{"dogs": "Bitte geben Sie bei „Hunde“ mindestens einen Eintrag an."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := f.Validate(post(f, tc.in), "de", today)
			if len(errs) != len(tc.want) {
				t.Fatalf("errors %v, want %v", errs, tc.want)
			}
			for k, w := range tc.want {
				if errs[k] != w {
					t.Errorf("%s: %q, want %q", k, errs[k], w)
				}
			}
		})
	}
	// More items than max arrive only from stored data, never from Decode.
	many := Answers{"dogs": []any{map[string]any{"name": "a"}, map[string]any{"name": "b"}, map[string]any{"name": "c"}, map[string]any{"name": "d"}}}
	if errs := f.Validate(many, "de", today); errs["dogs"] != "Bei „Hunde“ sind höchstens 3 Einträge möglich." {
		t.Errorf("over max: %v", errs)
	}
}

func TestConditionsOnPagesAndFields(t *testing.T) {
	f := demoForm(t, "gewerbe-anmelden")
	person := Answers{"kind": "person", "reason": "new"}
	company := Answers{"kind": "company", "reason": "branch", "legal_form": "gbr"}
	cases := []struct {
		a    Answers
		path string
		want bool
	}{
		{person, "name", true},
		{person, "company_name", false},
		{person, "head_office", false},
		{company, "name", false},
		{company, "company_name", true},
		{company, "head_office", true},
		{company, "register_number", false}, // GbR is not in the commercial register
		{company, "representatives", true},
		{Answers{"kind": "company", "legal_form": "gmbh"}, "register_number", true},
		{person, "register_number", false}, // its page is hidden, whatever legal_form says
		{Answers{"kind": "person", "legal_form": "gmbh"}, "register_number", false},
		{person, "nope", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%v/%s", tc.a["kind"], tc.path), func(t *testing.T) {
			if got := f.Visible(tc.path, tc.a); got != tc.want {
				t.Errorf("Visible = %v, want %v", got, tc.want)
			}
		})
	}
	var ids []string
	for _, p := range f.VisiblePages(company) {
		ids = append(ids, p.ID)
	}
	if strings.Join(ids, ",") != "art,firma,taetigkeit,betrieb" {
		t.Errorf("visible pages for a company: %v", ids)
	}
	if f.PageVisible(f.Page("person"), company) {
		t.Error("person page visible for a company")
	}
}

func TestHiddenAnswersCountAsNotGiven(t *testing.T) {
	// c depends on b, which is hidden unless a is yes: a stale b must not
	// show c.
	f := formWith(t, field("a", "yesno")+field("b", "yesno", "show_if: a")+field("c", "text", "show_if: b", "required: true"))
	a := Answers{"a": false, "b": true}
	if f.Visible("c", a) {
		t.Fatal("c visible although b is hidden")
	}
	if errs := f.Validate(a, "de", today); len(errs) != 0 {
		t.Fatalf("hidden required field validated: %v", errs)
	}
	a["c"] = "stale"
	f.Clean(a)
	if !reflect.DeepEqual(a, Answers{"a": false}) {
		t.Fatalf("after Clean %#v, want only a", a)
	}
}

func TestCleanDropsUnknownAndNormalisesJSON(t *testing.T) {
	f := formWith(t, groupForm+field("cb", "checkboxes", "options: [x, y]")+field("addr", "address")+field("n", "number"))
	var a Answers
	raw := `{"owner":"Anna","unknown":"x","cb":["x"],"n":4,
		"addr":{"street":"Ring","house_number":"1","postal_code":"48143","city":"M","evil":"x"},
		"dogs":[{"name":"Bello","dangerous":false,"permit":"stale","extra":1,"tax":"96.00"}],"total":"96.00"}`
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	f.Compute(a)
	f.Clean(a)
	want := Answers{
		"owner": "Anna", "cb": []string{"x"}, "n": 4.0,
		"addr":  map[string]any{"street": "Ring", "house_number": "1", "postal_code": "48143", "city": "M"},
		"dogs":  []map[string]any{{"name": "Bello", "dangerous": false, "tax": "96.00"}},
		"total": "96.00",
	}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("Clean:\n got %#v\nwant %#v", a, want)
	}
}

func TestComputeRemovesHiddenOrUndefinedResults(t *testing.T) {
	f := formWith(t, field("n", "number")+field("show", "yesno")+
		field("half", "number", "calc: 'n / 2'")+field("hidden", "money", "calc: 'n'", "show_if: show")+
		field("label", "text", `calc: 'if(n > 10, "groß", "klein")'`))
	a := Answers{"n": 30.0, "show": false, "hidden": "1.00"}
	f.Compute(a)
	if a["half"] != 15.0 || a["label"] != "groß" {
		t.Errorf("computed %#v", a)
	}
	if _, ok := a["hidden"]; ok {
		t.Errorf("hidden calc kept: %#v", a)
	}
	delete(a, "n")
	f.Compute(a)
	if _, ok := a["half"]; ok {
		t.Errorf("calc of missing answer kept: %#v", a)
	}
}

func TestCalculatedFieldsCannotBePosted(t *testing.T) {
	f := formWith(t, groupForm)
	a := post(f, in("dogs.0.name", "Bello", "dogs.0.tax", "0.01", "total", "0.01"))
	items := a["dogs"].([]map[string]any)
	if items[0]["tax"] != "96.00" || a["total"] != "96.00" {
		t.Fatalf("posted calc values used: %#v", a)
	}
}

func TestSummary(t *testing.T) {
	f := formWith(t, groupForm+field("when", "date")+field("kind", "radio", "options: [{value: a, label: {de: Eins, en: One}}]")+
		field("cb", "checkboxes", "options: [{value: x, label: {de: Ix, en: Ex}}, {value: y, label: Ypsilon}]")+
		field("iban", "iban")+field("addr", "address")+field("opt", "text")+field("secret", "text", "show_if: 'owner == \"nie\"'"))
	a := post(f, in("owner", "Anna", "dogs.0.name", "Bello", "dogs.0.dangerous", "yes", "dogs.0.permit", "OA-7",
		"dogs.1.name", "Rex", "when", "2026-03-05", "kind", "a", "cb", "x", "cb", "y", "iban", "de89370400440532013000",
		"addr.street", "Ring", "addr.house_number", "1", "addr.postal_code", "48143", "addr.city", "Musterstadt", "secret", "x"))
	got := map[string][]string{}
	for _, lang := range []string{"de", "en"} {
		for _, l := range f.Summary(a, lang) {
			got[lang] = append(got[lang], fmt.Sprintf("%s|%s|%s|%d", l.Label, l.Value, l.Path, l.Group))
		}
	}
	wantDE := []string{
		"Halter|Anna|owner|0",
		"Hunde|2 Einträge|dogs|0",
		"Hund 1: Name|Bello|dogs.0.name|1",
		"Hund 1: Gefährlich|Ja|dogs.0.dangerous|1",
		"Hund 1: Erlaubnis|OA-7|dogs.0.permit|1",
		"Hund 1: Steuer|600,00 €|dogs.0.tax|1",
		"Hund 2: Name|Rex|dogs.1.name|2",
		"Hund 2: Gefährlich|nicht angegeben|dogs.1.dangerous|2",
		"Hund 2: Steuer|120,00 €|dogs.1.tax|2",
		"Summe|720,00 €|total|0",
		"Feld when|05.03.2026|when|0",
		"Feld kind|Eins|kind|0",
		"Feld cb|Ix, Ypsilon|cb|0",
		"Feld iban|DE89 3704 0044 0532 0130 00|iban|0",
		"Feld addr|Ring 1, 48143 Musterstadt|addr|0",
		"Feld opt|nicht angegeben|opt|0",
	}
	if !reflect.DeepEqual(got["de"], wantDE) {
		t.Errorf("Summary de:\n%s\nwant:\n%s", strings.Join(got["de"], "\n"), strings.Join(wantDE, "\n"))
	}
	for _, w := range []string{"Dog 1: Tax|€600.00|", "Total|€720.00|", "Field when|5 March 2026|", "Field kind|One|", "Dog 1: Dangerous|Yes|"} {
		if !strings.Contains(strings.Join(got["en"], "\n"), w) {
			t.Errorf("Summary en lacks %q:\n%s", w, strings.Join(got["en"], "\n"))
		}
	}
	for _, l := range f.Summary(a, "de") {
		if l.Page != "p1" {
			t.Errorf("line %q has page %q", l.Label, l.Page)
		}
	}
}

func TestInputValueShowsWhatWasTyped(t *testing.T) {
	f := formWith(t, field("m", "money")+field("d", "date")+field("n", "number")+field("i", "iban")+field("y", "yesno"))
	a := post(f, in("m", "1234,5", "d", "05.03.2026", "n", "2.5", "i", "DE89370400440532013000", "y", "no"))
	bad := post(f, in("m", "zwölf", "d", "32.13.2026", "n", "2,5,1"))
	cases := []struct {
		a          Answers
		name, lang string
		want       string
	}{
		{a, "m", "de", "1.234,50"},
		{a, "m", "en", "1,234.50"},
		{a, "d", "de", "05.03.2026"},
		{a, "d", "en", "2026-03-05"},
		{a, "n", "de", "2,5"},
		{a, "i", "de", "DE89 3704 0044 0532 0130 00"},
		{a, "y", "de", "no"},
		{bad, "m", "de", "zwölf"},
		{bad, "d", "de", "32.13.2026"},
		{bad, "n", "de", "2,5,1"},
	}
	for _, tc := range cases {
		if got := f.Field(tc.name).InputValue(tc.a[tc.name], tc.lang); got != tc.want {
			t.Errorf("InputValue(%s, %s) = %q, want %q", tc.name, tc.lang, got, tc.want)
		}
	}
	// what InputValue gives back decodes to the same answer
	for _, name := range []string{"m", "d", "n", "i", "y"} {
		again := post(f, in(name, f.Field(name).InputValue(a[name], "de")))
		if !reflect.DeepEqual(again[name], a[name]) {
			t.Errorf("%s: round trip %#v → %#v", name, a[name], again[name])
		}
	}
}

func TestDecodeReplacesOnlyThisPage(t *testing.T) {
	src := strings.Replace(header, "pages:\n", "pages:\n  - id: p0\n    title: Start\n    fields:\n"+field("keep", "text"), 1) + field("a", "text") + field("cb", "checkboxes", "options: [x]")
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := Answers{"keep": "bleibt", "a": "alt", "cb": []string{"x"}}
	f.Decode(f.Page("p1"), in("a", "neu"), a)
	if !reflect.DeepEqual(a, Answers{"keep": "bleibt", "a": "neu"}) {
		t.Fatalf("after Decode %#v: want keep unchanged, a replaced and unticked cb removed", a)
	}
}
