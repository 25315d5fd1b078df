package cases

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/web"
)

// message sends the citizen's answer to the department.
func (p *citizenPages) message(w http.ResponseWriter, r *http.Request) {
	form := web.FormFrom(r)
	c, err := p.svc.CitizenMessage(r.Context(), p.viewer(r), r.PostFormValue("body"))
	if err != nil {
		p.formError(w, r, form, err)
		return
	}
	p.redirect(w, r, c, "cases.citizen.messages.sent")
}
