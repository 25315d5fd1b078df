package reports

import (
	"net/http"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicManagePage is the reporter's private page: the report with their
// own data, reopening, feedback and deleting their data.
type publicManagePage struct {
	Fmt    publicFmt
	Token  string
	Report Report
	Events []Event
	// ReopenUntil is the last moment to reopen a done report; zero when
	// reopening is not possible.
	ReopenUntil time.Time
	// ReopenTooLate says the window after "done" has passed.
	ReopenTooLate bool
	ReopenDays    int
	// Feedback is possible once the report is closed.
	Feedback bool
	// Unreleased counts the reporter's photos staff have not released.
	Unreleased int
}

// ReleasedPhotos are the photos everyone sees.
func (d publicManagePage) ReleasedPhotos() []Photo {
	var out []Photo
	for _, p := range d.Report.Photos {
		if p.Released && p.Key != "" {
			out = append(out, p)
		}
	}
	return out
}

func (m *Module) publicManage(w http.ResponseWriter, r *http.Request) {
	m.publicRenderManage(w, r, http.StatusOK, nil)
}

func (m *Module) publicRenderManage(w http.ResponseWriter, r *http.Request, status int, form *web.Form) {
	token := r.PathValue("token")
	rep, events, err := m.Service.ManagedReport(r.Context(), token)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d := publicManagePage{Fmt: m.publicFmt(r), Token: token, Report: rep, Events: events,
		ReopenDays: m.Service.Options().ReopenDays, Feedback: !rep.Open()}
	if rep.Status == StatusDone && !rep.ClosedAt.IsZero() {
		until := rep.ClosedAt.AddDate(0, 0, d.ReopenDays)
		if d.Fmt.Now.After(until) {
			d.ReopenTooLate = true
		} else {
			d.ReopenUntil = until
		}
	}
	for _, p := range rep.Photos {
		if !p.Released && !p.ByStaff {
			d.Unreleased++
		}
	}
	publicPrivateHeaders(w)
	m.site.Render(w, r, status, "reports.public/manage", d, form)
}

// publicPrivateHeaders keep a page with a secret link in its address out
// of other sites' logs and of search engines.
func publicPrivateHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
}

// publicManageDone finishes a manage action: back to the page with a
// message, or the page again with the error next to the form.
func (m *Module) publicManageDone(w http.ResponseWriter, r *http.Request, err error, flash string) {
	if err != nil {
		status, ok := publicFormStatus(err)
		if !ok {
			m.site.Error(w, r, err)
			return
		}
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.publicRenderManage(w, r, status, form)
		return
	}
	m.site.Flash(w, r, flash)
	web.Redirect(w, r, ManagePath(r.PathValue("token")))
}

func (m *Module) publicReopen(w http.ResponseWriter, r *http.Request) {
	err := m.Service.Reopen(r.Context(), r.PathValue("token"), r.PostFormValue("reason"))
	m.publicManageDone(w, r, err, "reports.public.manage.reopened")
}

func (m *Module) publicFeedback(w http.ResponseWriter, r *http.Request) {
	var fixed bool
	switch r.PostFormValue("fixed") {
	case "yes":
		fixed = true
	case "no":
	default:
		var f errs.Fields
		f.Add("fixed", "field.required")
		m.publicManageDone(w, r, f.Err(), "")
		return
	}
	err := m.Service.Feedback(r.Context(), r.PathValue("token"), fixed, r.PostFormValue("comment"))
	m.publicManageDone(w, r, err, "reports.public.manage.feedback_thanks")
}

// publicDeleteData erases the reporter's personal data; the private link
// stops working, so the browser goes to the public page.
func (m *Module) publicDeleteData(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	if r.PostFormValue("confirm") != "on" {
		var f errs.Fields
		f.Add("confirm", "reports.public.manage.delete.confirm_required")
		m.publicManageDone(w, r, f.Err(), "")
		return
	}
	rep, _, err := m.Service.ManagedReport(ctx, token)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	if err := m.Service.DeletePersonalData(ctx, token); err != nil {
		m.publicManageDone(w, r, err, "")
		return
	}
	m.site.Flash(w, r, "reports.public.manage.deleted")
	target := "/reports"
	if rep.Published {
		target = PublicPath(rep.Ref)
	}
	web.Redirect(w, r, target)
}
