package forms

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// savePage is "save and continue later": an account finds its drafts
// under /forms/drafts; a guest gives an e-mail address for a link, and then
// sees where it went, with a button to send it again.
type savePage struct {
	Title     string
	Continue  string // back to the page the draft is at
	SignedIn  bool
	Sent      string // the address a link went to, on the "sent" page
	Expires   string
	Action    string
	Change    string // the form for another address, on the "sent" page
	Errors    errorSummary
	EmailErr  string
	Email     string
	DraftsURL string
	// Login and Register lead a guest to an account and back here; Claim
	// offers a signed-in visitor to keep a guest draft in the account.
	Login, Register string
	Claim           bool
}

func (m *Module) savePage(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if fl.draft.Sent() {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	// The address of an earlier link is filled in, so sending again to
	// the same one is one click; else the one the form was given.
	email := fl.draft.Email
	if email == "" {
		email = answeredEmail(fl)
	}
	m.renderSave(w, r, http.StatusOK, fl, savePage{Email: email})
}

// answeredEmail is the answer to the form's first e-mail question, if it
// looks like an address, so nobody has to type it twice.
func answeredEmail(fl filling) string {
	for _, p := range fl.form.Pages {
		for _, fd := range p.Fields {
			if fd.Type != formdef.TypeEmail {
				continue
			}
			if s, ok := fl.draft.Answers[fd.Name].(string); ok && auth.ValidEmail(auth.NormalizeEmail(s)) {
				return s
			}
		}
	}
	return ""
}

// savedPage is where saveForLater leads: the address the link went to and
// until when it works.
func (m *Module) savedPage(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	switch {
	case fl.draft.Sent():
		web.Redirect(w, r, fl.url("done"))
		return
	case fl.draft.AccountID != 0 || fl.draft.Email == "":
		web.Redirect(w, r, fl.url("save"))
		return
	}
	m.renderSave(w, r, http.StatusOK, fl, savePage{Sent: fl.draft.Email, Email: fl.draft.Email, Change: fl.url("save")})
}

func (m *Module) renderSave(w http.ResponseWriter, r *http.Request, status int, fl filling, d savePage) {
	lang := web.Lang(r)
	d.Title = fl.form.Title.In(lang)
	d.Continue = fl.pageURL(fl.draft.Page)
	if fl.draft.Page == "" {
		d.Continue = fl.url("check")
	}
	d.SignedIn = fl.draft.AccountID != 0
	d.Claim = !d.SignedIn && web.PrincipalOf(r).SignedIn()
	d.Action = fl.url("save")
	d.Login, d.Register = loginLinks(fl.url("save"))
	d.DraftsURL = "/forms/drafts"
	d.Expires = dateText(fl.draft.ExpiresAt, lang)
	d.Errors.Title = m.site.T(r, "form.error_summary")
	if d.EmailErr != "" {
		d.Errors.Items = []summaryItem{{Href: "#f-email", Text: d.EmailErr}}
	}
	m.site.Render(w, r, status, "forms/save", d, nil)
}

// saveForLater mails a guest the link to continue (again, when the "sent"
// page's button posts the same address), then redirects to the "sent" page:
// reloading that page does not send another mail.
func (m *Module) saveForLater(w http.ResponseWriter, r *http.Request) {
	fl, ok := m.loadFilling(w, r)
	if !ok {
		return
	}
	if fl.draft.Sent() {
		web.Redirect(w, r, fl.url("done"))
		return
	}
	if fl.draft.AccountID != 0 {
		web.Redirect(w, r, fl.url("save"))
		return
	}
	if p := web.PrincipalOf(r); p.SignedIn() && r.PostFormValue("action") == "claim" {
		// A guest who signed in on the way keeps the draft in the account.
		if err := m.svc.claimDraft(r.Context(), fl.draft.ID, p.User.ID); err != nil {
			m.failSave(w, r, fl, err)
			return
		}
		web.Redirect(w, r, fl.url("save"))
		return
	}
	email := r.PostFormValue("email")
	err := m.svc.SaveForLater(r.Context(), fl, email, web.Lang(r), web.ClientIP(r))
	switch code := errs.CodeOf(err); code {
	case errs.Invalid, errs.TooMany:
		e := errs.As(err)
		msg := m.site.T(r, e.Key, e.Args...)
		if len(e.Fields) > 0 {
			msg = m.site.T(r, e.Fields[0].Key, e.Fields[0].Args...)
		}
		status := http.StatusUnprocessableEntity
		if code == errs.TooMany {
			status = http.StatusTooManyRequests
			if minutes, ok := firstInt(e.Args); ok {
				w.Header().Set("Retry-After", strconv.Itoa(minutes*60))
			}
		}
		m.renderSave(w, r, status, fl, savePage{EmailErr: msg, Email: email})
		return
	}
	if err != nil {
		m.failSave(w, r, fl, err)
		return
	}
	web.Redirect(w, r, fl.url("save/sent"))
}

// firstInt is the first of args if it is an int (a rate limit's minutes).
func firstInt(args []any) (int, bool) {
	if len(args) == 0 {
		return 0, false
	}
	n, ok := args[0].(int)
	return n, ok
}

// resumePageData is the page the mailed link opens.
type resumePageData struct {
	Token string
	Title string
}

// resumePage is what the mailed link opens. It checks the link but does
// not use it up (mail scanners fetch links too): a known link shows the
// button that continues, an expired one at once how to start again.
func (m *Module) resumePage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	noReferrer(w)
	formID, expired, err := m.svc.resumeLink(r.Context(), token)
	switch {
	case err != nil:
		m.site.Error(w, r, err)
		return
	case expired:
		m.fail(w, r, errExpired, formID)
		return
	}
	d := resumePageData{Token: token}
	if f, err := m.svc.Running(r.Context(), formID); err == nil {
		d.Title = f.Title.In(web.Lang(r))
	}
	m.site.Render(w, r, http.StatusOK, "forms/resume", d, nil)
}

// resume opens the draft of a mailed link where it was left.
func (m *Module) resume(w http.ResponseWriter, r *http.Request) {
	noReferrer(w)
	fl, err := m.svc.Resume(r.Context(), r.PostFormValue("token"))
	if errors.Is(err, errExpired) {
		m.fail(w, r, err, fl.draft.FormID)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	target := fl.url("check")
	if fl.draft.Page != "" {
		target = fl.pageURL(fl.draft.Page)
	}
	web.Redirect(w, r, target)
}

// draftsPage lists an account's open drafts.
type draftsPage struct {
	Drafts []draftRow
}

type draftRow struct {
	ID      int64
	Title   string
	Updated string
	Expires string
}

func (m *Module) drafts(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalOf(r)
	list, err := m.svc.AccountDrafts(r.Context(), p.User.ID)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	var d draftsPage
	for _, x := range list {
		d.Drafts = append(d.Drafts, draftRow{ID: x.ID, Title: x.Title.In(lang), Updated: dateText(x.UpdatedAt, lang), Expires: dateText(x.ExpiresAt, lang)})
	}
	m.site.Render(w, r, http.StatusOK, "forms/drafts", d, nil)
}

// openDraft continues one of the account's drafts.
func (m *Module) openDraft(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	d, token, err := m.svc.reopenDraft(ctx, id, web.PrincipalOf(r).User.ID)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	f, err := m.svc.FormVersion(ctx, d.FormID, d.Version)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	fl := filling{form: f, draft: d, token: token}
	target := fl.url("check")
	if d.Page != "" {
		target = fl.pageURL(d.Page)
	}
	noReferrer(w)
	web.Redirect(w, r, target)
}

// loginLinks are the sign-in and registration pages that lead back to
// next afterwards.
func loginLinks(next string) (login, register string) {
	q := "?next=" + url.QueryEscape(next)
	return "/login" + q, "/register" + q
}
