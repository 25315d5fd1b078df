package formdef

import "strings"

// checkExprs parses every show_if and calc, resolves their references and
// orders the calculations so that each runs after what it depends on.
func (f *Form) checkExprs(r *reader) {
	deps := map[*Field][]*Field{}
	pageDeps := map[*Page][]*Field{}
	var all []*Field
	for _, p := range f.Pages {
		if p.ShowIf != "" {
			p.showIf, pageDeps[p] = f.compile(r, p.ShowIf, nil, p.at["show_if"], subject{kind: "page", name: p.ID, key: "show_if"})
		}
	}
	visit := func(fd *Field) {
		all = append(all, fd)
		if fd.ShowIf != "" {
			var d []*Field
			fd.showIf, d = f.compile(r, fd.ShowIf, fd.group, fd.pos("show_if"), fd.what().at("show_if"))
			deps[fd] = append(deps[fd], d...)
		}
		if fd.Calc != "" {
			var d []*Field
			fd.calc, d = f.compile(r, fd.Calc, fd.group, fd.pos("calc"), fd.what().at("calc"))
			deps[fd] = append(deps[fd], d...)
		}
		if fd.group != nil {
			deps[fd] = append(deps[fd], fd.group)
		} else if fd.page != nil {
			deps[fd] = append(deps[fd], pageDeps[fd.page]...)
		}
	}
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			visit(fd)
			for _, c := range fd.Fields {
				visit(c)
			}
		}
	}
	f.calcs = nil
	state := map[*Field]int{} // 1 visiting, 2 done
	var stack []*Field
	var dfs func(fd *Field) bool
	dfs = func(fd *Field) bool {
		switch state[fd] {
		case 1:
			i := len(stack) - 1
			for i > 0 && stack[i] != fd {
				i--
			}
			names := []string{}
			for _, s := range stack[i:] {
				names = append(names, s.Name)
			}
			names = append(names, fd.Name)
			r.errAt(fd.pos("name"), "cycle", strings.Join(names, " → "))
			return false
		case 2:
			return true
		}
		state[fd] = 1
		stack = append(stack, fd)
		ok := true
		for _, d := range deps[fd] {
			if !dfs(d) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[fd] = 2
		if fd.calc != nil {
			f.calcs = append(f.calcs, fd)
		}
		return ok
	}
	for _, fd := range all {
		if state[fd] == 0 {
			dfs(fd)
		}
	}
}

// compile parses and checks one expression, reporting problems at p.
func (f *Form) compile(r *reader, src string, scope *Field, p pos, what subject) (*expr, []*Field) {
	e, err := parseExpr(src)
	if err == nil {
		var deps []*Field
		deps, err = f.checkExpr(e, scope)
		if err == nil {
			return e, deps
		}
	}
	r.errAt(p, "expr", what, err)
	return nil, nil
}
