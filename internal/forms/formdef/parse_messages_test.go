package formdef

import (
	"errors"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseMistakesReadInGermanAndEnglish(t *testing.T) {
	group := "      - {name: g, type: group, label: G, fields: [{name: c, type: number, label: C}, {name: u, type: file, label: U}]}\n"
	cases := []struct {
		name   string
		src    string
		line   int
		de, en string
	}{
		{"unknown_type_names_field_and_page", header + field("hund_name", "texte"), 12,
			`Feld „hund_name“ auf Seite „p1“: Der Typ „texte“ ist unbekannt (bekannt: text, textarea, number, money, date, email, phone, address, iban, bic, radio, select, checkboxes, yesno, file, info, group)`,
			`field "hund_name" on page "p1": unknown type "texte" (known: text, textarea, number, money, date, email, phone, address, iban, bic, radio, select, checkboxes, yesno, file, info, group)`},
		{"missing_top_level_key", strings.Replace(header, "department: test\n", "", 1), 1,
			`Formular: Der Schlüssel „department“ fehlt`, `form: "department" is missing`},
		{"wrong_value_kind_names_the_key", header + field("a", "number", "min: viel"), 14,
			`Feld „a“ auf Seite „p1“: „min“ muss eine Zahl sein`, `field "a" on page "p1": min must be a number`},
		{"field_in_group", header + group, 11,
			`Feld „u“ in Gruppe „g“ auf Seite „p1“: Datei-Uploads sind in einer wiederholbaren Gruppe nicht möglich`,
			`field "u" in group "g" on page "p1": file uploads cannot be inside a repeating group`},
		{"option_label_without_german", header + field("a", "radio", "options: [{value: x, label: {en: X}}]"), 14,
			`Feld „a“ auf Seite „p1“: „label“ einer Option braucht einen deutschen Text (de)`,
			`field "a" on page "p1": option label needs a German text (de)`},
		{"show_if_unknown_field", header + field("a", "text", "show_if: 'b == 1'"), 14,
			`Feld „a“ auf Seite „p1“: „show_if“: Das Feld „b“ gibt es nicht`, `field "a" on page "p1": show_if: unknown field "b"`},
		{"calc_ends_too_early", header + field("a", "number", "calc: '1 +'"), 14,
			`Feld „a“ auf Seite „p1“: „calc“: Der Ausdruck endet unerwartet (Position 4)`, `field "a" on page "p1": calc: unexpected "end" at position 4`},
		{"calc_argument_count", header + field("a", "number", "calc: 'round()'"), 14,
			`Feld „a“ auf Seite „p1“: „calc“: round() braucht 1 bis 2 Argumente`, `field "a" on page "p1": calc: round() takes 1 to 2 arguments`},
		{"child_named_from_outside", header + group + field("a", "number", "calc: g.c"), 15,
			`Feld „a“ auf Seite „p1“: „calc“: „g.c“ gehört zur wiederholbaren Gruppe „g“; verwenden Sie sum(g, "c") oder count_if(g, "c")`,
			`field "a" on page "p1": calc: "g.c" is in the repeating group "g"; use sum(g, "c") or count_if(g, "c")`},
		{"page_show_if", strings.Replace(header, "    title: Seite 1\n", "    title: Seite 1\n    show_if: 'x'\n", 1) + field("a", "text"), 10,
			`Seite „p1“: „show_if“: Das Feld „x“ gibt es nicht`, `page "p1": show_if: unknown field "x"`},
		{"first_status_closing", strings.Replace(header, "{key: neu, label: Neu}", "{key: neu, label: Neu, closing: true}", 1), 5,
			`Mit dem ersten Status „neu“ beginnt jeder Vorgang, er kann deshalb nicht abschließend sein (closing)`,
			`the first status "neu" is where every case starts, so it cannot be closing`},
		{"bad_relative_date", header + field("a", "date", "min_date: +14 days"), 14,
			`Feld „a“ auf Seite „p1“: „min_date“: „+14 days“ ist kein Datum; verwenden Sie today, +14d, -2w, +6m, -18y, 2026-01-01 oder den Namen eines anderen Datumsfelds`,
			`field "a" on page "p1": min_date "+14 days" is not a date; use today, +14d, -2w, +6m, -18y, 2026-01-01 or the name of another date field`},
		{"unknown_transform", header + field("a", "text", "transform: gross"), 14,
			`Feld „a“ auf Seite „p1“: transform „gross“ ist unbekannt (bekannt: upper)`,
			`field "a" on page "p1": unknown transform "gross" (known: upper)`},
		{"transform_on_number", header + field("a", "number", "transform: upper"), 14,
			`Feld „a“ auf Seite „p1“: „transform“ ist beim Typ number nicht erlaubt (nur bei text)`,
			`field "a" on page "p1": "transform" is not allowed for type number (only for text)`},
		{"yaml_tab", "id: x\n\ttitle: a\n", 2,
			`YAML-Syntaxfehler: Tabulatorzeichen sind nicht erlaubt; rücken Sie bitte mit Leerzeichen ein`,
			"YAML syntax: found character '\t' that cannot start any token"},
		{"yaml_unclosed_quote", "id: \"x\ntitle: a\n", 1,
			`YAML-Syntaxfehler: Ein doppeltes Anführungszeichen (") wird nicht geschlossen`,
			`YAML syntax: could not find end character of double-quoted text`},
		{"yaml_duplicate_key", "id: x\nid: y\n", 2,
			`YAML-Syntaxfehler: Der Schlüssel „id“ steht schon in Zeile 1`, `YAML syntax: mapping key "id" already defined at [1:1]`},
		{"file_not_in_utf8", latin1Form, 2,
			`Die Datei ist nicht in UTF-8 gespeichert (unlesbares Zeichen in Spalte 13). Bitte speichern Sie sie als UTF-8 (im Editor meist unter „Speichern unter“ → „Codierung“)`,
			`the file is not saved as UTF-8 (unreadable character in column 13); please save it as UTF-8 (in most editors under "Save as" → "Encoding")`},
		{"quoted_names_stay_on_one_line", header + field("a", "text", "pattern: '[a-'", `prefill: "x\ny"`), 15,
			`Feld „a“ auf Seite „p1“: prefill „x\ny“ passt nicht; verwenden Sie account.name bei text oder account.email bei email`,
			`field "a" on page "p1": prefill "x\ny" does not fit; use account.name on text or account.email on email`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want *ParseError", err)
			}
			var got []string
			for _, le := range pe.Errors {
				if le.Line == tc.line && le.Text("de") == tc.de {
					if le.Text("en") != tc.en || le.Msg != tc.en {
						t.Errorf("English:\n got %q (Msg %q)\nwant %q", le.Text("en"), le.Msg, tc.en)
					}
					return
				}
				got = append(got, strconv.Itoa(le.Line)+": "+le.Text("de"))
			}
			t.Errorf("no mistake in line %d reads\n%s\ngot:\n%s", tc.line, tc.de, strings.Join(got, "\n"))
		})
	}
}

// verbRe matches a formatting verb such as %s, %[2]d or %v.
var verbRe = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are the verb letters of a message in the order they appear.
func verbs(s string) []string {
	var out []string
	for _, m := range verbRe.FindAllString(s, -1) {
		out = append(out, m[len(m)-1:])
	}
	return out
}

func TestEveryParseMessageHasGermanAndEnglishWithTheSameVerbs(t *testing.T) {
	for key, m := range parseMessages {
		de, en := m[0], m[1]
		if strings.TrimSpace(de) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: empty text: %q / %q", key, de, en)
			continue
		}
		dv, ev := verbs(de), verbs(en)
		slices.Sort(dv)
		if ev := slices.Sorted(slices.Values(ev)); !slices.Equal(dv, ev) {
			t.Errorf("%s: German verbs %v, English verbs %v", key, dv, ev)
		}
		if de == en && key != "expr" {
			t.Errorf("%s: German text is the English one: %q", key, de)
		}
		var args []any
		for _, v := range ev {
			switch v {
			case "d":
				args = append(args, 7)
			case "v":
				args = append(args, 2.5)
			default:
				args = append(args, Quoted("x"))
			}
		}
		for _, lang := range []string{"de", "en"} {
			if s := render(lang, key, args); strings.Contains(s, "%!") {
				t.Errorf("%s in %s does not format: %q", key, lang, s)
			}
		}
	}
}

// TestEveryMessageKeyInTheCodeIsInTheTable reads the source of formdef and
// of the forms module: a key missing from parseMessages would be shown to
// the admin as the bare key.
func TestEveryMessageKeyInTheCodeIsInTheTable(t *testing.T) {
	keyArg := map[string]int{"errAt": 1, "exprErr": 0, "NewLineError": 2, "render": 1}
	used := map[string]bool{}
	var files []string
	for _, pat := range []string{"*.go", "../*.go"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	fset := gotoken.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			i, ok := keyArg[name]
			if !ok || len(call.Args) <= i {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != gotoken.STRING {
				return true // render(lang, e.key, …) passes a key on
			}
			key, _ := strconv.Unquote(lit.Value)
			used[key] = true
			if _, ok := parseMessages[key]; !ok {
				t.Errorf("%s: key %q is not in parseMessages", fset.Position(lit.Pos()), key)
			}
			return true
		})
	}
	for key := range parseMessages {
		if !used[key] {
			t.Errorf("parseMessages has %q, which no code uses", key)
		}
	}
}

func TestQuotedKeepsNamesOnOneLineInBothLanguages(t *testing.T) {
	cases := []struct{ in, de, en string }{
		{"hund_name", `„hund_name“`, `"hund_name"`},
		{"zwei\nZeilen", `„zwei\nZeilen“`, `"zwei\nZeilen"`},
		{`a"b\c`, `„a"b\c“`, `"a\"b\\c"`},
		{"Größe", `„Größe“`, `"Größe"`},
	}
	for _, tc := range cases {
		if de, en := Quoted(tc.in).in("de"), Quoted(tc.in).in("en"); de != tc.de || en != tc.en {
			t.Errorf("Quoted(%q) = %s / %s, want %s / %s", tc.in, de, en, tc.de, tc.en)
		}
	}
}
