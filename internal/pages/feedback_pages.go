package pages

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) feedbackSubmit(w http.ResponseWriter, r *http.Request) {
	f := Feedback{
		Message: r.PostFormValue("message"),
		Name:    r.PostFormValue("name"),
		Email:   r.PostFormValue("email"),
		Page:    r.PostFormValue("page"),
	}
	f.normalize()
	err := f.Validate()
	if err == nil && !m.throttle.allow(web.ClientIP(r), m.deps.Clock.Now()) {
		err = errs.E(errs.TooMany, "pages.feedback.throttled")
	}
	if err == nil {
		_, err = m.SubmitFeedback(r.Context(), f)
	}
	if err != nil {
		code := errs.CodeOf(err)
		if code != errs.Invalid && code != errs.TooMany {
			m.site.Error(w, r, err)
			return
		}
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.renderLegal(w, r, web.Status(code), Accessibility, form)
		return
	}
	m.site.Flash(w, r, "pages.feedback.thanks")
	web.Redirect(w, r, "/"+Accessibility)
}

// feedbackItem is one feedback as the admin list shows it.
type feedbackItem struct {
	Feedback
	Created, Done string
}

// feedbackListLimit bounds the admin list; feedback is rare, and closed items
// beyond it stay in the database.
const feedbackListLimit = 200

func (m *Module) feedbackList(w http.ResponseWriter, r *http.Request) {
	list, err := m.ListFeedback(r.Context(), feedbackListLimit)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	items := make([]feedbackItem, 0, len(list))
	open := 0
	for _, f := range list {
		items = append(items, feedbackItem{Feedback: f, Created: formatTime(lang, f.CreatedAt), Done: formatTime(lang, f.DoneAt)})
		if f.DoneAt.IsZero() {
			open++
		}
	}
	m.site.Render(w, r, http.StatusOK, "pages/feedback", map[string]any{"Items": items, "Open": open}, nil)
}

func (m *Module) feedbackDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = m.MarkFeedbackDone(r.Context(), id, actorOf(r))
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "pages.feedback.marked_done")
	web.Redirect(w, r, "/admin/feedback")
}
