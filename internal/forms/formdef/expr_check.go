package formdef

import (
	"fmt"
	"slices"
	"strings"
)

// funcs lists the functions with their argument counts (max -1: any).
var funcs = map[string][2]int{
	"count":    {1, 1},
	"sum":      {2, 2},
	"count_if": {2, 2},
	"contains": {2, 2},
	"if":       {3, 3},
	"min":      {1, -1},
	"max":      {1, -1},
	"round":    {1, 2},
	"days":     {2, 2},
	"position": {0, 0},
	"empty":    {1, 1},
}

// checkExpr resolves the references of e for a field or page in scope (the
// group whose items it belongs to, or nil) and returns the fields it depends
// on. It reports the first problem as a plain sentence.
func (f *Form) checkExpr(e *expr, scope *Field) ([]*Field, error) {
	var deps []*Field
	var walk func(n *node, listOK bool) error
	walk = func(n *node, listOK bool) error {
		switch n.kind {
		case nodeRef:
			fd, part, err := f.resolve(n.name, scope)
			if err != nil {
				return err
			}
			if fd.Type == TypeGroup && !listOK {
				return fmt.Errorf("%q is a repeating group; use count(%s) or sum(%s, \"field\")", n.name, n.name, n.name)
			}
			if fd.Type == TypeInfo {
				return fmt.Errorf("%q is an information text and has no answer", n.name)
			}
			n.field, n.part = fd, part
			deps = append(deps, fd)
			return nil
		case nodeCall:
			lim, ok := funcs[n.op]
			if !ok {
				known := make([]string, 0, len(funcs))
				for k := range funcs {
					known = append(known, k)
				}
				slices.Sort(known)
				return fmt.Errorf("unknown function %q (known: %s)", n.op, strings.Join(known, ", "))
			}
			if len(n.args) < lim[0] || lim[1] >= 0 && len(n.args) > lim[1] {
				return fmt.Errorf("%s() takes %s", n.op, argCount(lim))
			}
			switch n.op {
			case "position":
				if scope == nil {
					return fmt.Errorf("position() works only inside a repeating group")
				}
			case "count", "sum", "count_if", "contains":
				return f.checkListCall(n, scope, walk, &deps)
			}
			for _, a := range n.args {
				if err := walk(a, n.op == "empty"); err != nil {
					return err
				}
			}
			return nil
		default:
			for _, a := range n.args {
				if err := walk(a, false); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := walk(e.root, false); err != nil {
		return nil, err
	}
	return deps, nil
}

func argCount(lim [2]int) string {
	switch {
	case lim[1] < 0:
		return fmt.Sprintf("at least %d argument(s)", lim[0])
	case lim[0] == lim[1] && lim[0] == 0:
		return "no arguments"
	case lim[0] == lim[1]:
		return fmt.Sprintf("%d argument(s)", lim[0])
	}
	return fmt.Sprintf("%d to %d arguments", lim[0], lim[1])
}

// checkListCall checks count, sum, count_if and contains, whose first
// argument must name a group or checkboxes field.
func (f *Form) checkListCall(n *node, scope *Field, walk func(*node, bool) error, deps *[]*Field) error {
	first := n.args[0]
	if first.kind != nodeRef {
		return fmt.Errorf("the first argument of %s() must be a field name", n.op)
	}
	if err := walk(first, true); err != nil {
		return err
	}
	fd := first.field
	switch n.op {
	case "count":
		if fd.Type != TypeGroup && fd.Type != TypeCheckboxes {
			return fmt.Errorf("count() needs a repeating group or checkboxes, %q is %s", first.name, fd.Type)
		}
	case "contains":
		if fd.Type != TypeCheckboxes {
			return fmt.Errorf("contains() needs a checkboxes field, %q is %s", first.name, fd.Type)
		}
		return walk(n.args[1], false)
	case "sum", "count_if":
		if fd.Type != TypeGroup {
			return fmt.Errorf("%s() needs a repeating group, %q is %s", n.op, first.name, fd.Type)
		}
		lit := n.args[1]
		name, ok := lit.val.(string)
		if lit.kind != nodeLit || !ok {
			return fmt.Errorf("the second argument of %s() must be a field name in quotes", n.op)
		}
		child := fd.child(name)
		if child == nil {
			return fmt.Errorf("group %q has no field %q", first.name, name)
		}
		if n.op == "sum" && child.Type != TypeNumber && child.Type != TypeMoney {
			return fmt.Errorf("sum() needs a number or money field, %q is %s", name, child.Type)
		}
		*deps = append(*deps, child)
	}
	return nil
}

// resolve finds the field a reference names: inside a group item the item's
// fields come first, then the form's top-level fields. "addr.city" names a
// part of an address.
func (f *Form) resolve(name string, scope *Field) (*Field, string, error) {
	base, part, _ := strings.Cut(name, ".")
	var fd *Field
	if scope != nil {
		fd = scope.child(base)
	}
	if fd == nil {
		fd = f.byName[base]
	}
	if fd == nil {
		return nil, "", fmt.Errorf("unknown field %q", base)
	}
	if part == "" {
		return fd, "", nil
	}
	if fd.Type == TypeGroup {
		return nil, "", fmt.Errorf("%q is in the repeating group %q; use sum(%s, %q) or count_if(%s, %q)", name, base, base, part, base, part)
	}
	if fd.Type != TypeAddress || !slices.Contains(AddressParts, part) {
		return nil, "", fmt.Errorf("unknown field %q", name)
	}
	return fd, part, nil
}

// child returns the group child with the given name, or nil.
func (fd *Field) child(name string) *Field {
	for _, c := range fd.Fields {
		if c.Name == name {
			return c
		}
	}
	return nil
}
