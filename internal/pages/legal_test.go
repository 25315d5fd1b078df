package pages_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestLegalPagesShowDefaultsPerLanguage(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.as(t, "")
		tests := []struct {
			path string
			want []string
		}{
			{"/impressum?lang=de", []string{"<h1>Impressum</h1>", "Digitale-Dienste-Gesetz", "<h2>Kontakt</h2>", "[Name der Stadt]"}},
			{"/impressum?lang=en", []string{"<h1>Legal notice</h1>", "Digital Services Act", "[name of the town]"}},
			{"/datenschutz?lang=de", []string{"<h1>Datenschutzerklärung</h1>", "Artikel 13", "Artikel 77 DSGVO"}},
			{"/datenschutz?lang=en", []string{"<h1>Privacy policy</h1>", "Article 77 GDPR"}},
			{"/barrierefreiheit?lang=de", []string{"<h1>Erklärung zur Barrierefreiheit</h1>",
				"<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>", "<h2>Nicht barrierefreie Inhalte</h2>",
				"<h2>Erstellung dieser Erklärung</h2>", "<h2>Feedback und Kontakt</h2>", "<h2>Schlichtungsverfahren</h2>",
				`<a href="https://www.schlichtungsstelle-bgg.de">`, `action="/barrierefreiheit/feedback"`, `name="csrf_token"`}},
			{"/barrierefreiheit?lang=en", []string{"<h1>Accessibility statement</h1>", "<h2>Conciliation procedure</h2>", "Report a barrier"}},
		}
		for _, tt := range tests {
			r := c.Get(tt.path)
			wantStatus(t, r, http.StatusOK)
			wantContains(t, r, tt.want...)
		}
	})
}

func TestAdminEditsLegalPage(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		admin := tw.as(t, tw.admin.Email)

		r := admin.Get("/admin/pages/impressum")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, "Digitale-Dienste-Gesetz", `name="title_en"`)

		r = admin.Post("/admin/pages/impressum", url.Values{
			"title_de": {"Impressum der Stadt"},
			"body_de":  {"## Kontakt\n\n<script>alert(1)</script>\nE-Mail: rathaus@town.example"},
			"title_en": {"Legal notice of the town"},
			"body_en":  {"English <b>text</b>"},
		})
		wantRedirect(t, r, "/admin/pages/impressum")
		if n := auditCount(t, tw.srv, "page.update", "page", "impressum"); n != 1 {
			t.Errorf("audit entries page.update = %d, want 1", n)
		}

		public := tw.as(t, "")
		r = public.Get("/impressum?lang=de")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, "<h1>Impressum der Stadt</h1>", "<h2>Kontakt</h2>", "&lt;script&gt;alert(1)&lt;/script&gt;",
			`<a href="mailto:rathaus@town.example">`, "Stand:")
		wantLacks(t, r, "<script>alert(1)", "Digitale-Dienste-Gesetz")

		r = public.Get("/impressum?lang=en")
		wantContains(t, r, "<h1>Legal notice of the town</h1>", "English &lt;b&gt;text&lt;/b&gt;")
		wantLacks(t, r, "<b>text</b>", "Impressum der Stadt")

		// Without an English text, English readers get the German one,
		// marked as German for screen readers.
		r = admin.Post("/admin/pages/impressum", url.Values{
			"title_de": {"Impressum der Stadt"}, "body_de": {"Neuer Text"}, "title_en": {""}, "body_en": {""},
		})
		wantRedirect(t, r, "/admin/pages/impressum")
		r = public.Get("/impressum?lang=en")
		wantContains(t, r, `<h1 lang="de">Impressum der Stadt</h1>`, "This page is only available in German.", "Neuer Text")
		wantLacks(t, r, "Legal notice of the town")
	})
}

func TestEditLegalPageRejectsMissingFieldsAndKeepsInput(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		admin := tw.as(t, tw.admin.Email)
		tests := []struct {
			name      string
			form      url.Values
			wantError string
			kept      string
		}{
			{"german title missing", url.Values{"title_de": {""}, "body_de": {"Text <i>bleibt</i>"}},
				`id="f-title_de-error"`, "Text &lt;i&gt;bleibt&lt;/i&gt;"},
			{"english body missing when title given", url.Values{"title_de": {"T"}, "body_de": {"B"}, "title_en": {"Only a title"}},
				`id="f-body_en-error"`, `value="Only a title"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := admin.Post("/admin/pages/datenschutz", tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, tt.kept, `class="error-summary"`)
			})
		}
		r := tw.as(t, "").Get("/datenschutz?lang=de")
		wantContains(t, r, "Artikel 13")
	})
}

func TestLegalAdminPagesNeedAnAdmin(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		citizen := tw.as(t, tw.citizen.Email)
		for _, path := range []string{"/admin/pages/impressum", "/admin/feedback", "/admin/settings"} {
			wantStatus(t, citizen.Get(path), http.StatusForbidden)
			r := tw.as(t, "").Get(path)
			wantRedirect(t, r, "/login?next="+url.QueryEscape(path))
		}
		wantStatus(t, citizen.Post("/admin/pages/impressum", url.Values{"title_de": {"x"}, "body_de": {"y"}}), http.StatusForbidden)
		wantStatus(t, tw.as(t, tw.admin.Email).Get("/admin/pages/agb"), http.StatusNotFound)
	})
}
