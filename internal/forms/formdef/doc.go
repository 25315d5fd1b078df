// Package formdef reads form definitions written in YAML and works with the
// answers people give: decoding them from a posted HTML form, showing and
// hiding fields, calculating, validating in German and English, cleaning,
// summarising, and describing them as JSON Schema. It is pure Go: no
// database, no HTTP, no files.
//
// # API
//
//	Parse(src []byte) (*Form, error)        // error is *ParseError{Errors []LineError{Line, Col, Key, Args, Msg}}
//	le.Text(lang) string                    // a mistake's reason in German or English; Msg is English for logs
//	f.Page(id) *Page; f.Field(path) *Field  // lookups; path "dogs.0.name" or "dogs.name" finds the child
//	f.VisiblePages(a) []*Page; f.PageVisible(p, a); f.Visible(path, a)
//	f.Decode(p, url.Values, a)              // reads page p's inputs into a
//	f.Compute(a)                            // fills calculated fields
//	f.ValidatePage(p, a, lang, today)       // FieldErrors for the visible fields of p
//	f.Validate(a, lang, today)              // FieldErrors for all visible pages
//	f.Clean(a)                              // drops hidden and unknown answers, normalises JSON shapes
//	f.Summary(a, lang) []Line               // readable rows in form order
//	f.JSONSchema() []byte                   // JSON Schema 2020-12 of Answers
//	fd.CheckFile(name, contentType, size, lang) string // "" or why an upload is refused
//	fd.InputValue(v, lang) string           // text to put back into an <input>
//	fd.Display(v, lang) string              // readable answer, as in Summary
//
// Differences from the contract in the issue: Pages is []*Page (not
// []Page) so callers can pass the pointer they range over; Visible takes a
// path string; Line has a Page field (page ID, for "change" links); Field
// has ItemLabel (groups), Integer (numbers) and PatternMessage (text);
// form IDs are slugs with "-" ([a-z][a-z0-9-]*) because they appear in
// URLs, while page IDs, field names and status keys are [a-z][a-z0-9_]*.
//
// Summary lines: one per visible answerable field in page order; a group
// gives a line with its label and item count (Group 0), then its items'
// lines labelled "Hund 1: Name" with Group = item number. Unanswered
// optional questions read "nicht angegeben" / "not given".
//
// A web module typically runs, per posted page: Decode, Compute,
// ValidatePage; and on sending: Compute, Clean, Validate, Summary. A *Form
// is never changed after Parse and may be shared between requests; parse
// once and cache (parsing costs milliseconds, a whole submission well under
// one).
//
// # Field paths and input names
//
// A top-level field is named by its name ("name"). Parts of an address are
// "addr.street", "addr.house_number", "addr.postal_code", "addr.city". Items
// of a repeating group are numbered from 0: "dogs.0.name", "dogs.1.name", and
// an address inside an item is "dogs.0.addr.city". Checkboxes post one value
// per ticked box under the same name. A yes/no field posts "yes" or "no".
// A date accepts "TT.MM.JJJJ" and "JJJJ-MM-TT" (what <input type=date>
// sends), or three inputs "born.day", "born.month", "born.year". Decode accepts any item numbers below the group's Max and keeps
// the items in number order, renumbered from 0. Calculated, information and
// file fields are never read from the request: the web module stores file
// answers as map{"blob","name","type","size"} after calling CheckFile.
//
// The same paths key FieldErrors; "dogs" carries a message about the number
// of items.
//
// # Answers
//
// See the Answers type for the value of each field type. While a typed value
// cannot be understood (a number "12a", a date "31.02.2026"), Decode keeps
// the text as typed so the page can show it again next to its error.
//
// # Visibility
//
// A page or field with show_if is shown when its condition is true. Answers
// of hidden pages and fields count as not given: conditions and calculations
// see them as null, Validate skips them, Clean removes them and Summary does
// not list them.
//
// # Expressions
//
// show_if and calc use a small expression language:
//
//	literals     12  12.5  "text"  'text'  true  false  null
//	references   name   addr.city   (inside a group item: the item's fields first, then the form's)
//	operators    or and not  ==  !=  <  <=  >  >=  +  -  *  /  %  ( )   (also || && !)
//	functions    count(group)              number of items
//	             sum(group, "field")       sum of a child field over all items
//	             count_if(group, "field")  items whose child field is true (or non-empty)
//	             contains(checkboxes, "x") whether "x" is ticked
//	             if(cond, a, b)  min(a, b, ...)  max(a, b, ...)  round(x)  round(x, 2)
//	             days(from, to)            days between two dates (to - from)
//	             position()                1-based number of the current group item
//	             empty(x)                  not answered
//
// Money answers are numbers in expressions. A missing answer is null: null
// equals only null, comparisons and arithmetic with null give null, and null
// counts as false. Expressions never panic; a wrong type or a division by zero
// gives null, and every evaluation stops after a fixed number of steps. The
// checker rejects unknown fields and functions, calculation cycles and
// expressions longer than 1000 characters or nested deeper than 40 levels.
//
// # YAML format
//
//	id: hund-anmelden          # [a-z][a-z0-9-]* (used in URLs)
//	version: 1
//	title: {de: Hund anmelden, en: Register a dog}   # a plain string means German
//	intro: {de: ..., en: ...}
//	service: hund-anmelden     # catalog slug, optional
//	department: kaemmerei      # required
//	guests: true               # default false
//	resume_days: 30            # defaults: 30, 365, 20
//	retention_days: 365
//	deadline_days: 20
//	statuses:                  # first = initial; at least one closing; the first may not be closing
//	  - {key: eingegangen, label: {de: Eingegangen, en: Received}}
//	  - {key: genehmigt, label: {de: Genehmigt, en: Approved}, closing: true}
//	pages:
//	  - id: halter             # [a-z][a-z0-9_]*, unique
//	    title: {de: ..., en: ...}
//	    intro: ...
//	    show_if: ...
//	    fields:
//	      - name: name         # [a-z][a-z0-9_]*, unique in the form (in a group: in the group)
//	        type: text
//	        label: {de: ..., en: ...}
//	        hint: ...
//	        required: true
//	        show_if: ...
//	        calc: ...          # number, money or text fields only
//	        options: [{value: a, label: {de: ..., en: ...}}]    # radio, select, checkboxes
//	        min: 0             # number, money, checkboxes (selections), group (items)
//	        max: 10
//	        integer: true      # number
//	        min_length: 2      # text, textarea
//	        max_length: 200    # text (default 200), textarea (default 5000)
//	        pattern: '[A-Z]+'  # text; the whole answer must match (Go regexp)
//	        pattern_message: {de: ..., en: ...}
//	        min_date: today    # date: today, +14d, -2w, +6m, -18y, 2026-01-01, or another date field (date_from)
//	        max_date: +1y
//	        accept: [application/pdf, image/jpeg, image/png]   # file (default: PDF, JPEG, PNG)
//	        max_size_mb: 5     # file (default 10)
//	        prefill: account.name   # or account.email
//	        item_label: {de: Hund, en: Dog}   # group
//	        fields: [...]      # group children; no groups or files inside a group
//
// Unknown keys, wrong value kinds and every broken rule are reported together,
// each with its line and column.
package formdef
