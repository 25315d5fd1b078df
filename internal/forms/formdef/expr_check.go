package formdef

import (
	"slices"
	"strconv"
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
				return exprErr("expr_group_as_value", Quoted(n.name), n.name, n.name)
			}
			if fd.Type == TypeInfo {
				return exprErr("expr_info_as_value", Quoted(n.name))
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
				return exprErr("expr_unknown_function", Quoted(n.op), strings.Join(known, ", "))
			}
			if len(n.args) < lim[0] || lim[1] >= 0 && len(n.args) > lim[1] {
				return exprErr("expr_arg_count", n.op, argCount(lim))
			}
			switch n.op {
			case "position":
				if scope == nil {
					return exprErr("expr_position_outside")
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

// checkListCall checks count, sum, count_if and contains, whose first
// argument must name a group or checkboxes field.
func (f *Form) checkListCall(n *node, scope *Field, walk func(*node, bool) error, deps *[]*Field) error {
	first := n.args[0]
	if first.kind != nodeRef {
		return exprErr("expr_first_arg", n.op)
	}
	if err := walk(first, true); err != nil {
		return err
	}
	fd := first.field
	switch n.op {
	case "count":
		if fd.Type != TypeGroup && fd.Type != TypeCheckboxes {
			return exprErr("expr_count_type", Quoted(first.name), string(fd.Type))
		}
	case "contains":
		if fd.Type != TypeCheckboxes {
			return exprErr("expr_contains_type", Quoted(first.name), string(fd.Type))
		}
		return walk(n.args[1], false)
	case "sum", "count_if":
		if fd.Type != TypeGroup {
			return exprErr("expr_needs_group", n.op, Quoted(first.name), string(fd.Type))
		}
		lit := n.args[1]
		name, ok := lit.val.(string)
		if lit.kind != nodeLit || !ok {
			return exprErr("expr_second_arg", n.op)
		}
		child := fd.child(name)
		if child == nil {
			return exprErr("expr_no_child", Quoted(first.name), Quoted(name))
		}
		if n.op == "sum" && child.Type != TypeNumber && child.Type != TypeMoney {
			return exprErr("expr_sum_type", Quoted(name), string(child.Type))
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
		return nil, "", exprErr("expr_unknown_field", Quoted(base))
	}
	if part == "" {
		return fd, "", nil
	}
	if fd.Type == TypeGroup {
		return nil, "", exprErr("expr_child_outside", Quoted(name), Quoted(base), base, strconv.Quote(part), base, strconv.Quote(part))
	}
	if fd.Type != TypeAddress || !slices.Contains(AddressParts, part) {
		return nil, "", exprErr("expr_unknown_field", Quoted(name))
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
