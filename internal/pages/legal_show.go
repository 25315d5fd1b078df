package pages

import (
	"context"
	"html/template"
	"net/http"
	"net/url"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// legalView is what the public page shows.
type legalView struct {
	Slug  string
	Title string
	Body  template.HTML
	// ContentLang is set when the text is in another language than the
	// page, so screen readers switch their voice (WCAG 3.1.2).
	ContentLang string
	Updated     string
	Feedback    bool
}

func (m *Module) show(slug string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form := web.NewForm(nil)
		if slug == Accessibility {
			if p := refererPage(r); p != "" {
				form.Values.Set("page", p)
			}
		}
		m.renderLegal(w, r, http.StatusOK, slug, form)
	}
}

func (m *Module) renderLegal(w http.ResponseWriter, r *http.Request, status int, slug string, form *web.Form) {
	v, err := m.legal(r.Context(), slug, web.Lang(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	m.site.Render(w, r, status, "pages/legal", v, form)
}

// legal finds the text to show: the town's text in lang, else the town's
// text in the first language, else the built-in text in lang.
func (m *Module) legal(ctx context.Context, slug, lang string) (legalView, error) {
	v := legalView{Slug: slug, Feedback: slug == Accessibility}
	t, ok, err := m.StoredText(ctx, slug, lang)
	if err != nil {
		return v, err
	}
	if first := i18n.Languages[0]; !ok && lang != first {
		t, ok, err = m.StoredText(ctx, slug, first)
		if err != nil {
			return v, err
		}
		if ok {
			v.ContentLang = first
		}
	}
	if !ok {
		t = m.defaultText(ctx, slug, lang)
	}
	v.Title, v.Body = t.Title, RenderText(t.Body)
	v.Updated = formatDate(lang, t.UpdatedAt)
	return v, nil
}

// refererPage returns the local page the visitor came from, so the feedback
// form can name the page with the barrier without the visitor typing it.
func refererPage(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || u.Path == "" || u.Path == "/"+Accessibility {
		return ""
	}
	u.Scheme, u.Host, u.User, u.Fragment = "", "", nil, ""
	return u.String()
}
