package formdef

import "math"

// Compute fills the calculated fields from the other answers, in dependency
// order. A hidden calculated field, or one whose calculation gives no value
// (missing answers, division by zero), is removed.
func (f *Form) Compute(a Answers) {
	if a == nil {
		return
	}
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			if fd.Type == TypeGroup {
				if items, ok := a[fd.Name].([]any); ok {
					a[fd.Name] = asItems(items) // so results land in the stored items
				}
			}
		}
	}
	for _, fd := range f.calcs {
		// A fresh evaluator per calculation: earlier results may change
		// what is visible.
		v := newEvaluator(f, a)
		if fd.group == nil {
			if v.fieldVisible(fd) {
				setCalc(fd, a, v.run(fd.calc, scope{}))
			} else {
				delete(a, fd.Name)
			}
			continue
		}
		for i, item := range asItems(a[fd.group.Name]) {
			if v.childVisible(fd, i) {
				setCalc(fd, item, v.run(fd.calc, scope{group: fd.group, index: i, item: item}))
			} else {
				delete(item, fd.Name)
			}
		}
	}
}

func setCalc(fd *Field, m map[string]any, val any) {
	var out any
	switch fd.Type {
	case TypeMoney:
		if x, ok := val.(float64); ok && math.Abs(x) < maxMoney/100 {
			out = formatCents(int64(math.Round(x * 100)))
		}
	case TypeNumber:
		if x, ok := val.(float64); ok {
			out = x
		}
	default:
		if s := exprText(val); s != "" {
			out = s
		}
	}
	if out == nil {
		delete(m, fd.Name)
		return
	}
	m[fd.Name] = out
}
