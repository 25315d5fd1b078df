package forms

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// pagePage is one page of a form being filled in.
type pagePage struct {
	Title     string // the form's title
	PageTitle string
	Intro     string
	Step      int
	Steps     int
	Fields    []fieldView
	Errors    errorSummary
	Action    string
	Multipart bool
	Shown     string
	Notice    string
	Back      string
}

// errorSummary is the box at the top of a page with errors.
type errorSummary struct {
	Title string
	Items []summaryItem
}

type summaryItem struct{ Href, Text string }

// showPage shows a page with the answers given so far.
func (m *Module) showPage(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if fl.draft.Sent() {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	p, ok := m.visiblePage(w, r, fl)
	if !ok {
		return
	}
	fl.form.Compute(fl.draft.Answers)
	m.renderPage(w, r, http.StatusOK, fl, p, nil, "")
}

// visiblePage finds the request's {page}. A page the answers hide (or an
// unknown one) sends the browser to the first page.
func (m *Module) visiblePage(w http.ResponseWriter, r *http.Request, fl filling) (*formdef.Page, bool) {
	p := fl.form.Page(r.PathValue("page"))
	if p == nil || !fl.form.PageVisible(p, fl.draft.Answers) {
		pages := fl.form.VisiblePages(fl.draft.Answers)
		if len(pages) == 0 || (p != nil && p == pages[0]) {
			m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
			return nil, false
		}
		web.Redirect(w, r, fl.pageURL(pages[0].ID))
		return nil, false
	}
	return p, true
}

// postPage takes a page's answers and the button pressed: continue, back,
// save for later, add or remove a group item, upload or remove a file.
func (m *Module) postPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseBody(r); err != nil {
		if errs.CodeOf(err) == errs.TooLarge {
			m.tooLarge(w, r)
			return
		}
		m.site.Error(w, r, err)
		return
	}
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if fl.draft.Sent() {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	p, ok := m.visiblePage(w, r, fl)
	if !ok {
		return
	}
	f, a, lang := fl.form, fl.draft.Answers, web.Lang(r)
	f.Decode(p, r.PostForm, a)
	keepItemCounts(p, r.PostForm, a)
	fileErrs, err := m.uploads(r, &fl, p)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	action := r.PostFormValue("action")
	status := http.StatusOK
	var pageErrs formdef.FieldErrors
	notice := ""
	// anchor is where the page continues after a button that changes the
	// page itself (add, remove, upload): the browser is sent back to the
	// page there, so reloading it does not press the button again.
	anchor := ""
	switch {
	case strings.HasPrefix(action, "add:"):
		name := strings.TrimPrefix(action, "add:")
		addItem(f, a, name)
		anchor = inputID(name) + "-item-" + strconv.Itoa(max(0, len(itemsOf(a[name]))-1))
	case strings.HasPrefix(action, "remove:"):
		removeItem(f, a, strings.TrimPrefix(action, "remove:"))
		name, _, _ := strings.Cut(strings.TrimPrefix(action, "remove:"), ".")
		anchor = inputID(name)
	case strings.HasPrefix(action, "remove-file:"):
		name := strings.TrimPrefix(action, "remove-file:")
		if err := m.svc.removeFile(ctx, &fl, p, name); err != nil {
			m.site.Error(w, r, err)
			return
		}
		anchor = inputID(name)
	case action == "upload":
		anchor = "main"
	case action == "back":
		fl.draft.Page = p.ID
		if err := m.svc.saveAnswers(ctx, fl); err != nil {
			m.failSave(w, r, fl, err)
			return
		}
		web.Redirect(w, r, m.previous(fl, p))
		return
	case action == "save":
		fl.draft.Page = p.ID
		if err := m.svc.saveAnswers(ctx, fl); err != nil {
			m.failSave(w, r, fl, err)
			return
		}
		web.Redirect(w, r, fl.url("save"))
		return
	default:
		f.Compute(a)
		pageErrs = f.ValidatePage(p, a, lang, m.svc.today())
		// _shown lists the questions the page showed. Without it (a client
		// that is not our page) every question counts as shown.
		_, hasShown := r.PostForm["_shown"]
		shown := strings.Fields(r.PostFormValue("_shown"))
		if hasShown {
			for path := range pageErrs {
				if !wasShown(path, shown) {
					delete(pageErrs, path)
				}
			}
		}
		switch {
		case len(pageErrs) > 0 || len(fileErrs) > 0:
			status = http.StatusUnprocessableEntity
		case hasShown && appeared(fl, p, shown):
			notice = m.site.T(r, "forms.page.more_questions")
		default:
			next := m.next(fl, p)
			fl.draft.Page = nextPageID(next, p.ID)
			if err := m.svc.saveAnswers(ctx, fl); err != nil {
				m.failSave(w, r, fl, err)
				return
			}
			web.Redirect(w, r, next)
			return
		}
	}
	for path, msg := range fileErrs {
		if pageErrs == nil {
			pageErrs = formdef.FieldErrors{}
		}
		pageErrs[path] = msg
	}
	if len(fileErrs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	fl.draft.Page = p.ID
	if err := m.svc.saveAnswers(ctx, fl); err != nil {
		m.failSave(w, r, fl, err)
		return
	}
	if anchor != "" && len(pageErrs) == 0 {
		web.Redirect(w, r, fl.pageURL(p.ID)+"#"+anchor)
		return
	}
	f.Compute(a)
	m.renderPage(w, r, status, fl, p, pageErrs, notice)
}

// failSave answers a failed save: a draft sent meanwhile (another tab)
// shows its confirmation.
func (m *Module) failSave(w http.ResponseWriter, r *http.Request, fl filling, err error) {
	if err == errAlreadySent {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	m.site.Error(w, r, err)
}

// saveAnswers stores the draft as it is now.
func (s *Service) saveAnswers(ctx context.Context, fl filling) error {
	return s.saveDraft(ctx, db.From(ctx), fl.form, &fl.draft)
}

// pageRefused answers the shell's refusals of a page post: a body over the
// limit shows the page again with the limit named (nothing is changed, so
// the unchecked CSRF token does not matter); anything else as usual.
func (m *Module) pageRefused(w http.ResponseWriter, r *http.Request, err error) {
	if errs.CodeOf(err) == errs.TooLarge {
		m.tooLarge(w, r)
		return
	}
	m.site.Error(w, r, err)
}

// tooLarge answers a post whose body was over the route's limit: nothing
// of it could be read, so the page is shown again as stored, with the
// limit named.
func (m *Module) tooLarge(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	p, ok := m.visiblePage(w, r, fl)
	if !ok {
		return
	}
	fl.form.Compute(fl.draft.Answers)
	mb := max(1, m.svc.MaxUploadBytes>>20)
	m.renderPage(w, r, http.StatusRequestEntityTooLarge, fl, p, nil, m.site.T(r, "forms.file.body_too_large", mb))
}

// renderPage shows page p with errs next to their fields.
func (m *Module) renderPage(w http.ResponseWriter, r *http.Request, status int, fl filling, p *formdef.Page, fieldErrs formdef.FieldErrors, notice string) {
	ctx := r.Context()
	lang := web.Lang(r)
	var files []DraftFile
	if hasFile(p) {
		var err error
		if files, err = m.svc.draftFiles(ctx, db.From(ctx), fl.draft.ID); err != nil {
			m.site.Error(w, r, err)
			return
		}
	}
	b := &viewBuilder{form: fl.form, answers: fl.draft.Answers, errors: fieldErrs, lang: lang, today: m.svc.today(),
		files: map[string]DraftFile{}, t: func(key string, args ...any) string { return m.site.T(r, key, args...) }}
	for _, x := range files {
		b.files[x.Path] = x
	}
	pages := fl.form.VisiblePages(fl.draft.Answers)
	step := slices.Index(pages, p) + 1
	d := pagePage{
		Title: fl.form.Title.In(lang), PageTitle: p.Title.In(lang), Intro: p.Intro.In(lang),
		Step: step, Steps: len(pages), Fields: b.page(p), Action: fl.pageURL(p.ID),
		Notice: notice,
	}
	d.Shown = strings.Join(b.shown, " ")
	d.Multipart = hasFile(p)
	d.Errors = m.summary(r, fl.form, fieldErrs)
	if step > 1 {
		d.Back = m.previous(fl, p)
	}
	m.site.Render(w, r, status, "forms/page", d, nil)
}

// summary lists the errors in the order of the fields on the page.
func (m *Module) summary(r *http.Request, f *formdef.Form, fieldErrs formdef.FieldErrors) errorSummary {
	s := errorSummary{Title: m.site.T(r, "form.error_summary")}
	for _, path := range sortedPaths(f, fieldErrs) {
		s.Items = append(s.Items, summaryItem{Href: "#" + inputID(path), Text: fieldErrs[path]})
	}
	return s
}

// previous is the page before p among those shown, or the start page.
func (m *Module) previous(fl filling, p *formdef.Page) string {
	pages := fl.form.VisiblePages(fl.draft.Answers)
	i := slices.Index(pages, p)
	if i <= 0 {
		return "/forms/" + fl.form.ID
	}
	return fl.pageURL(pages[i-1].ID)
}

// next is the page after p among those shown, or the check page.
func (m *Module) next(fl filling, p *formdef.Page) string {
	pages := fl.form.VisiblePages(fl.draft.Answers)
	i := slices.Index(pages, p)
	if i >= 0 && i+1 < len(pages) {
		return fl.pageURL(pages[i+1].ID)
	}
	return fl.url("check")
}

// nextPageID is the page to remember for a draft going to url.
func nextPageID(url, current string) string {
	if i := strings.LastIndex(url, "/p/"); i >= 0 {
		return url[i+3:]
	}
	return current
}

// wasShown reports whether the error at path belongs to a field the page
// showed (or to one of its parts). A repeating group lists its items'
// questions one by one, so a question that just appeared inside an item
// ("dogs.1.permit") is not covered by the group ("dogs") and gets no error
// before the visitor has seen it.
func wasShown(path string, shown []string) bool {
	for _, s := range shown {
		if path == s {
			return true
		}
		if strings.HasPrefix(path, s+".") && !hasShownChild(s, shown) {
			return true
		}
	}
	return false
}

// hasShownChild reports whether shown lists a question below s.
func hasShownChild(s string, shown []string) bool {
	for _, c := range shown {
		if strings.HasPrefix(c, s+".") {
			return true
		}
	}
	return false
}

// appeared reports whether the answers on page p made questions appear
// that the page did not show: the page is shown again with them.
func appeared(fl filling, p *formdef.Page, shown []string) bool {
	b := &viewBuilder{form: fl.form, answers: fl.draft.Answers, lang: "de", t: func(string, ...any) string { return "" }}
	b.page(p)
	for _, path := range b.shown {
		if !slices.Contains(shown, path) {
			fd := fl.form.Field(path)
			if fd != nil && fd.Type != formdef.TypeInfo && fd.Calc == "" {
				return true
			}
		}
	}
	return false
}

// formHasFile reports whether any page of f asks for a file; forms without
// one skip looking for uploads.
func formHasFile(f *formdef.Form) bool {
	for _, p := range f.Pages {
		if hasFile(p) {
			return true
		}
	}
	return false
}

// hasFile reports whether page p asks for a file, so its form is sent as
// multipart.
func hasFile(p *formdef.Page) bool {
	for _, fd := range p.Fields {
		if fd.Type == formdef.TypeFile {
			return true
		}
	}
	return false
}

// keepItemCounts keeps group items whose inputs were all left empty (a
// radio nobody ticked posts nothing), so numbering stays as shown.
func keepItemCounts(p *formdef.Page, v url.Values, a formdef.Answers) {
	for _, fd := range p.Fields {
		if fd.Type != formdef.TypeGroup {
			continue
		}
		n, err := strconv.Atoi(v.Get("_items." + fd.Name))
		if err != nil || n <= 0 || n > groupMax(fd) {
			continue
		}
		items := itemsOf(a[fd.Name])
		for len(items) < n {
			items = append(items, map[string]any{})
		}
		a[fd.Name] = items
	}
}

// addItem appends an empty item to the group at path, up to its maximum.
func addItem(f *formdef.Form, a formdef.Answers, path string) {
	fd := f.Field(path)
	if fd == nil || fd.Type != formdef.TypeGroup || strings.Contains(path, ".") {
		return
	}
	items := itemsOf(a[path])
	if len(items) < groupMax(fd) {
		a[path] = append(items, map[string]any{})
	}
}

// groupMax is the most items group fd takes (formdef's default: 20).
func groupMax(fd *formdef.Field) int {
	if fd.Max != nil && *fd.Max >= 1 && *fd.Max <= 1000 {
		return int(*fd.Max)
	}
	return 20
}

// removeItem drops item "group.N".
func removeItem(f *formdef.Form, a formdef.Answers, path string) {
	name, num, ok := strings.Cut(path, ".")
	i, err := strconv.Atoi(num)
	if fd := f.Field(name); !ok || err != nil || fd == nil || fd.Type != formdef.TypeGroup {
		return
	}
	items := itemsOf(a[name])
	if i < 0 || i >= len(items) {
		return
	}
	a[name] = slices.Delete(items, i, i+1)
}
