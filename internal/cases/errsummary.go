package cases

import (
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// errorField is one control of a case page that can carry an error: its
// form name and its label as shown.
type errorField struct{ Name, Label string }

// namesItsField are the messages that already say which field they are
// about; every other one gets the field's label in front.
var namesItsField = map[string]bool{
	"cases.status.note_required":           true,
	"cases.pause.reason_required":          true,
	"cases.message.required":               true,
	"cases.request.required":               true,
	"cases.staff.decision.missing":         true,
	"cases.assignee.not_member":            true,
	"cases.citizen.messages.body_required": true,
	"cases.citizen.messages.too_long":      true,
}

// errorItems is the error summary of a case page, following the forms
// module: in the order of the fields, each linking to its control
// ("#f-name") and naming it: a message that does not name its field
// ("Bitte füllen Sie dieses Feld aus.") gets the label in front. Errors without a
// field (a conflict), or on a control the page no longer shows (the file
// control of a request on a case closed meanwhile), come last, without a
// link that would lead nowhere.
func errorItems(p *web.Page, fields []errorField) []web.SummaryItem {
	var out []web.SummaryItem
	seen := map[string]bool{}
	add := func(name, label string, link bool) {
		for _, fe := range p.Form.Errors[name] {
			text := p.T(fe.Key, fe.Args...)
			if label != "" && !namesItsField[fe.Key] {
				text = label + ": " + text
			}
			item := web.SummaryItem{Text: text}
			if link {
				item.Href = "#f-" + name
			}
			out = append(out, item)
		}
		seen[name] = true
	}
	for _, f := range fields {
		add(f.Name, f.Label, true)
	}
	for name := range p.Form.Errors {
		if !seen[name] {
			add(name, "", false)
		}
	}
	if s := p.Form.Summary; s != nil && s.Key != "error.invalid" {
		out = append(out, web.SummaryItem{Text: p.T(s.Key, s.Args...)})
	}
	return out
}
