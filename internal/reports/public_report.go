package reports

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicReportPage is a published report as everyone sees it: never
// personal data, released photos only, the public history.
type publicReportPage struct {
	Fmt    publicFmt
	Report Report
	Events []Event
	// Answers are those to the category's public questions.
	Answers []Answer
	Map     publicMap
	// Supported says this browser already counted itself in.
	Supported bool
}

func (m *Module) publicReport(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("ref")
	if n := NormalizeRef(ref); n != "" && n != ref {
		// A loosely typed reference ("m 7kq3xp") goes to the page's one
		// address.
		http.Redirect(w, r, PublicPath(n), http.StatusMovedPermanently)
		return
	}
	m.publicRenderReport(w, r, http.StatusOK, nil)
}

func (m *Module) publicRenderReport(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	ctx := r.Context()
	rep, err := m.Service.PublicReport(ctx, r.PathValue("ref"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	events, err := m.Service.PublicEvents(ctx, rep.ID)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d := publicReportPage{Fmt: m.publicFmt(r), Report: rep, Events: events, Map: m.publicMapConfig(ctx),
		Supported: publicSupported(r, rep.Ref)}
	if len(rep.Answers) > 0 {
		cat, err := m.Service.CategoryByID(ctx, rep.CategoryID)
		if err != nil {
			m.site.Error(w, r, err)
			return
		}
		d.Answers = cat.AnswerList(rep.Answers, web.Lang(r))
	}
	m.site.Render(w, r, status, "reports.public/report", d, form)
}

// publicSupportCookie remembers which reports this browser supported, so
// a second click without an e-mail address does not count twice.
const publicSupportCookie = "rathaus_supported"

// publicSupportMemory bounds the references the cookie keeps.
const publicSupportMemory = 40

func publicSupported(r *http.Request, ref string) bool {
	c, err := r.Cookie(publicSupportCookie)
	if err != nil {
		return false
	}
	for _, s := range strings.Split(c.Value, ".") {
		if s == ref {
			return true
		}
	}
	return false
}

func (m *Module) publicRememberSupport(w http.ResponseWriter, r *http.Request, ref string) {
	var refs []string
	if c, err := r.Cookie(publicSupportCookie); err == nil {
		for _, s := range strings.Split(c.Value, ".") {
			if NormalizeRef(s) == s && s != ref {
				refs = append(refs, s)
			}
		}
	}
	refs = append(refs, ref)
	if len(refs) > publicSupportMemory {
		refs = refs[len(refs)-publicSupportMemory:]
	}
	http.SetCookie(w, &http.Cookie{Name: publicSupportCookie, Value: strings.Join(refs, "."), Path: "/reports",
		MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: m.publicSecure(r), SameSite: http.SameSiteLaxMode})
}

// publicSupport counts "betrifft mich auch"; with an e-mail address it
// also asks to follow the report (double opt-in).
func (m *Module) publicSupport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rep, err := m.Service.PublicReport(ctx, r.PathValue("ref"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostFormValue("support_email"))
	if email == "" && publicSupported(r, rep.Ref) {
		m.site.Flash(w, r, "reports.public.support.already")
		web.Redirect(w, r, PublicPath(rep.Ref))
		return
	}
	if err := m.Service.Support(ctx, rep.ID, email, web.Lang(r)); err != nil {
		m.publicReportFormError(w, r, publicRenameField(err, FieldEmail, "support_email"))
		return
	}
	m.publicRememberSupport(w, r, rep.Ref)
	if email != "" {
		m.site.Flash(w, r, "reports.public.support.thanks_mail")
	} else {
		m.site.Flash(w, r, "reports.public.support.thanks")
	}
	web.Redirect(w, r, PublicPath(rep.Ref))
}

// publicSubscribe asks to follow the report by e-mail.
func (m *Module) publicSubscribe(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rep, err := m.Service.PublicReport(ctx, r.PathValue("ref"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	if err := m.Service.Subscribe(ctx, rep.ID, r.PostFormValue("subscribe_email"), web.Lang(r)); err != nil {
		m.publicReportFormError(w, r, publicRenameField(err, FieldEmail, "subscribe_email"))
		return
	}
	m.site.Flash(w, r, "reports.public.subscribe.sent")
	web.Redirect(w, r, PublicPath(rep.Ref))
}

// publicReportFormError shows the report page again with the error next
// to the form that caused it.
func (m *Module) publicReportFormError(w http.ResponseWriter, r *http.Request, err error) {
	status, ok := publicFormStatus(err)
	if !ok {
		m.site.Error(w, r, err)
		return
	}
	form := web.FormFrom(r)
	form.SetErrors(err)
	m.publicRenderReport(w, r, status, form)
}
