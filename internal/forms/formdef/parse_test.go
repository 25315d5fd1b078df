package formdef

import (
	"errors"
	"strings"
	"testing"
)

const header = `id: test
title: Test
department: test
statuses:
  - {key: neu, label: Neu}
  - {key: fertig, label: Fertig, closing: true}
pages:
  - id: p1
    title: Seite 1
    fields:
`

func TestParseReportsMistakesWithLineAndReason(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // each must appear in the error, in this order
	}{
		{"unknown_type_lists_known", header + "      - name: iban\n        type: ibna\n        label: IBAN\n",
			[]string{`line 12: field "iban" on page "p1": unknown type "ibna" (known: text, textarea, number, money, date, email, phone, address, iban, bic, radio, select, checkboxes, yesno, file, info, group)`}},
		{"unknown_key_is_an_error", header + "      - name: a\n        type: text\n        label: A\n        requird: true\n",
			[]string{`line 14: field "a" on page "p1": unknown key "requird" (known: accept,`}},
		{"unknown_top_level_key", "titel: X\n" + header, []string{`line 1: form: unknown key "titel"`}},
		{"duplicate_field_name", header + field("a", "text") + field("a", "number"),
			[]string{`line 14: field name "a" is already used in line 11`}},
		{"bad_field_name", header + field("Kunden-Nr", "text"), []string{`field "Kunden-Nr" on page "p1": the name must start with a letter`}},
		{"bad_form_id", strings.Replace(header, "id: test", "id: Test Form", 1), []string{`line 1: id "Test Form" must start with a letter`}},
		{"choice_without_options", header + field("a", "radio"), []string{`line 12: field "a" on page "p1": type radio needs options`}},
		{"duplicate_option", header + field("a", "select", "options: [x, x]"), []string{`option value "x" is used twice`}},
		{"options_on_text", header + field("a", "text", "options: [x]"), []string{`line 14: field "a" on page "p1": "options" is not allowed for type text (only for radio, select, checkboxes)`}},
		{"show_if_unknown_field", header + field("a", "text", "show_if: 'b == 1'"), []string{`line 14: field "a" on page "p1": show_if: unknown field "b"`}},
		{"calc_syntax_error", header + field("a", "number", "calc: '1 +'"), []string{`line 14: field "a" on page "p1": calc: unexpected "end"`}},
		{"assignment_instead_of_comparison", header + field("b", "text") + field("a", "text", "show_if: 'b = 1'"), []string{`use == to compare`}},
		{"unknown_function", header + field("a", "number", "calc: 'pow(2, 3)'"), []string{`unknown function "pow"`}},
		{"group_used_as_value", header + "      - {name: g, type: group, label: G, fields: [{name: c, type: text, label: C}]}\n" + field("a", "text", "show_if: 'g > 1'"),
			[]string{`"g" is a repeating group; use count(g)`}},
		{"child_referenced_from_outside", header + "      - {name: g, type: group, label: G, fields: [{name: c, type: number, label: C}]}\n" + field("a", "number", "calc: c"),
			[]string{`unknown field "c"`}},
		{"sum_of_unknown_child", header + "      - {name: g, type: group, label: G, fields: [{name: c, type: number, label: C}]}\n" + field("a", "number", `calc: 'sum(g, "d")'`),
			[]string{`group "g" has no field "d"`}},
		{"cycle", header + field("a", "number", "calc: 'b + 1'") + field("b", "number", "calc: 'a + 1'"),
			[]string{`refer to each other in a circle: a → b → a`}},
		{"self_condition", header + field("a", "yesno", "show_if: a"), []string{`circle: a → a`}},
		{"no_closing_status", strings.Replace(header, ", closing: true", "", 1), []string{`at least one status needs closing: true`}},
		{"first_status_closing", strings.Replace(header, "{key: neu, label: Neu}", "{key: neu, label: Neu, closing: true}", 1), []string{`line 5: the first status "neu" is where every case starts`}},
		{"missing_department", strings.Replace(header, "department: test\n", "", 1), []string{`"department" is missing`}},
		{"bad_relative_date", header + field("a", "date", "min_date: +14 days"), []string{`min_date "+14 days" is not a date`}},
		{"group_in_group", header + "      - {name: g, type: group, label: G, fields: [{name: h, type: group, label: H, fields: [{name: c, type: text, label: C}]}]}\n",
			[]string{`a group cannot contain another group`}},
		{"bad_pattern", header + field("a", "text", "pattern: '[a-'"), []string{`pattern is not a valid regular expression`}},
		{"calc_on_required", header + field("a", "number", "calc: '1'", "required: true"), []string{`cannot be required`}},
		{"wrong_prefill", header + field("a", "email", "prefill: account.name"), []string{`prefill "account.name" does not fit`}},
		{"label_missing", header + "      - {name: a, type: text}\n", []string{`field "a" on page "p1": "label" is missing`}},
		{"wrong_value_kind", header + field("a", "number", "min: viel"), []string{`line 14: field "a" on page "p1": min must be a number`}},
		{"yaml_syntax", "id: x\ntitle: [a\n", []string{`YAML syntax`}},
		{"two_documents", header + field("a", "text") + "---\nid: y\n", []string{`one form only`}},
		{"empty", "", []string{`the file is empty`}},
		{"anchor", header + "      - &f {name: a, type: text, label: A}\n      - *f\n", []string{`anchors and aliases`}},
		{"absurd_nesting", "id: " + strings.Repeat("[", 200), []string{`nested deeper than 64`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v (%T), want *ParseError", err, err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error does not contain %q:\n%s", w, msg)
				}
			}
			for _, le := range pe.Errors {
				if le.Line == 0 && tc.name != "empty" {
					t.Errorf("error without line: %+v", le)
				}
			}
		})
	}
}

func TestParseCollectsAllMistakes(t *testing.T) {
	src := header + field("a", "ibna") + field("b", "text", "show_if: 'zz'") + field("a", "radio")
	_, err := Parse([]byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) || len(pe.Errors) != 4 {
		t.Fatalf("want 4 mistakes (unknown type, unknown field, duplicate name, no options), got:\n%v", err)
	}
	for i := 1; i < len(pe.Errors); i++ {
		if pe.Errors[i].Line < pe.Errors[i-1].Line {
			t.Errorf("errors not in line order: %v", pe.Errors)
		}
	}
}

func TestParseFillsDefaults(t *testing.T) {
	f := formWith(t, field("t", "text")+field("ta", "textarea")+field("up", "file")+
		"      - {name: g, type: group, label: G, required: true, fields: [{name: c, type: text, label: C}]}\n")
	if f.Version != 1 || f.ResumeDays != 30 || f.RetentionDays != 365 || f.DeadlineDays != 20 {
		t.Errorf("defaults: version %d resume %d retention %d deadline %d", f.Version, f.ResumeDays, f.RetentionDays, f.DeadlineDays)
	}
	if f.Field("t").MaxLength != 200 || f.Field("ta").MaxLength != 5000 {
		t.Errorf("text limits %d, %d", f.Field("t").MaxLength, f.Field("ta").MaxLength)
	}
	if up := f.Field("up"); up.MaxSizeMB != 10 || strings.Join(up.Accept, ",") != "application/pdf,image/jpeg,image/png" {
		t.Errorf("file defaults %d %v", up.MaxSizeMB, up.Accept)
	}
	if g := f.Field("g"); *g.Min != 1 || *g.Max != 20 {
		t.Errorf("required group: min %v max %v, want 1 and 20", *g.Min, *g.Max)
	}
	if f.Statuses[0].Key != "neu" || !f.Statuses[1].Closing || f.Statuses[1].Label.In("en") != "Fertig" {
		t.Errorf("statuses %+v", f.Statuses)
	}
}

func TestParseReadsTexts(t *testing.T) {
	f := formWith(t, "      - name: a\n        type: text\n        label: {de: Hund, en: Dog}\n        hint: |\n          Zwei\n          Zeilen\n")
	a := f.Field("a")
	if a.Label.In("de") != "Hund" || a.Label.In("en") != "Dog" || a.Label.In("fr") != "Hund" {
		t.Errorf("label %v", a.Label)
	}
	if a.Hint.In("en") != "Zwei\nZeilen" {
		t.Errorf("block hint %q (English falls back to German)", a.Hint.In("en"))
	}
	if a.Line != 11 {
		t.Errorf("Line = %d, want 11", a.Line)
	}
}

func TestFieldLookup(t *testing.T) {
	f := formWith(t, field("addr", "address")+"      - {name: dogs, type: group, label: G, fields: [{name: name, type: text, label: C}]}\n")
	for path, want := range map[string]string{"addr": "addr", "addr.street": "addr", "dogs": "dogs", "dogs.0.name": "name", "dogs.name": "name", "dogs.3": "dogs"} {
		if got := f.Field(path); got == nil || got.Name != want {
			t.Errorf("Field(%q) = %v, want %s", path, got, want)
		}
	}
	for _, path := range []string{"nope", "dogs.0.nope", ""} {
		if got := f.Field(path); got != nil {
			t.Errorf("Field(%q) = %v, want nil", path, got.Name)
		}
	}
	if f.Page("p1") == nil || f.Page("p2") != nil {
		t.Error("Page lookup")
	}
}
