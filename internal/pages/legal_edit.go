package pages

import (
	"net/http"
	"slices"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// editView is what the admin's edit page shows besides the form.
type editView struct {
	Slug  string
	Slugs []string
	// Updated maps a language to when its text was last saved; missing
	// while the built-in text is shown.
	Updated map[string]string
}

func (m *Module) editForm(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !slices.Contains(Slugs, slug) {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	ctx := r.Context()
	form := web.NewForm(nil)
	v := editView{Slug: slug, Slugs: Slugs, Updated: map[string]string{}}
	for _, lang := range i18n.Languages {
		t, ok, err := m.StoredText(ctx, slug, lang)
		if err != nil {
			m.site.Error(w, r, err)
			return
		}
		if ok {
			v.Updated[lang] = formatTime(web.Lang(r), t.UpdatedAt)
		} else {
			t = m.defaultText(ctx, slug, lang)
		}
		form.Values.Set("title_"+lang, t.Title)
		form.Values.Set("body_"+lang, t.Body)
	}
	m.site.Render(w, r, http.StatusOK, "pages/edit", v, form)
}

func (m *Module) editSave(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !slices.Contains(Slugs, slug) {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	ctx := r.Context()
	texts := map[string]Text{}
	for _, lang := range i18n.Languages {
		texts[lang] = Text{Slug: slug, Lang: lang, Title: r.PostFormValue("title_" + lang), Body: r.PostFormValue("body_" + lang)}
	}
	if err := m.SaveTexts(ctx, slug, texts, actorOf(r)); err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			m.site.Error(w, r, err)
			return
		}
		form := web.FormFrom(r)
		form.SetErrors(err)
		v := editView{Slug: slug, Slugs: Slugs, Updated: map[string]string{}}
		m.site.Render(w, r, http.StatusUnprocessableEntity, "pages/edit", v, form)
		return
	}
	m.site.Flash(w, r, "pages.edit.saved")
	web.Redirect(w, r, "/admin/pages/"+slug)
}
