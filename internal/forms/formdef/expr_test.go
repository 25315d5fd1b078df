package formdef

import (
	"strings"
	"testing"
)

// exprForm has one field of each kind the expressions read.
func exprForm(t testing.TB) *Form {
	return formWith(t, field("n", "number")+field("m", "money")+field("s", "text")+field("b", "yesno")+
		field("d1", "date")+field("d2", "date")+field("addr", "address")+
		field("cb", "checkboxes", "options: [x, y, z]")+
		"      - {name: g, type: group, label: G, fields: [{name: v, type: number, label: V}, {name: ok, type: yesno, label: OK}]}\n"+
		field("out", "text", "calc: '1'"))
}

func TestExpressions(t *testing.T) {
	f := exprForm(t)
	answers := Answers{
		"n": 3.0, "m": "12.50", "s": "Hund", "b": true, "d1": "2026-03-01", "d2": "2026-03-15",
		"addr": map[string]any{"street": "Ring", "house_number": "1", "postal_code": "48143", "city": "Musterstadt"},
		"cb":   []any{"x", "z"}, // as read back from JSON
		"g":    []any{map[string]any{"v": 2.0, "ok": true}, map[string]any{"v": 5.0, "ok": false}, map[string]any{"ok": true}},
	}
	cases := []struct {
		src  string
		want any
	}{
		{"n + 1", 4.0},
		{"n * 2 - 1", 5.0},
		{"(n + 1) * 2", 8.0},
		{"-n", -3.0},
		{"7 % n", 1.0},
		{"m * 2", 25.0},
		{"n / 0", nil},
		{"n > 2 and s == \"Hund\"", true},
		{"n > 5 or not b", false},
		{"n >= 3 && !(s != 'Hund')", true},
		{"s + \" \" + n", "Hund 3"},
		{"d1 < d2", true},
		{"days(d1, d2)", 14.0},
		{"addr.postal_code == \"48143\"", true},
		{"contains(cb, \"z\")", true},
		{"contains(cb, \"y\")", false},
		{"count(cb)", 2.0},
		{"count(g)", 3.0},
		{"sum(g, \"v\")", 7.0},
		{"count_if(g, \"ok\")", 2.0},
		{"if(n > 2, \"viel\", \"wenig\")", "viel"},
		{"min(n, 2, 10)", 2.0},
		{"max(n, m)", 12.5},
		{"round(10 / 3, 2)", 3.33},
		{"round(2.5)", 3.0},
	}
	for _, tc := range cases {
		t.Run(tc.src, func(t *testing.T) {
			e, err := parseExpr(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.checkExpr(e, nil); err != nil {
				t.Fatal(err)
			}
			got := newEvaluator(f, answers).run(e, scope{})
			if got != tc.want {
				t.Fatalf("= %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestExpressionsTreatMissingAnswersAsNull(t *testing.T) {
	f := exprForm(t)
	cases := []struct {
		src  string
		want any
	}{
		{"n > 1", nil},      // comparison with null gives null, which counts as false
		{"n == null", true}, // null equals only null
		{"n != 3", true},
		{"not b", true},
		{"b == false", false}, // unanswered is not "no"
		{"n + 1", nil},
		{"empty(s)", true},
		{"empty(g)", true},
		{"count(g)", 0.0},
		{"sum(g, \"v\")", 0.0},
		{"days(d1, d2)", nil},
		{"\"a\" < 1", nil},
	}
	for _, tc := range cases {
		t.Run(tc.src, func(t *testing.T) {
			e, err := parseExpr(tc.src)
			if err == nil {
				_, err = f.checkExpr(e, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := newEvaluator(f, Answers{}).run(e, scope{}); got != tc.want {
				t.Fatalf("= %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestExpressionLimits(t *testing.T) {
	cases := []struct {
		src, want string
	}{
		{strings.Repeat("(", 50) + "1" + strings.Repeat(")", 50), "nested deeper than 40"},
		{strings.Repeat("not ", 60) + "true", "nested deeper than 40"},
		{strings.Repeat("-", 60) + "1", "nested deeper than 40"},
		{strings.Repeat("1+", 250) + "1", "more than 200 parts"},
		{strings.Repeat("1", 1001), "longer than 1000"},
		{"1 < 2 < 3", "cannot be chained"},
		{"'open", "no closing quote"},
		{"1 ? 2", "unexpected character"},
		{"f(1,", "unexpected \"end\""},
		{"1.2.3", "bad number"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			_, err := parseExpr(tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseExpr error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestEvaluationStopsAtStepBudget(t *testing.T) {
	// 100 items × a condition that sums over all items: 10,000 child
	// visibility checks per sum, more than the budget allows in total.
	f := formWith(t, "      - {name: g, type: group, label: G, max: 100, fields: [{name: v, type: number, label: V}, {name: w, type: number, label: W, show_if: 'sum(g, \"v\") + sum(g, \"v\") + sum(g, \"v\") > 0 and position() > 0'}]}\n"+
		field("total", "number", `calc: 'count_if(g, "w") + sum(g, "v")'`))
	items := make([]map[string]any, 100)
	for i := range items {
		items[i] = map[string]any{"v": 1.0, "w": 1.0}
	}
	a := Answers{"g": items}
	v := newEvaluator(f, a)
	for i := range 100 {
		v.childVisible(f.Field("g.w"), i)
	}
	if v.steps > maxSteps+1000 {
		t.Fatalf("steps %d exceed the budget %d", v.steps, maxSteps)
	}
	f.Compute(a) // must finish quickly
}
