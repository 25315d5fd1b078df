package reports_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// staffCategoryForm is a complete new category with one list question in
// row 0 and row 1 left empty.
func staffCategoryForm(deptID int64) url.Values {
	return url.Values{
		"code": {"gruenflaeche"}, "name_de": {"Grünfläche ungepflegt"}, "name_en": {"Neglected green space"},
		"group_de": {"Grün"}, "group_en": {"Green"}, "description_de": {"Rasen, Beete, Hecken"},
		"department": {strconv.FormatInt(deptID, 10)}, "first_reaction_days": {"2"}, "closure_days": {"10"},
		"notify_department": {"on"}, "active": {"on"}, "sort_order": {"5"}, "keywords": {"Rasen, Hecke, Unkraut"},
		"attr_rows":             {"2"},
		"attr-0-code":           {"art"},
		"attr-0-datatype":       {"singlevaluelist"},
		"attr-0-required":       {"on"},
		"attr-0-description_de": {"Was ist betroffen?"},
		"attr-0-description_en": {"What is affected?"},
		"attr-0-values":         {"rasen | Rasen | Lawn\nhecke | Hecke"},
		"attr-1-datatype":       {"string"},
	}
}

func TestStaffCategoryAdminCreatesAndEditsWithQuestions(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		c := o.clientAdmin
		staffWantStatus(t, c.Get("/admin/reports/categories/new"), http.StatusOK)

		resp := c.Post("/admin/reports/categories/new", staffCategoryForm(o.deptA.ID))
		staffWantStatus(t, resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/admin/reports/categories#c-gruenflaeche" {
			t.Errorf("redirect to %q", loc)
		}
		cat, err := o.svc.Category(o.srv.Ctx(), "gruenflaeche")
		if err != nil {
			t.Fatal(err)
		}
		if cat.Name.EN != "Neglected green space" || cat.DepartmentID != o.deptA.ID || cat.FirstReactionDays != 2 ||
			cat.ClosureDays != 10 || !cat.NotifyDepartment || !cat.Active || cat.SortOrder != 5 || len(cat.Keywords) != 3 {
			t.Errorf("stored category: %+v", cat)
		}
		if len(cat.Attributes) != 1 {
			t.Fatalf("attributes: %+v, want the one filled row", cat.Attributes)
		}
		a := cat.Attributes[0]
		if a.Code != "art" || a.Datatype != open311.DatatypeSingleValueList || !a.Required || a.Order != 1 ||
			len(a.Values) != 2 || a.Values[0] != (reports.AttributeValue{Key: "rasen", Name: reports.Text{DE: "Rasen", EN: "Lawn"}}) ||
			a.Values[1].Name.DE != "Hecke" {
			t.Errorf("stored attribute: %+v", a)
		}
		if n := o.auditCount(t, "report_category.create", "report_category", cat.ID); n != 1 {
			t.Errorf("create audit entries: %d", n)
		}
		list := c.Get("/admin/reports/categories")
		staffWantContains(t, list, "Grünfläche ungepflegt", "<h2 id=\"group-", "Grün", "Ordnungsamt", "2 / 10 Arbeitstage")

		// The edit form shows what is stored, plus an empty question row.
		path := "/admin/reports/categories/" + strconv.FormatInt(cat.ID, 10)
		edit := c.Get(path)
		staffWantStatus(t, edit, http.StatusOK)
		staffWantContains(t, edit, `value="gruenflaeche"`, `name="attr-0-code" value="art"`, "rasen | Rasen | Lawn",
			`name="attr-1-code" value=""`, `name="attr_rows" value="2"`)

		// "Add another question" shows one more row and saves nothing.
		form := staffCategoryForm(o.deptA.ID)
		form.Set("add_attr", "1")
		form.Set("name_de", "Noch nicht gespeichert")
		more := c.Post(path, form)
		staffWantStatus(t, more, http.StatusOK)
		staffWantContains(t, more, `name="attr-2-code"`, `value="Noch nicht gespeichert"`, "Zusatzfrage 3")
		if got, _ := o.svc.CategoryByID(o.srv.Ctx(), cat.ID); got.Name.DE != "Grünfläche ungepflegt" {
			t.Errorf("adding a row saved the category: %q", got.Name.DE)
		}

		// Editing: remove the first question, add a number question in a
		// later row; rows are renumbered.
		form = staffCategoryForm(o.deptB.ID)
		form.Set("attr_rows", "3")
		form.Set("attr-0-remove", "on")
		form.Set("attr-2-code", "flaeche")
		form.Set("attr-2-datatype", "number")
		form.Set("attr-2-description_de", "Wie viele Quadratmeter?")
		form.Set("active", "")
		staffWantStatus(t, c.Post(path, form), http.StatusSeeOther)
		got, err := o.svc.CategoryByID(o.srv.Ctx(), cat.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.DepartmentID != o.deptB.ID || got.Active || len(got.Attributes) != 1 || got.Attributes[0].Code != "flaeche" ||
			got.Attributes[0].Datatype != open311.DatatypeNumber {
			t.Errorf("after edit: department %d, active %v, attributes %+v", got.DepartmentID, got.Active, got.Attributes)
		}
		if n := o.auditCount(t, "report_category.update", "report_category", cat.ID); n != 1 {
			t.Errorf("update audit entries: %d", n)
		}
		staffWantContains(t, c.Get("/admin/reports/categories"), "Deaktiviert")
	})
}

func TestStaffCategoryAdminShowsErrorsAndKeepsInput(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		tests := []struct {
			name   string
			change func(url.Values)
			want   []string
		}{
			{"bad code and no name", func(v url.Values) { v.Set("code", "Grün Fläche"); v.Set("name_de", "") },
				[]string{`id="f-code-error"`, `value="Grün Fläche"`, `id="f-name_de-error"`, "Nur Kleinbuchstaben"}},
			{"code taken", func(v url.Values) { v.Set("code", "muell") }, []string{"Dieses Kürzel hat schon eine andere Kategorie."}},
			{"no department", func(v url.Values) { v.Set("department", "") }, []string{"Bitte wählen Sie den zuständigen Fachbereich."}},
			{"days not a number", func(v url.Values) { v.Set("closure_days", "zehn"); v.Set("code", "") },
				[]string{`id="f-closure_days-error"`, `value="zehn"`, `id="f-code-error"`}},
			{"list question without answers", func(v url.Values) { v.Set("attr-0-values", "") },
				[]string{`id="f-attributes-error"`, "Die Zusatzfrage 1 ist unvollständig", `value="Was ist betroffen?"`}},
			{"question order not a number", func(v url.Values) { v.Set("attr-0-order", "zuerst") },
				[]string{`id="f-attr-0-order-error"`, `value="zuerst"`}},
			{"two questions with one code", func(v url.Values) {
				v.Set("attr-1-code", "art")
				v.Set("attr-1-description_de", "Noch einmal?")
			}, []string{"ist bei den Zusatzfragen doppelt", `value="Noch einmal?"`}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				form := staffCategoryForm(o.deptA.ID)
				tc.change(form)
				resp := o.clientAdmin.Post("/admin/reports/categories/new", form)
				staffWantStatus(t, resp, http.StatusUnprocessableEntity)
				staffWantContains(t, resp, append(tc.want, `class="error-summary"`, `value="Neglected green space"`)...)
			})
		}
		cats, err := o.svc.Categories(o.srv.Ctx(), true)
		if err != nil || len(cats) != 3 {
			t.Errorf("refused forms stored categories: %d (%v)", len(cats), err)
		}
	})
}

func TestStaffCategoryAndKeyAdminIsForAdminsOnly(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		for _, path := range []string{"/admin/reports/categories", "/admin/reports/categories/new",
			"/admin/reports/categories/" + strconv.FormatInt(o.dumping.ID, 10), "/admin/reports/apikeys"} {
			staffWantStatus(t, o.clientA.Get(path), http.StatusForbidden)
			staffWantStatus(t, o.clientAdmin.Get(path), http.StatusOK)
		}
		staffWantStatus(t, o.clientA.Post("/admin/reports/categories/new", staffCategoryForm(o.deptA.ID)), http.StatusForbidden)
		staffWantStatus(t, o.clientA.Post("/admin/reports/apikeys", url.Values{"name": {"Sneaky"}}), http.StatusForbidden)
		staffWantStatus(t, o.clientAdmin.Get("/admin/reports/categories/999999"), http.StatusNotFound)
	})
}

func TestStaffAPIKeyAdminShowsTheKeyOnceAndRevokes(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		c := o.clientAdmin
		resp := c.Post("/admin/reports/apikeys", url.Values{"name": {"Stadtapp"}})
		staffWantStatus(t, resp, http.StatusOK)
		staffWantContains(t, resp, "Zugang „Stadtapp“ ist angelegt", "nur dieses eine Mal")
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("page with the key: Cache-Control %q, want no-store", cc)
		}
		m := staffKeyRe.FindStringSubmatch(resp.Body)
		if m == nil {
			t.Fatalf("no key on the page:\n%s", testkit.Excerpt(resp.Body))
		}
		client, err := o.svc.APIClientByKey(o.srv.Ctx(), m[1])
		if err != nil || client.Name != "Stadtapp" {
			t.Fatalf("the shown key does not work: %+v, %v", client, err)
		}
		list := c.Get("/admin/reports/apikeys")
		staffWantContains(t, list, "Stadtapp", "Aktiv", `Zugang „Stadtapp“ widerrufen`)
		staffWantLacks(t, list, m[1])

		dup := c.Post("/admin/reports/apikeys", url.Values{"name": {"Stadtapp"}})
		staffWantStatus(t, dup, http.StatusUnprocessableEntity)
		staffWantContains(t, dup, `id="f-name-error"`, "Es gibt schon einen Zugang mit diesem Namen.")
		staffWantStatus(t, c.Post("/admin/reports/apikeys", url.Values{"name": {""}}), http.StatusUnprocessableEntity)

		rev := c.Post("/admin/reports/apikeys/"+strconv.FormatInt(client.ID, 10)+"/revoke", nil)
		staffWantStatus(t, rev, http.StatusSeeOther)
		if _, err := o.svc.APIClientByKey(o.srv.Ctx(), m[1]); err == nil {
			t.Error("the revoked key still works")
		}
		staffWantContains(t, c.Get("/admin/reports/apikeys"), "Der Zugang ist widerrufen.", "Widerrufen am")
		if n := o.auditCount(t, "api_client.revoke", "api_client", client.ID); n != 1 {
			t.Errorf("revoke audit entries: %d", n)
		}
		staffWantStatus(t, c.Post("/admin/reports/apikeys/999999/revoke", nil), http.StatusNotFound)
	})
}

var staffKeyRe = regexp.MustCompile(`id="new-key" value="([^"]+)"`)
