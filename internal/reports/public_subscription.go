package reports

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicSubscriptionPage shows the button that confirms or ends a
// subscription; action is "confirm" or "end".
func (m *Module) publicSubscriptionPage(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		publicPrivateHeaders(w)
		m.site.Render(w, r, http.StatusOK, "reports.public/subscription", struct {
			Action, Token string
		}{action, r.PathValue("token")}, nil)
	}
}

func (m *Module) publicSubscriptionConfirm(w http.ResponseWriter, r *http.Request) {
	ref, err := m.Service.ConfirmSubscription(r.Context(), r.PathValue("token"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "reports.public.subscription.confirmed")
	web.Redirect(w, r, PublicPath(ref))
}

func (m *Module) publicSubscriptionEnd(w http.ResponseWriter, r *http.Request) {
	ref, err := m.Service.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "reports.public.subscription.ended")
	web.Redirect(w, r, PublicPath(ref))
}
