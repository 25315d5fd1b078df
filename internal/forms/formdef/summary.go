package formdef

import (
	"strconv"
	"strings"
)

// Summary lists every visible answer in form order for people to read
// (check-answers page, receipt, case view): choice labels instead of values,
// dates as TT.MM.JJJJ (de), money as "12,50 €" (de). Unanswered visible
// questions appear as "nicht angegeben" / "not given"; information texts do
// not appear. A repeating group gives one line with its label and how many
// items it has ("2 Einträge", "keine Einträge"; Repeats set), then its
// items' lines with Item set to the item's heading ("Hund 1"), Group to its
// number and Label to "Hund 1: Name", so that a plain list of lines still
// reads right. Computed values are marked, as nobody can change them.
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
				out = append(out, Line{Label: fd.Label.In(lang), Value: shown(fd, a[fd.Name], lang), Path: fd.Name, Page: p.ID, Computed: fd.Calc != ""})
				continue
			}
			items := asItems(a[fd.Name])
			out = append(out, Line{Label: fd.Label.In(lang), Value: entries(len(items), lang), Path: fd.Name, Page: p.ID, Repeats: true})
			itemLabel := fd.ItemLabel.In(lang)
			if itemLabel == "" {
				itemLabel = fd.Label.In(lang)
			}
			for i, item := range items {
				heading := msg(lang, "item", itemLabel, i+1)
				for _, c := range fd.Fields {
					if c.Type == TypeInfo || !v.childVisible(c, i) {
						continue
					}
					out = append(out, Line{
						Label:    heading + itemSeparator + c.Label.In(lang),
						Value:    shown(c, item[c.Name], lang),
						Path:     fd.Name + "." + strconv.Itoa(i) + "." + c.Name,
						Page:     p.ID,
						Group:    i + 1,
						Item:     heading,
						Computed: c.Calc != "",
					})
				}
			}
		}
	}
	return out
}

// itemSeparator joins an item's heading and a question in a line's label.
const itemSeparator = ": "

// Question is the line's label without its item's heading: "Name" for
// "Hund 1: Name", for lists that show the heading above the item.
func (l Line) Question() string {
	if l.Item == "" {
		return l.Label
	}
	return strings.TrimPrefix(l.Label, l.Item+itemSeparator)
}

// ItemHeading is how the page heads item i (from 0) of repeating group fd:
// "Hund 2", or "Eintrag 2" when the group has no item label.
func (fd *Field) ItemHeading(i int, lang string) string {
	label := fd.ItemLabel.In(lang)
	if label == "" {
		label = msg(lang, "entry")
	}
	return msg(lang, "item", label, i+1)
}

// entries says how many items a repeating group has, for its summary line.
func entries(n int, lang string) string {
	switch {
	case n == 0 && lang == "en":
		return "no entries"
	case n == 0:
		return "keine Einträge"
	case n == 1 && lang == "en":
		return "1 entry"
	case n == 1:
		return "1 Eintrag"
	case lang == "en":
		return strconv.Itoa(n) + " entries"
	}
	return strconv.Itoa(n) + " Einträge"
}

func shown(fd *Field, raw any, lang string) string {
	if s := fd.Display(raw, lang); s != "" {
		return s
	}
	return msg(lang, "not_given")
}
