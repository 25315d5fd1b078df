package catalog_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// serviceForm is a complete, valid admin form for a new service.
func (s *site) serviceForm() url.Values {
	return url.Values{
		"slug": {"gewerbe-anmelden"}, "name_de": {"Gewerbe anmelden"}, "name_en": {"Register a trade"},
		"description_de": {"Wer ein Gewerbe beginnt, meldet es an."}, "description_en": {"Register a new trade."},
		"leika_key": {"99050012104000"}, "audience": {"citizens", "businesses"},
		"department": {strconv.FormatInt(s.ordnung.ID, 10)}, "channels": {"online", "appointment"},
		"form_id": {"gewerbe-anmelden"}, "documents_de": {"Personalausweis\nErlaubnis"},
		"fees_de": {"26 Euro"}, "fee_amount": {"26,00"}, "legal_basis": {"§ 14 GewO"},
		"keywords_de": {"Gewerbeschein, Selbstständigkeit"}, "topics": {strconv.FormatInt(s.tax.ID, 10)},
		"published": {"on"},
	}
}

func TestAdminCreatesAndEditsAService(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		c, u := s.adminClient(t)

		r := c.Get("/admin/services")
		if r.StatusCode != 200 || !strings.Contains(r.Body, "Hund anmelden") || !strings.Contains(r.Body, "Geheimer Entwurf") {
			t.Fatalf("admin list: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		r = c.Post("/admin/services/new", s.serviceForm())
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/services/") {
			t.Fatalf("create: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), testkit.Excerpt(r.Body))
		}
		edit := r.Header.Get("Location")
		page := c.Get(edit)
		for _, want := range []string{"Gespeichert.", `value="gewerbe-anmelden"`, `value="26,00"`, `value="businesses" checked`,
			`value="appointment" checked`, fmt.Sprintf(`value="%d" checked`, s.tax.ID), fmt.Sprintf(`<option value="%d" selected>Ordnungsamt`, s.ordnung.ID)} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("edit page has no %q:\n%s", want, testkit.Excerpt(page.Body))
			}
		}
		var actor int64
		if err := s.srv.App.DB.QueryRow(s.srv.Ctx(), "SELECT actor_id FROM audit_log WHERE action = 'catalog.service.create' AND detail = 'gewerbe-anmelden'").Scan(&actor); err != nil || actor != u.ID {
			t.Errorf("audit of the creation: actor %d, %v; want %d", actor, err, u.ID)
		}
		// Published at once: the search finds it (an admin's pages are
		// never served from the anonymous page cache).
		if r := c.Get("/services?q=Gewerbeanmeldung"); !strings.Contains(r.Body, `href="/services/gewerbe-anmelden"`) {
			t.Errorf("the new service is not found:\n%s", testkit.Excerpt(r.Body))
		}

		f := s.serviceForm()
		f.Set("name_de", "Gewerbe anmelden (Gewerbeanmeldung)")
		f.Del("published")
		if r := c.Post(edit, f); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		if r := c.Get("/services/gewerbe-anmelden"); r.StatusCode != http.StatusNotFound {
			t.Errorf("an unpublished service still has a page: %d", r.StatusCode)
		}
		var detail string
		if err := s.srv.App.DB.QueryRow(s.srv.Ctx(), "SELECT detail FROM audit_log WHERE action = 'catalog.service.update'").Scan(&detail); err != nil ||
			!strings.Contains(detail, "name_de") || !strings.Contains(detail, "published") {
			t.Errorf("audit of the update: %q, %v", detail, err)
		}
	})
}

func TestAdminFormShowsErrorsNextToTheFields(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		c, _ := s.adminClient(t)
		for _, tc := range []struct {
			name   string
			change func(url.Values)
			field  string
			msg    string
		}{
			{"missing name", func(v url.Values) { v.Set("name_de", "") }, "name_de", "Bitte füllen Sie dieses Feld aus."},
			{"LeiKa key too short", func(v url.Values) { v.Set("leika_key", "123") }, "leika_key", "genau 14 Ziffern"},
			{"fee that is no amount", func(v url.Values) { v.Set("fee_amount", "zwölf Euro") }, "fee_amount", "Bitte einen Betrag in Euro angeben"},
			{"no channel", func(v url.Values) { v.Del("channels"); v.Set("form_id", "") }, "channels", "mindestens einen Weg"},
			{"no audience", func(v url.Values) { v.Del("audience") }, "audience", "mindestens eine Zielgruppe"},
			{"unknown department", func(v url.Values) { v.Set("department", "999999") }, "department", "eine der Möglichkeiten"},
			{"department that is no number", func(v url.Values) { v.Set("department", "amt") }, "department", "eine der Möglichkeiten"},
			{"unknown topic", func(v url.Values) { v.Set("topics", "999999") }, "topics", "eine der Möglichkeiten"},
			{"taken slug", func(v url.Values) { v.Set("slug", "hund-anmelden") }, "slug", "schon vergeben"},
			{"unknown channel", func(v url.Values) { v.Add("channels", "brieftaube") }, "channels", "eine der Möglichkeiten"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := s.serviceForm()
				f.Set("legal_basis", "Typed <b>text</b> stays")
				tc.change(f)
				r := c.Post("/admin/services/new", f)
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				errID := `id="f-` + tc.field + `-error"`
				i := strings.Index(r.Body, errID)
				if i < 0 || !strings.Contains(r.Body[i:min(len(r.Body), i+300)], tc.msg) {
					t.Errorf("no %q next to %s:\n%s", tc.msg, tc.field, testkit.Excerpt(r.Body))
				}
				if !strings.Contains(r.Body, `href="#f-`+tc.field+`"`) {
					t.Errorf("the error summary does not link to %s", tc.field)
				}
				if !strings.Contains(r.Body, `value="Typed &lt;b&gt;text&lt;/b&gt; stays"`) {
					t.Errorf("what was typed is not kept")
				}
				if n := count(t, s, "SELECT count(*) FROM catalog_services WHERE slug = 'gewerbe-anmelden'"); n != 0 {
					t.Errorf("a service was stored")
				}
			})
		}
		if r := c.Get("/admin/services/new?lang=en"); r.StatusCode != 200 {
			t.Errorf("new form in English: %d", r.StatusCode)
		}
		noMissingMessages(t, s)
	})
}

func TestAdminAddsAndRenamesTopicsAndLifeSituations(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		c, _ := s.adminClient(t)
		r := c.Post("/admin/services/life", url.Values{"slug": {"umzug"}, "name_de": {"Umzug"}, "name_en": {"Moving house"}, "sort_order": {"5"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		if page := c.Get("/admin/services/life"); !strings.Contains(page.Body, `value="Moving house"`) {
			t.Errorf("the new life situation is not listed:\n%s", testkit.Excerpt(page.Body))
		}
		path := fmt.Sprintf("/admin/services/topics/%d", s.tax.ID)
		r = c.Post(path, url.Values{"slug": {"steuern"}, "name_de": {"Steuern, Gebühren und Abgaben"}, "name_en": {"Taxes"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("rename: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		if page := c.Get("/services/topic/steuern"); !strings.Contains(page.Body, "<h1>Steuern, Gebühren und Abgaben</h1>") {
			t.Errorf("the public topic page keeps the old name:\n%s", testkit.Excerpt(page.Body))
		}

		// Errors belong to the row that was sent, with what was typed.
		r = c.Post(path, url.Values{"slug": {"Steuern!"}, "name_de": {""}, "name_en": {"Typed"}, "sort_order": {"viele"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad rename: %d", r.StatusCode)
		}
		row := fmt.Sprintf("f-t%d-", s.tax.ID)
		for _, want := range []string{`id="` + row + `slug-error"`, `id="` + row + `name_de-error"`, `id="` + row + `sort_order-error"`,
			`href="#` + row + `slug"`, `value="Steuern!"`, `value="Typed"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("no %q in\n%s", want, testkit.Excerpt(r.Body))
			}
		}
		if strings.Contains(r.Body, `id="f-new-slug-error"`) {
			t.Errorf("the add form shows the rename's errors")
		}
		if r := c.Post("/admin/services/topics/999999", url.Values{"slug": {"x"}, "name_de": {"X"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("renaming an unknown topic: %d, want 404", r.StatusCode)
		}
		noMissingMessages(t, s)
	})
}

func count(t *testing.T, s *site, query string) int {
	t.Helper()
	var n int
	if err := s.srv.App.DB.QueryRow(s.srv.Ctx(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
