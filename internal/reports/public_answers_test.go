package reports_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestAnswersShowToStaffAndPublicOnesToEveryone(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		ctx := o.srv.Ctx()

		// The admin marks one question public on the category form; the
		// other (free text, where people write anything) stays internal.
		form := staffCategoryForm(o.deptA.ID)
		form.Set("attr_rows", "3")
		form.Set("attr-0-public", "on")
		form.Set("attr-1-code", "hinweis")
		form.Set("attr-1-datatype", "text")
		form.Set("attr-1-description_de", "Wer hat es abgeladen?")
		staffWantStatus(t, o.clientAdmin.Post("/admin/reports/categories/new", form), http.StatusSeeOther)
		cat, err := o.svc.Category(ctx, "gruenflaeche")
		if err != nil {
			t.Fatal(err)
		}
		if len(cat.Attributes) != 2 || !cat.Attributes[0].Public || cat.Attributes[1].Public {
			t.Fatalf("stored questions %+v: want the first public, the second not", cat.Attributes)
		}
		edit := o.clientAdmin.Get("/admin/reports/categories/" + strconv.FormatInt(cat.ID, 10))
		staffWantContains(t, edit, `name="attr-0-public" value="on" checked`, "Antwort auf der öffentlichen Seite der Meldung zeigen")
		staffWantLacks(t, edit, `name="attr-1-public" value="on" checked`)

		r := o.report(t, reports.NewReport{CategoryCode: "gruenflaeche",
			Answers: open311.Answers{"art": {"hecke"}, "hinweis": {"Der Nachbar Herr Beispiel"}}})

		pub, err := o.svc.PublicReport(ctx, r.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.Answers) != 1 || pub.Answers["art"][0] != "hecke" {
			t.Errorf("public view's answers %v, want only the public one", pub.Answers)
		}
		for _, lang := range []string{"de", "en"} {
			page := o.clientAnonymous.Get(reports.PublicPath(r.Ref) + "?lang=" + lang)
			staffWantStatus(t, page, http.StatusOK)
			question, answer, heading := "Was ist betroffen?", "Hecke", "Angaben zur Meldung"
			if lang == "en" {
				question, heading = "What is affected?", "Details of the report"
			}
			staffWantContains(t, page, heading, "<dt>"+question+"</dt><dd>"+answer+"</dd>")
			staffWantLacks(t, page, "Wer hat es abgeladen?", "Herr Beispiel")
		}

		staff := o.clientA.Get(staffPath(r.ID, ""))
		staffWantStatus(t, staff, http.StatusOK)
		staffWantContains(t, staff, "<dt>Was ist betroffen?</dt><dd>Hecke</dd>",
			"<dt>Wer hat es abgeladen?</dt><dd>Der Nachbar Herr Beispiel</dd>")

		// Once the question is no longer public, its answers leave the
		// public page.
		cat.Attributes[0].Public = false
		if _, err := o.svc.SaveCategory(ctx, cat, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		staffWantLacks(t, o.clientAnonymous.Get(reports.PublicPath(r.Ref)), "Angaben zur Meldung", "Was ist betroffen?")
	})
}
