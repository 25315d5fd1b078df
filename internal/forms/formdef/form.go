package formdef

import "regexp"

// Text is a translated string keyed by language ("de", "en").
type Text map[string]string

// In returns the text in lang, falling back to German, the language every
// definition must provide.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["de"]
}

// Form is one version of a form definition.
type Form struct {
	ID            string
	Version       int
	Title, Intro  Text
	Service       string // catalog slug, may be ""
	Department    string // department slug, required
	Guests        bool   // people who are not signed in may use the form
	ResumeDays    int    // validity of a "continue later" link; default 30
	RetentionDays int    // personal data is erased this many days after closing; default 365
	DeadlineDays  int    // working days to decide; default 20
	Statuses      []Status
	Pages         []*Page

	byName map[string]*Field // top-level fields by name
	pageOf map[string]*Page  // top-level field name → page
	calcs  []*Field          // calculated fields (top-level and group children) in dependency order
	at     map[string]pos    // positions of keys in the source
	// statusLines are the source lines of Statuses; kept out of Status so
	// that it stays a plain value (cases store and compare snapshots).
	statusLines []int
}

// Status is one step of a case; the first status of a form is the initial
// one.
type Status struct {
	Key     string
	Label   Text
	Closing bool
}

// Page is one step of the form.
type Page struct {
	ID           string
	Title, Intro Text
	ShowIf       string
	Fields       []*Field
	Line         int

	showIf *expr
	at     map[string]pos
}

// Field is one question (or an information text or a repeating group).
type Field struct {
	Name      string
	Type      FieldType
	Label     Text
	Hint      Text
	ItemLabel Text // groups: label of one item ("Hund"), numbered in summaries
	Required  bool
	ShowIf    string // condition over other answers; hidden fields are neither validated nor kept
	Calc      string // calculation; the field is read-only and filled by Compute
	Options   []Option
	Min, Max  *float64 // number/money bounds; checkboxes: selections; group: items
	Integer   bool     // number: whole numbers only
	MinLength int
	MaxLength int
	Pattern   string
	// PatternMessage replaces the generic message when Pattern does not match.
	PatternMessage Text
	// Transform rewrites a typed text before it is checked and kept
	// (TransformUpper); see transform.go.
	Transform string
	MinDate   string // "today", "+14d", "-18y", "2026-01-01", or another date field's name
	MaxDate   string
	Accept    []string // file: MIME types ("application/pdf", "image/*") or extensions (".pdf")
	MaxSizeMB int      // file
	Prefill   string   // "account.name" | "account.email"
	Fields    []*Field // group children
	Line      int      // line in the YAML source

	group   *Field // parent group for group children
	page    *Page
	showIf  *expr
	calc    *expr
	pattern *regexp.Regexp
	minRef  *Field // min_date names another date field
	maxRef  *Field
	at      map[string]pos
}

// FieldType names the kind of answer a field takes.
type FieldType string

// Field types.
const (
	TypeText       FieldType = "text"
	TypeTextarea   FieldType = "textarea"
	TypeNumber     FieldType = "number"
	TypeMoney      FieldType = "money"
	TypeDate       FieldType = "date"
	TypeEmail      FieldType = "email"
	TypePhone      FieldType = "phone"
	TypeAddress    FieldType = "address"
	TypeIBAN       FieldType = "iban"
	TypeBIC        FieldType = "bic"
	TypeRadio      FieldType = "radio"
	TypeSelect     FieldType = "select"
	TypeCheckboxes FieldType = "checkboxes"
	TypeYesNo      FieldType = "yesno"
	TypeFile       FieldType = "file"
	TypeInfo       FieldType = "info"
	TypeGroup      FieldType = "group"
)

// Types lists every field type in the order the documentation names them.
var Types = []FieldType{TypeText, TypeTextarea, TypeNumber, TypeMoney, TypeDate, TypeEmail,
	TypePhone, TypeAddress, TypeIBAN, TypeBIC, TypeRadio, TypeSelect, TypeCheckboxes, TypeYesNo,
	TypeFile, TypeInfo, TypeGroup}

// Option is one choice of a radio, select or checkboxes field.
type Option struct {
	Value string
	Label Text
}

// AddressParts are the keys of an address answer, in display order.
var AddressParts = []string{"street", "house_number", "postal_code", "city"}

// Answers holds the answers of one submission, JSON-shaped:
//
//	text, textarea, email, phone, radio, select, iban, bic: string
//	number: float64 (the typed text as string while it is not a number)
//	money: string with two decimals, "12.50" (typed text while invalid)
//	date: "2026-05-01" (typed text while invalid)
//	checkboxes: []string; yesno: bool
//	address: map[string]any{"street", "house_number", "postal_code", "city"} of strings
//	group: []map[string]any, one map per item keyed by child name
//	file: map[string]any{"blob", "name", "type", "size"}, set by the web module
//
// Values read back from JSON ([]any, int-valued float64) are accepted everywhere.
type Answers map[string]any

// FieldErrors maps a field path ("name", "addr.postal_code", "dogs.0.name",
// "dogs" for the item count) to a translated message.
type FieldErrors map[string]string

// Line is one row of an answer summary.
type Line struct {
	Label string
	Value string
	Path  string // field path, as in FieldErrors
	Page  string // page ID, for "change" links
	Group int    // 1-based item number inside a repeating group, 0 outside
	// Item heads the lines of one group item ("Hund 1"); Label starts
	// with it, for lists without headings. See Line.Question.
	Item string
	// Repeats marks a repeating group's own line: its items' lines follow.
	Repeats bool
	// Computed marks a value the form calculated: nothing to change.
	Computed bool
}
