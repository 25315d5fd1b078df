package formdef

import (
	"math"
	"strconv"
	"time"
)

// maxSteps bounds the work of one evaluator (one Visible, Compute step or
// Validate run): expressions are at most maxExprNodes long and visibility
// is memoised, so real forms stay far below it; hostile definitions stop
// here instead of running away.
const maxSteps = 200_000

// evaluator evaluates expressions over one set of answers. Visibility is
// memoised per path, so each condition runs at most once.
type evaluator struct {
	f     *Form
	a     Answers
	vis   map[string]int8 // 1 in progress, 2 shown, 3 hidden
	steps int
}

// scope is where an expression runs: the form, or one item of a group.
type scope struct {
	group *Field
	index int
	item  map[string]any
}

func newEvaluator(f *Form, a Answers) *evaluator {
	return &evaluator{f: f, a: a, vis: map[string]int8{}}
}

func (v *evaluator) run(e *expr, sc scope) any {
	if e == nil {
		return nil
	}
	return v.eval(e.root, sc)
}

func (v *evaluator) memo(key string, compute func() bool) bool {
	switch v.vis[key] {
	case 1, 3:
		return false // 1: a cycle, which the checker rejects; hidden is the safe answer
	case 2:
		return true
	}
	v.vis[key] = 1
	ok := compute()
	v.vis[key] = 3
	if ok {
		v.vis[key] = 2
	}
	return ok
}

func (v *evaluator) pageVisible(p *Page) bool {
	if p == nil {
		return false
	}
	if p.showIf == nil {
		return true
	}
	return v.memo("#page."+p.ID, func() bool { return truthy(v.run(p.showIf, scope{})) })
}

func (v *evaluator) fieldVisible(fd *Field) bool {
	return v.memo(fd.Name, func() bool {
		if !v.pageVisible(v.f.pageOf[fd.Name]) {
			return false
		}
		return fd.showIf == nil || truthy(v.run(fd.showIf, scope{}))
	})
}

func (v *evaluator) childVisible(fd *Field, index int) bool {
	g := fd.group
	return v.memo(g.Name+"."+strconv.Itoa(index)+"."+fd.Name, func() bool {
		if !v.fieldVisible(g) {
			return false
		}
		items := asItems(v.a[g.Name])
		if index < 0 || index >= len(items) {
			return false
		}
		return fd.showIf == nil || truthy(v.run(fd.showIf, scope{group: g, index: index, item: items[index]}))
	})
}

func (v *evaluator) eval(n *node, sc scope) any {
	v.steps++
	if v.steps > maxSteps {
		return nil
	}
	switch n.kind {
	case nodeLit:
		return n.val
	case nodeRef:
		return v.ref(n, sc)
	case nodeNot:
		return !truthy(v.eval(n.args[0], sc))
	case nodeNeg:
		if x, ok := v.eval(n.args[0], sc).(float64); ok {
			return -x
		}
		return nil
	case nodeBinary:
		return v.binary(n, sc)
	case nodeCall:
		return v.call(n, sc)
	}
	return nil
}

func (v *evaluator) ref(n *node, sc scope) any {
	if n.field == nil {
		return nil
	}
	return v.value(n.field, n.part, sc)
}

// value is the expression value of field fd (part of an address if part is
// set) as seen from scope sc: null when hidden or not answered.
func (v *evaluator) value(fd *Field, part string, sc scope) any {
	if fd.group != nil {
		if sc.group != fd.group || !v.childVisible(fd, sc.index) {
			return nil
		}
		return exprValue(fd, sc.item[fd.Name], part)
	}
	if !v.fieldVisible(fd) {
		return nil
	}
	return exprValue(fd, v.a[fd.Name], part)
}

func (v *evaluator) binary(n *node, sc scope) any {
	switch n.op {
	case "and":
		return truthy(v.eval(n.args[0], sc)) && truthy(v.eval(n.args[1], sc))
	case "or":
		return truthy(v.eval(n.args[0], sc)) || truthy(v.eval(n.args[1], sc))
	}
	l, r := v.eval(n.args[0], sc), v.eval(n.args[1], sc)
	switch n.op {
	case "==":
		return equal(l, r)
	case "!=":
		return !equal(l, r)
	case "<", "<=", ">", ">=":
		return compare(n.op, l, r)
	}
	lf, lok := l.(float64)
	rf, rok := r.(float64)
	if !lok || !rok {
		if n.op == "+" && l != nil && r != nil {
			ls, lstr := l.(string)
			rs, rstr := r.(string)
			if lstr || rstr {
				if !lstr {
					ls = exprText(l)
				}
				if !rstr {
					rs = exprText(r)
				}
				return ls + rs
			}
		}
		return nil
	}
	var x float64
	switch n.op {
	case "+":
		x = lf + rf
	case "-":
		x = lf - rf
	case "*":
		x = lf * rf
	case "/":
		if rf == 0 {
			return nil
		}
		x = lf / rf
	case "%":
		if rf == 0 {
			return nil
		}
		x = math.Mod(lf, rf)
	}
	return finite(x)
}

func finite(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

func (v *evaluator) call(n *node, sc scope) any {
	switch n.op {
	case "if":
		if truthy(v.eval(n.args[0], sc)) {
			return v.eval(n.args[1], sc)
		}
		return v.eval(n.args[2], sc)
	case "position":
		if sc.group == nil {
			return nil
		}
		return float64(sc.index + 1)
	case "count", "sum", "count_if":
		return v.groupCall(n, sc)
	case "contains":
		want, ok := v.eval(n.args[1], sc).(string)
		list, _ := v.eval(n.args[0], sc).([]string)
		if !ok {
			return false
		}
		for _, s := range list {
			if s == want {
				return true
			}
		}
		return false
	case "empty":
		return !truthy(v.eval(n.args[0], sc))
	case "min", "max":
		var best any
		for _, a := range n.args {
			x, ok := v.eval(a, sc).(float64)
			if !ok {
				continue
			}
			if b, ok := best.(float64); !ok || n.op == "min" && x < b || n.op == "max" && x > b {
				best = x
			}
		}
		return best
	case "round":
		x, ok := v.eval(n.args[0], sc).(float64)
		if !ok {
			return nil
		}
		digits := 0.0
		if len(n.args) == 2 {
			d, ok := v.eval(n.args[1], sc).(float64)
			if !ok || d < 0 || d > 6 {
				return nil
			}
			digits = math.Trunc(d)
		}
		p := math.Pow(10, digits)
		return finite(math.Round(x*p) / p)
	case "days":
		from, ok1 := v.eval(n.args[0], sc).(string)
		to, ok2 := v.eval(n.args[1], sc).(string)
		a, err1 := time.Parse(time.DateOnly, from)
		b, err2 := time.Parse(time.DateOnly, to)
		if !ok1 || !ok2 || err1 != nil || err2 != nil {
			return nil
		}
		return math.Round(b.Sub(a).Hours() / 24)
	}
	return nil
}

// groupCall evaluates count, sum and count_if.
func (v *evaluator) groupCall(n *node, sc scope) any {
	val := v.eval(n.args[0], sc)
	if list, ok := val.([]string); ok {
		return float64(len(list))
	}
	items, _ := val.([]map[string]any)
	if n.op == "count" {
		return float64(len(items))
	}
	name, _ := n.args[1].val.(string)
	child := n.args[0].field.child(name)
	if child == nil {
		return nil
	}
	total := 0.0
	for i, item := range items {
		v.steps++
		if v.steps > maxSteps {
			return nil
		}
		if !v.childVisible(child, i) {
			continue
		}
		x := exprValue(child, item[name], "")
		if n.op == "count_if" {
			if truthy(x) {
				total++
			}
		} else if f, ok := x.(float64); ok {
			total += f
		}
	}
	return finite(total)
}

// exprValue turns a stored answer into an expression value: numbers and money
// become float64, unanswered or not understood answers become nil.
func exprValue(fd *Field, raw any, part string) any {
	switch fd.Type {
	case TypeNumber:
		if x, ok := asNumber(raw); ok {
			return x
		}
		return nil
	case TypeMoney:
		if c, ok := moneyCents(raw); ok {
			return float64(c) / 100
		}
		return nil
	case TypeYesNo:
		if b, ok := raw.(bool); ok {
			return b
		}
		return nil
	case TypeCheckboxes:
		return asStrings(raw)
	case TypeGroup:
		return asItems(raw)
	case TypeDate:
		if s, ok := raw.(string); ok && isISODate(s) {
			return s
		}
		return nil
	case TypeAddress:
		m := asMap(raw)
		if part != "" {
			return nonEmpty(m[part])
		}
		return nonEmpty(addressLine(m))
	case TypeFile:
		return nonEmpty(asMap(raw)["name"])
	}
	return nonEmpty(raw)
}

func nonEmpty(raw any) any {
	if s, ok := raw.(string); ok && s != "" {
		return s
	}
	return nil
}

func truthy(x any) bool {
	switch t := x.(type) {
	case nil:
		return false
	case bool:
		return t
	case float64:
		return t != 0
	case string:
		return t != ""
	case []string:
		return len(t) > 0
	case []map[string]any:
		return len(t) > 0
	}
	return false
}

func equal(l, r any) bool {
	switch a := l.(type) {
	case nil:
		return r == nil
	case float64:
		b, ok := r.(float64)
		return ok && a == b
	case string:
		b, ok := r.(string)
		return ok && a == b
	case bool:
		b, ok := r.(bool)
		return ok && a == b
	}
	return false
}

func compare(op string, l, r any) any {
	var c int
	switch a := l.(type) {
	case float64:
		b, ok := r.(float64)
		if !ok {
			return nil
		}
		c = cmpOrdered(a, b)
	case string:
		b, ok := r.(string)
		if !ok {
			return nil
		}
		c = cmpOrdered(a, b)
	default:
		return nil
	}
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

func cmpOrdered[T float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// exprText renders an expression value as text (for text calculations and
// string concatenation).
func exprText(x any) string {
	switch t := x.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		if t {
			return "true"
		}
		return "false"
	}
	return ""
}
