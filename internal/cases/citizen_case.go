package cases

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// citizenCasePage is one case as its citizen sees it, on /my/cases/{ref}
// and on /case/{token} alike.
type citizenCasePage struct {
	Fmt citizenFmt
	D   CitizenDetail
	// Base is the page's address; forms and downloads hang below it.
	Base  string
	Guest bool
	// Answers is the summary in the page's language.
	Answers  []Line
	Next     NextStep
	Timeline []timelineItem
	// Uploads are the upload controls of the open document requests.
	Uploads []uploadField
}

// timelineItem is one entry of the public timeline, in words.
type timelineItem struct {
	At   time.Time
	Text string
	Note string
}

// uploadField is the file control of one open document request.
type uploadField struct {
	Request     DocumentRequest
	ID, Name    string
	Label, Hint string
	Errors      []string
	Describedby template.HTMLAttr
}

// uploadFieldName is the form field of document request id's file.
func uploadFieldName(id int64) string { return "document-" + strconv.FormatInt(id, 10) }

func (p *citizenPages) casePage(w http.ResponseWriter, r *http.Request) {
	if ref := r.PathValue("ref"); ref != "" {
		// A loosely typed reference ("k7m 3pq9") goes to the page's one
		// address; one that cannot be a reference is simply not found.
		if n := NormalizeReference(ref); n != "" && n != ref {
			http.Redirect(w, r, CitizenPath(n), http.StatusMovedPermanently)
			return
		}
	}
	p.render(w, r, http.StatusOK, nil)
}

// render shows the case page with status; form carries what was typed and
// what is wrong with it after a refused post.
func (p *citizenPages) render(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	v := p.viewer(r)
	d, err := p.svc.CitizenView(r.Context(), v)
	if err != nil {
		p.site.Error(w, r, err)
		return
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	lang := web.Lang(r)
	t := func(key string, args ...any) string { return p.site.Catalog().T(lang, key, args...) }
	page := citizenCasePage{
		Fmt:      newCitizenFmt(lang),
		D:        d,
		Base:     p.base(v, d.Case),
		Guest:    v.Guest(),
		Answers:  d.Summary[summaryLang(d.Case, lang)],
		Next:     d.Next(),
		Timeline: timeline(d, lang, t),
	}
	if !d.Closed() {
		for _, req := range d.Requests {
			if req.Open() {
				page.Uploads = append(page.Uploads, p.uploadField(req, form, t))
			}
		}
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	p.site.Render(w, r, status, "cases.citizen/case", page, form)
}

// uploadField prepares the file control of request req with its errors.
func (p *citizenPages) uploadField(req DocumentRequest, form *web.Form, t func(string, ...any) string) uploadField {
	name := uploadFieldName(req.ID)
	f := uploadField{Request: req, Name: name, ID: "f-" + name,
		Label: t("cases.citizen.requests.file", req.Description),
		Hint:  t("cases.citizen.requests.file_hint", limitText(p.maxUpload))}
	for _, fe := range form.Errors[name] {
		f.Errors = append(f.Errors, t(fe.Key, fe.Args...))
	}
	ids := f.ID + "-hint"
	if len(f.Errors) > 0 {
		ids += " " + f.ID + "-error"
	}
	f.Describedby = template.HTMLAttr(`aria-describedby="` + ids + `"`)
	return f
}

// timeline puts the public events into words: what happened, the status it
// led to, and the department's public note. Internal notes never reach
// this page (listEvents drops them).
func timeline(d CitizenDetail, lang string, t func(string, ...any) string) []timelineItem {
	out := make([]timelineItem, 0, len(d.Events))
	for _, e := range d.Events {
		item := timelineItem{At: e.CreatedAt, Note: e.PublicNote}
		switch e.Kind {
		case EventSubmitted:
			item.Text = t("cases.citizen.timeline.submitted")
		case EventStatus:
			label := e.Status
			if s, ok := d.StatusOf(e.Status); ok {
				label = s.Label.In(lang)
			}
			item.Text = t("cases.citizen.timeline.status", label)
		case EventPaused:
			item.Text = t("cases.citizen.timeline.paused")
		case EventResumed:
			item.Text = t("cases.citizen.timeline.resumed")
		case EventMessage:
			item.Text = t("cases.citizen.timeline.message_staff")
			if e.ActorKind == ActorCitizen {
				item.Text = t("cases.citizen.timeline.message_citizen")
			}
		case EventDocumentRequested:
			item.Text = t("cases.citizen.timeline.document_requested")
		case EventDocumentUploaded:
			item.Text = t("cases.citizen.timeline.document_uploaded")
		case EventRequestCancelled:
			item.Text = t("cases.citizen.timeline.request_cancelled")
		case EventDecision:
			item.Text = t("cases.citizen.timeline.decision")
		case EventErased:
			item.Text = t("cases.citizen.timeline.erased")
		default:
			item.Text = t("cases.citizen.timeline.other")
		}
		out = append(out, item)
	}
	return out
}

// formError re-renders the case page with err next to its field, or shows
// the error page when err is not about the form (not found, internal).
func (p *citizenPages) formError(w http.ResponseWriter, r *http.Request, form *web.Form, err error) {
	e := errs.As(err)
	if len(e.Fields) == 0 {
		p.site.Error(w, r, err)
		return
	}
	form.SetErrors(err)
	p.render(w, r, web.Status(e.Code), form)
}

// redirect goes back to the case page after a successful post; the flash
// message at its top says what happened.
func (p *citizenPages) redirect(w http.ResponseWriter, r *http.Request, c Case, flash string) {
	p.site.Flash(w, r, flash)
	web.Redirect(w, r, p.base(p.viewer(r), c))
}

// limitText names an upload limit as the refusal does: whole MB, or KB
// under a megabyte, rounded down so the promise "at most" holds.
func limitText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " KB"
}

// Errors is the page's error summary; each item names the control it is
// about (the message box, a request's file control).
func (pg citizenCasePage) Errors(p *web.Page) []web.SummaryItem {
	fields := make([]errorField, 0, len(pg.Uploads)+1)
	for _, u := range pg.Uploads {
		fields = append(fields, errorField{u.Name, u.Label})
	}
	fields = append(fields, errorField{"body", p.T("cases.citizen.messages.body")})
	return errorItems(p, fields)
}
