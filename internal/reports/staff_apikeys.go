package reports

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffAPIKeysView lists the Open311 clients; NewKey is the raw key of the
// client just made, shown this once.
type staffAPIKeysView struct {
	staffFmt
	Clients []APIClient
	NewName string
	NewKey  string
}

func (m *Module) staffRenderAPIKeys(w http.ResponseWriter, r *http.Request, status int, v staffAPIKeysView, form *web.Form) {
	clients, err := m.Service.APIClients(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	v.staffFmt = m.staffFmt(r)
	v.Clients = clients
	m.site.Render(w, r, status, "reports.staff/apikeys", v, form)
}

func (m *Module) staffAPIKeys(w http.ResponseWriter, r *http.Request) {
	m.staffRenderAPIKeys(w, r, http.StatusOK, staffAPIKeysView{}, nil)
}

// staffAPIKeyCreate makes a client and shows its key in the answer itself
// rather than after a redirect: the key exists in clear only in this
// response (no-store) and is never stored or put in a cookie.
func (m *Module) staffAPIKeyCreate(w http.ResponseWriter, r *http.Request) {
	c, key, err := m.Service.CreateAPIClient(r.Context(), r.PostFormValue("name"), staffActor(r))
	if status, ok := web.FormStatus(err); ok {
		form := web.FormFrom(r)
		form.SetErrors(errs.OnField("name", err))
		m.staffRenderAPIKeys(w, r, status, staffAPIKeysView{}, form)
		return
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.staffRenderAPIKeys(w, r, http.StatusOK, staffAPIKeysView{NewName: c.Name, NewKey: key}, nil)
}

func (m *Module) staffAPIKeyRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err == nil {
		err = m.Service.RevokeAPIClient(r.Context(), id, staffActor(r))
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Flash(w, r, "reports.staff.apikeys.revoked")
	web.Redirect(w, r, "/admin/reports/apikeys")
}
