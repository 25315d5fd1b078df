package formdef

import "strconv"

// Summary lists every visible answer in form order for people to read
// (check-answers page, receipt, case view): choice labels instead of values,
// dates as TT.MM.JJJJ (de), money as "12,50 €" (de). Unanswered visible
// questions appear as "nicht angegeben" / "not given". A repeating group
// gives one line with its label and number of items, then its items' lines
// labelled "Hund 1: Name" with Group set to the item number.
func (f *Form) Summary(a Answers, lang string) []Line {
	v := newEvaluator(f, a)
	var out []Line
	for _, p := range f.Pages {
		if !v.pageVisible(p) {
			continue
		}
		for _, fd := range p.Fields {
			if fd.Type == TypeInfo || !v.fieldVisible(fd) {
				continue
			}
			if fd.Type != TypeGroup {
				out = append(out, Line{Label: fd.Label.In(lang), Value: shown(fd, a[fd.Name], lang), Path: fd.Name, Page: p.ID})
				continue
			}
			items := asItems(a[fd.Name])
			out = append(out, Line{Label: fd.Label.In(lang), Value: strconv.Itoa(len(items)), Path: fd.Name, Page: p.ID})
			itemLabel := fd.ItemLabel.In(lang)
			if itemLabel == "" {
				itemLabel = fd.Label.In(lang)
			}
			for i, item := range items {
				prefix := msg(lang, "item", itemLabel, i+1) + ": "
				for _, c := range fd.Fields {
					if c.Type == TypeInfo || !v.childVisible(c, i) {
						continue
					}
					out = append(out, Line{
						Label: prefix + c.Label.In(lang),
						Value: shown(c, item[c.Name], lang),
						Path:  fd.Name + "." + strconv.Itoa(i) + "." + c.Name,
						Page:  p.ID,
						Group: i + 1,
					})
				}
			}
		}
	}
	return out
}

func shown(fd *Field, raw any, lang string) string {
	if s := fd.Display(raw, lang); s != "" {
		return s
	}
	return msg(lang, "not_given")
}
