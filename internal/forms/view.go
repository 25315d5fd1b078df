package forms

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// fieldView is one question as the page template renders it.
type fieldView struct {
	Path, ID, Type string
	// Input is the <input type>; Mode its inputmode.
	Input, Mode, Autocomplete string
	Label, Hint               string
	Required                  bool
	// Optional adds "(optional)" to the label of a question one may skip,
	// unless the label says so itself.
	Optional    bool
	Value       string
	Options     []optionView
	Error       string
	Describedby template.HTMLAttr
	// Parts are an address's inputs.
	Parts []fieldView
	// Items are a repeating group's items.
	Items          []itemView
	CanAdd         bool
	ItemLabel      string
	AddLabel       string
	Accept, Limits string
	File           *DraftFile
	FileSize       string
	// RemoveFile labels the button that removes File; UploadButton the
	// one that uploads the chosen file.
	RemoveFile, UploadButton string
	// Text holds the page's shared words (translated once per page).
	Text *fieldTexts
	// Computed is the read-only value of a calculated field.
	Computed string
	Rows     int
}

type optionView struct {
	ID, Value, Label string
	Selected         bool
}

type itemView struct {
	Index       int
	Heading     string
	Fields      []fieldView
	CanRemove   bool
	Remove      string // the action that removes it
	RemoveLabel string
}

// fieldTexts are the words every question of a page may need.
type fieldTexts struct {
	Optional, ErrorPrefix, Uploaded string
}

// viewBuilder turns a page's fields into views for one request.
type viewBuilder struct {
	form    *formdef.Form
	answers formdef.Answers
	errors  formdef.FieldErrors
	files   map[string]DraftFile
	lang    string
	today   time.Time // anchors the bounds of date examples
	t       func(key string, args ...any) string
	// shown collects the paths rendered, so a post can tell which fields
	// appeared because of the answers given on the same page.
	shown []string
	texts *fieldTexts
}

// words returns the shared words, translated on first use.
func (b *viewBuilder) words() *fieldTexts {
	if b.texts == nil {
		b.texts = &fieldTexts{Optional: b.t("forms.optional"), ErrorPrefix: b.t("forms.error_prefix"),
			Uploaded: b.t("forms.file.uploaded")}
	}
	return b.texts
}

func (b *viewBuilder) page(p *formdef.Page) []fieldView {
	var out []fieldView
	for _, fd := range p.Fields {
		if !b.form.Visible(fd.Name, b.answers) {
			continue
		}
		out = append(out, b.field(fd, fd.Name, b.answers[fd.Name]))
	}
	return out
}

// field builds the view of fd at path with its current value v.
func (b *viewBuilder) field(fd *formdef.Field, path string, v any) fieldView {
	b.shown = append(b.shown, path)
	fv := fieldView{Path: path, ID: inputID(path), Type: string(fd.Type), Input: "text", Text: b.words(),
		Label: fd.Label.In(b.lang), Hint: fd.Hint.In(b.lang), Required: fd.Required, Error: b.errors[path]}
	fv.Optional = !fd.Required && !saysOptional(fv.Label)
	if fd.Calc != "" {
		fv.Type = "calc"
		fv.Computed = fd.Display(v, b.lang)
		if fv.Computed == "" {
			fv.Computed = b.t("forms.page.calc_empty")
		}
		return fv
	}
	switch fd.Type {
	case formdef.TypeInfo:
		return fv
	case formdef.TypeTextarea:
		fv.Rows = 5
	case formdef.TypeNumber:
		fv.Mode = "decimal"
		if fd.Integer {
			fv.Mode = "numeric"
		}
	case formdef.TypeMoney:
		fv.Mode = "decimal"
		fv.Hint = joinHint(fv.Hint, b.t("forms.hint.money"))
	case formdef.TypeDate:
		fv.Input = "date"
		// The example fits the field: a birth date gets one in the past.
		fv.Hint = joinHint(fv.Hint, b.t("forms.hint.date", fd.ExampleDate(b.today).Format("02.01.2006")))
	case formdef.TypeEmail:
		fv.Input, fv.Autocomplete = "email", "email"
	case formdef.TypePhone:
		fv.Input, fv.Autocomplete = "tel", "tel"
	case formdef.TypeIBAN:
		fv.Mode = "text"
		fv.Hint = joinHint(fv.Hint, b.t("forms.hint.iban"))
	case formdef.TypeBIC:
		fv.Hint = joinHint(fv.Hint, b.t("forms.hint.bic"))
	case formdef.TypeRadio, formdef.TypeSelect, formdef.TypeCheckboxes, formdef.TypeYesNo:
		fv.Options = b.options(fd, path, v)
	case formdef.TypeAddress:
		fv.Parts = b.address(fd, path, v)
	case formdef.TypeGroup:
		b.group(&fv, fd, path, v)
	case formdef.TypeFile:
		fv.Accept = strings.Join(fd.Accept, ",")
		fv.Limits = b.fileLimits(fd)
		// The button names its document: a page with two uploads would
		// otherwise have two buttons that read alike.
		fv.UploadButton = b.t("forms.file.upload", fv.Label)
		if f, ok := b.files[path]; ok {
			fv.UploadButton = b.t("forms.file.replace", fv.Label)
			fv.File = &f
			fv.FileSize = i18n.Bytes(b.lang, f.Size)
			fv.RemoveFile = b.t("forms.file.remove", f.Name)
		}
	}
	if fv.Hint != "" && fv.Limits != "" {
		fv.Hint = endSentence(fv.Hint)
	}
	if fd.Type != formdef.TypeGroup && fd.Type != formdef.TypeAddress && fd.Type != formdef.TypeCheckboxes &&
		fd.Type != formdef.TypeRadio && fd.Type != formdef.TypeYesNo && fd.Type != formdef.TypeFile {
		fv.Value = fd.InputValue(v, b.lang)
		if fd.Type == formdef.TypeDate {
			fv.Value = dateInputValue(v, fv.Value)
		}
	}
	if fd.Prefill == "account.name" || (fd.Type == formdef.TypeText && (fd.Name == "name" || fd.Name == "full_name")) {
		fv.Autocomplete = "name"
	}
	fv.Describedby = describedby(fv)
	return fv
}

// dateInputValue is what an <input type=date> can hold: the ISO date, or
// the text as typed for browsers that show a plain text box instead.
func dateInputValue(v any, fallback string) string {
	if s, ok := v.(string); ok && len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return s
	}
	return fallback
}

func joinHint(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return endSentence(a) + " " + b
}

// endSentence adds a full stop to a hint written without one, so that two
// hints shown together read as two sentences.
func endSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:") {
		return s
	}
	return s + "."
}

func (b *viewBuilder) options(fd *formdef.Field, path string, v any) []optionView {
	selected := map[string]bool{}
	switch fd.Type {
	case formdef.TypeCheckboxes:
		for _, s := range stringsOf(v) {
			selected[s] = true
		}
	case formdef.TypeYesNo:
		if x, ok := v.(bool); ok {
			selected[map[bool]string{true: "yes", false: "no"}[x]] = true
		}
	default:
		if s, ok := v.(string); ok {
			selected[s] = true
		}
	}
	opts := fd.Options
	if fd.Type == formdef.TypeYesNo {
		opts = []formdef.Option{{Value: "yes", Label: formdef.Text{"de": b.t("forms.yes"), "en": b.t("forms.yes")}},
			{Value: "no", Label: formdef.Text{"de": b.t("forms.no"), "en": b.t("forms.no")}}}
	}
	out := make([]optionView, 0, len(opts)+1)
	if fd.Type == formdef.TypeSelect {
		out = append(out, optionView{Value: "", Label: b.t("forms.select.choose"), Selected: len(selected) == 0})
	}
	for i, o := range opts {
		id := inputID(path)
		if i > 0 {
			id += "-" + strconv.Itoa(i)
		}
		out = append(out, optionView{ID: id, Value: o.Value, Label: o.Label.In(b.lang), Selected: selected[o.Value]})
	}
	return out
}

// addressParts are the inputs of an address with their autocomplete
// tokens (HTML autofill) and message keys. The street is "address-line1":
// "street-address" is the whole address in one box. The house number has no
// token of its own: autofill puts street and number into the street box.
var addressParts = []struct{ part, autocomplete, label, mode string }{
	{"street", "address-line1", "forms.address.street", ""},
	{"house_number", "", "forms.address.house_number", ""},
	{"postal_code", "postal-code", "forms.address.postal_code", "numeric"},
	{"city", "address-level2", "forms.address.city", ""},
}

func (b *viewBuilder) address(fd *formdef.Field, path string, v any) []fieldView {
	m, _ := v.(map[string]any)
	var out []fieldView
	for _, ap := range addressParts {
		p := path + "." + ap.part
		s, _ := m[ap.part].(string)
		fv := fieldView{Path: p, ID: inputID(p), Type: "text", Input: "text", Mode: ap.mode, Autocomplete: ap.autocomplete, Text: b.words(),
			Label: b.t(ap.label), Required: fd.Required, Value: s, Error: b.errors[p]}
		fv.Describedby = describedby(fv)
		out = append(out, fv)
	}
	return out
}

func (b *viewBuilder) group(fv *fieldView, fd *formdef.Field, path string, v any) {
	items := itemsOf(v)
	// A required group shows its first item at once; an optional one
	// starts with just the "add" button.
	minItems, maxItems := 0, groupMax(fd)
	if fd.Required {
		minItems = 1
	}
	if fd.Min != nil && int(*fd.Min) > minItems {
		minItems = int(*fd.Min)
	}
	for len(items) < minItems {
		items = append(items, map[string]any{})
	}
	fv.ItemLabel = fd.ItemLabel.In(b.lang)
	if fv.ItemLabel == "" {
		fv.ItemLabel = b.t("forms.group.item")
	}
	fv.CanAdd = len(items) < maxItems
	fv.AddLabel = b.t("forms.group.add", fv.ItemLabel)
	// The group's own answers let conditions inside an item see the item.
	scope := formdef.Answers{}
	for k, x := range b.answers {
		scope[k] = x
	}
	scope[fd.Name] = items
	for i, item := range items {
		iv := itemView{Index: i, Heading: fmt.Sprintf("%s %d", fv.ItemLabel, i+1), CanRemove: len(items) > minItems,
			Remove: "remove:" + path + "." + strconv.Itoa(i)}
		if iv.CanRemove {
			iv.RemoveLabel = b.t("forms.group.remove", iv.Heading)
		}
		for _, child := range fd.Fields {
			cp := path + "." + strconv.Itoa(i) + "." + child.Name
			if !b.form.Visible(cp, scope) {
				continue
			}
			iv.Fields = append(iv.Fields, b.field(child, cp, item[child.Name]))
		}
		fv.Items = append(fv.Items, iv)
	}
}

// fileLimits names the accepted types and the size limit of a file field.
func (b *viewBuilder) fileLimits(fd *formdef.Field) string {
	var names []string
	for _, a := range fd.Accept {
		if a == "image/*" {
			names = append(names, b.t("forms.file.images"))
			continue
		}
		names = append(names, typeName(a))
	}
	if len(names) == 0 {
		names = []string{"PDF", "JPEG", "PNG"}
	}
	mb := fd.MaxSizeMB
	if mb <= 0 {
		mb = 10
	}
	return b.t("forms.file.limits", strings.Join(names, ", "), mb)
}

// typeName is how people know a file type: by its extension.
func typeName(accept string) string {
	switch accept {
	case "application/pdf":
		return "PDF"
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	}
	return strings.ToUpper(strings.TrimPrefix(accept, "."))
}

// describedby ties a control to its hint and error.
func describedby(fv fieldView) template.HTMLAttr {
	var ids []string
	if fv.Hint != "" || fv.Limits != "" {
		ids = append(ids, fv.ID+"-hint")
	}
	if fv.Error != "" {
		ids = append(ids, fv.ID+"-error")
	}
	if len(ids) == 0 {
		return ""
	}
	return template.HTMLAttr(`aria-describedby="` + strings.Join(ids, " ") + `"`)
}

// inputID is the element id of the input at path; the error summary links
// to it.
func inputID(path string) string { return "f-" + path }

// itemsOf reads a group answer in the shapes Decode writes and JSON reads
// back.
func itemsOf(v any) []map[string]any {
	switch t := v.(type) {
	case []map[string]any:
		return append([]map[string]any(nil), t...)
	case []any:
		out := make([]map[string]any, 0, len(t))
		for _, x := range t {
			m, ok := x.(map[string]any)
			if !ok {
				m = map[string]any{}
			}
			out = append(out, m)
		}
		return out
	}
	return nil
}

// stringsOf reads a checkboxes answer.
func stringsOf(v any) []string {
	switch t := v.(type) {
	case []string:
		return t
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// saysOptional reports whether a label already marks its question optional.
func saysOptional(label string) bool {
	l := strings.ToLower(label)
	return strings.Contains(l, "(freiwillig") || strings.Contains(l, "(optional")
}
