package formdef

// Clean removes answers that must not be kept: unknown keys, information
// fields, and the answers of hidden pages and fields (also inside group
// items). It also puts answers read back from JSON into the shapes Decode
// writes ([]string, []map[string]any) and drops group items beyond max.
func (f *Form) Clean(a Answers) {
	if a == nil {
		return
	}
	v := newEvaluator(f, a)
	// Decide first, change afterwards: visibility reads the answers.
	type change struct {
		key   string
		value any
		drop  bool
	}
	var changes []change
	for key, raw := range a {
		fd := f.byName[key]
		if fd == nil || fd.Type == TypeInfo || !v.fieldVisible(fd) {
			changes = append(changes, change{key: key, drop: true})
			continue
		}
		val, ok := f.cleanValue(v, fd, raw)
		changes = append(changes, change{key: key, value: val, drop: !ok})
	}
	for _, c := range changes {
		if c.drop {
			delete(a, c.key)
		} else {
			a[c.key] = c.value
		}
	}
}

// cleanValue returns the normalised answer of a visible field, or false
// when it is empty or has a shape no field of that type can have.
func (f *Form) cleanValue(v *evaluator, fd *Field, raw any) (any, bool) {
	switch fd.Type {
	case TypeCheckboxes:
		s := asStrings(raw)
		return s, len(s) > 0
	case TypeAddress:
		m := asMap(raw)
		if m == nil {
			return nil, false
		}
		out := map[string]any{}
		for _, p := range AddressParts {
			out[p] = asString(m[p])
		}
		return out, addressLine(out) != ""
	case TypeFile:
		m := asMap(raw)
		if m == nil {
			return nil, false
		}
		out := map[string]any{}
		for _, k := range []string{"blob", "name", "type", "size"} {
			if x, ok := m[k]; ok {
				out[k] = x
			}
		}
		return out, len(out) > 0
	case TypeGroup:
		items := asItems(raw)
		limit := int(ptrOr(fd.Max, maxItems))
		if len(items) > limit {
			items = items[:limit]
		}
		out := make([]map[string]any, len(items))
		for i, item := range items {
			clean := map[string]any{}
			for _, c := range fd.Fields {
				x, ok := item[c.Name]
				if !ok || c.Type == TypeInfo || !v.childVisible(c, i) {
					continue
				}
				if val, ok := f.cleanValue(v, c, x); ok {
					clean[c.Name] = val
				}
			}
			out[i] = clean
		}
		return out, len(out) > 0
	case TypeNumber:
		if x, ok := asNumber(raw); ok {
			return x, true
		}
	}
	switch t := raw.(type) {
	case string:
		return t, t != ""
	case bool, float64:
		return t, true
	case nil:
		return nil, false
	}
	// An answer of a shape the field cannot have (an object for a text).
	return nil, false
}
