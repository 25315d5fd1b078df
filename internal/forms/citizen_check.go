package forms

import (
	"errors"
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// checkPage lists every answer with a link back to its page (GOV.UK "check
// your answers"), then the button that sends.
type checkPage struct {
	Title    string
	Sections []checkSection
	Errors   errorSummary
	Action   string
	Back     string
	Save     string
}

type checkSection struct {
	Title  string
	Change string // URL of the page
	Blocks []checkBlock
}

// checkBlock is a run of answers: plain ones (no Heading), a repeating
// group's heading with its change link (Repeats; Empty when it has no
// items), or one item of it under its heading ("Hund 1").
type checkBlock struct {
	Heading string
	Repeats bool
	Change  string
	Empty   string
	Lines   []checkLine
}

// checkLine is one answer; Change is empty for values the form computed.
type checkLine struct {
	Label, Value, Change string
}

// add puts l at the end of the section, in a new block where a group or an
// item begins; items is the number of items of a group's line.
func (sec *checkSection) add(l formdef.Line, change string, items int) {
	last := func() *checkBlock { return &sec.Blocks[len(sec.Blocks)-1] }
	switch {
	case l.Repeats:
		b := checkBlock{Heading: l.Label, Repeats: true, Change: change}
		if items == 0 {
			b.Empty = l.Value // "keine Einträge"
		}
		sec.Blocks = append(sec.Blocks, b)
		return
	case l.Item != "":
		if len(sec.Blocks) == 0 || last().Heading != l.Item {
			sec.Blocks = append(sec.Blocks, checkBlock{Heading: l.Item})
		}
	case len(sec.Blocks) == 0 || last().Heading != "":
		sec.Blocks = append(sec.Blocks, checkBlock{})
	}
	line := checkLine{Label: l.Question(), Value: l.Value, Change: change}
	if l.Computed {
		line.Change = ""
	}
	last().Lines = append(last().Lines, line)
}

func (m *Module) check(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if fl.draft.Sent() {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	m.renderCheck(w, r, http.StatusOK, fl, nil)
}

// renderCheck shows the answers; problems (answers missing or gone wrong
// since) are listed at the top with links to their pages.
func (m *Module) renderCheck(w http.ResponseWriter, r *http.Request, status int, fl filling, problems formdef.FieldErrors) {
	ctx := r.Context()
	lang := web.Lang(r)
	f := fl.form
	a := fl.draft.Answers
	var files []DraftFile
	if formHasFile(f) {
		var err error
		if files, err = m.svc.draftFiles(ctx, db.From(ctx), fl.draft.ID); err != nil {
			m.site.Error(w, r, err)
			return
		}
	}
	for _, x := range files {
		setFileAnswer(a, x)
	}
	f.Compute(a)
	f.Clean(a)
	if problems == nil {
		problems = f.Validate(a, lang, m.svc.today())
	}
	d := checkPage{Title: f.Title.In(lang), Action: fl.url("send"), Save: fl.url("save")}
	pages := f.VisiblePages(a)
	if len(pages) > 0 {
		d.Back = fl.pageURL(pages[len(pages)-1].ID)
	}
	byPage := map[string]*checkSection{}
	for _, p := range pages {
		d.Sections = append(d.Sections, checkSection{Title: p.Title.In(lang), Change: fl.pageURL(p.ID)})
	}
	for i := range d.Sections {
		byPage[pages[i].ID] = &d.Sections[i]
	}
	for _, l := range f.Summary(a, lang) {
		sec := byPage[l.Page]
		if sec == nil {
			continue
		}
		sec.add(l, fl.pageURL(l.Page)+"#"+inputID(l.Path), len(itemsOf(a[l.Path])))
	}
	d.Errors = errorSummary{Title: m.site.T(r, "forms.check.problems")}
	paths := sortedPaths(f, problems)
	for _, p := range pages {
		for _, path := range paths {
			if pageOf(f, path) == p.ID {
				d.Errors.Items = append(d.Errors.Items, summaryItem{Href: fl.pageURL(p.ID) + "#" + inputID(path), Text: problems[path]})
			}
		}
	}
	m.site.Render(w, r, status, "forms/check", d, nil)
}

// pageOf is the ID of the page holding the field at path.
func pageOf(f *formdef.Form, path string) string {
	top, _, _ := strings.Cut(path, ".")
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			if fd.Name == top {
				return p.ID
			}
		}
	}
	return ""
}

// send is the check page's button.
func (m *Module) send(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	_, err := m.svc.Send(r.Context(), fl, web.PrincipalOf(r), web.Lang(r))
	var nr *errNotReady
	switch {
	case errors.As(err, &nr):
		fl2, ok := m.loadFilling(w, r)
		if !ok {
			return
		}
		m.renderCheck(w, r, http.StatusUnprocessableEntity, fl2, nr.Fields)
		return
	case err != nil:
		m.site.Error(w, r, err)
		return
	}
	web.Redirect(w, r, fl.url("done"))
}

// donePage confirms a sent form.
type donePage struct {
	Title   string
	Receipt Receipt
	Guest   bool
}

func (m *Module) done(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if !fl.draft.Sent() {
		web.Redirect(w, r, fl.url("check"))
		return
	}
	rc, err := receiptFor(fl)
	if err != nil {
		m.site.Error(w, r, errs.Wrap(errs.NotFound, "error.not_found", err))
		return
	}
	d := donePage{Title: fl.form.Title.In(web.Lang(r)), Receipt: rc, Guest: fl.draft.AccountID == 0}
	m.site.Render(w, r, http.StatusOK, "forms/done", d, nil)
}
