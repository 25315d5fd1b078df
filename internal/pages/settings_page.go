package pages

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

func (m *Module) settingsForm(w http.ResponseWriter, r *http.Request) {
	s, err := m.Settings(r.Context())
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	form := web.NewForm(nil)
	form.Values.Set("town_name", s.TownName)
	form.Values.Set("state", s.State)
	m.site.Render(w, r, http.StatusOK, "pages/settings", States, form)
}

func (m *Module) settingsSave(w http.ResponseWriter, r *http.Request) {
	s := Settings{TownName: r.PostFormValue("town_name"), State: r.PostFormValue("state")}
	if err := m.SaveSettings(r.Context(), s, actorOf(r)); err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			m.site.Error(w, r, err)
			return
		}
		form := web.FormFrom(r)
		form.SetErrors(err)
		m.site.Render(w, r, http.StatusUnprocessableEntity, "pages/settings", States, form)
		return
	}
	m.site.PurgeCache()
	m.site.Flash(w, r, "pages.settings.saved")
	web.Redirect(w, r, "/admin/settings")
}
