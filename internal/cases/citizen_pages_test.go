package cases_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestMyListsOwnCasesNewestFirstWithWhatNeedsAttention(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		older, _ := town.intake(&town.owner)
		newer, _ := town.intake(&town.owner)
		theirs, _ := town.intake(&town.other)
		if err := town.svc.SendMessage(ctx, older.ID, "Bitte melden Sie sich.", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		if err := town.svc.RequestDocument(ctx, older.ID, "Impfpass", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		if err := town.svc.SetStatus(ctx, newer.ID, cases.StatusChange{Status: "pruefung"}, town.staffActor()); err != nil {
			t.Fatal(err)
		}
		cl := town.client(&town.owner)
		r := cl.Get("/my")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET /my: %d", r.StatusCode)
		}
		mustContain(t, "Mein Rathaus", r.Body, "Mein Rathaus", older.Reference, newer.Reference, "In Prüfung", "Eingegangen",
			"1 neue Nachricht", "1 Unterlage angefordert", "Bitte reichen Sie die angeforderten Unterlagen ein.",
			`href="/my"`)
		mustNotContain(t, "Mein Rathaus", r.Body, theirs.Reference)
		if strings.Index(r.Body, newer.Reference) > strings.Index(r.Body, older.Reference) {
			t.Error("the newer case should come first")
		}
		// Reading the case page reads the message.
		cl.Get("/my/cases/" + older.Reference)
		mustNotContain(t, "Mein Rathaus after reading", cl.Get("/my").Body, "neue Nachricht")

		en := cl.Get("/my?lang=en").Body
		mustContain(t, "My town hall", en, "My town hall", "Being checked", "1 document requested")

		empty := town.client(&town.admin).Get("/my")
		mustContain(t, "an admin's Mein Rathaus", empty.Body, "Sie haben noch keinen Antrag online gestellt.")
	})
}

func TestCasePageShowsTimelineAnswersAndFilesButNoInternalNote(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		c, _ := town.intake(&town.owner)
		town.clock.Advance(time.Hour)
		if err := town.svc.SetStatus(ctx, c.ID, cases.StatusChange{Status: "pruefung",
			PublicNote: "Wir prüfen Ihre Angaben.", InternalNote: "GEHEIM: Nachbar hat sich beschwert"}, town.staffActor()); err != nil {
			t.Fatal(err)
		}
		if err := town.svc.Pause(ctx, c.ID, "Wir warten auf den Impfpass.", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		// Claiming is the department's own business.
		if err := town.svc.Claim(ctx, c.ID, town.staffActor()); err != nil {
			t.Fatal(err)
		}
		cl := town.client(&town.owner)
		r := cl.Get("/my/cases/" + c.Reference)
		mustContain(t, "case page", r.Body, "Hund anmelden", c.Reference, "In Prüfung",
			"Antrag eingegangen", "Neuer Stand: In Prüfung", "Wir prüfen Ihre Angaben.", "Bearbeitung angehalten",
			"Die Bearbeitung ruht: Wir warten auf den Impfpass.",
			"Große Straße 12a, 12345 Musterstadt", "Bärbel", "120,00 €", "Impfpass Bärbel.pdf",
			"/my/cases/"+c.Reference+"/receipt.pdf", `<ol class="timeline">`)
		mustNotContain(t, "case page", r.Body, "GEHEIM", "Nachbar hat sich beschwert", ": Bearbeitung<", town.staff.Name)
		if i, j := strings.Index(r.Body, "Antrag eingegangen"), strings.Index(r.Body, "Neuer Stand: In Prüfung"); i > j {
			t.Error("timeline is not oldest first")
		}
		en := cl.Get("/my/cases/" + c.Reference + "?lang=en").Body
		mustContain(t, "English case page", en, "Register a dog", "Dog tax per year", "Being checked", "History")

		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		f := cl.Get(fmt.Sprintf("/my/cases/%s/files/%d", c.Reference, view.Documents[0].ID))
		if f.StatusCode != http.StatusOK || !strings.HasPrefix(f.Body, "%PDF-") ||
			f.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("file: %d %q %q", f.StatusCode, f.Header.Get("Content-Type"), f.Header.Get("Content-Disposition"))
		}
	})
}

func TestGuestLinkOpensTheSamePage(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		c, token := town.intake(nil)
		if token == "" {
			t.Fatal("a guest's case has no token")
		}
		if err := town.svc.SendMessage(ctx, c.ID, "Hallo aus dem Bürgerbüro", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		if err := town.svc.RequestDocument(ctx, c.ID, "Impfpass", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		// Anyone with the link gets in, signed in or not.
		for _, cl := range []*testkit.Client{town.client(nil), town.client(&town.other)} {
			base := "/case/" + token
			r := cl.Get(base)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET guest page: %d", r.StatusCode)
			}
			mustContain(t, "guest page", r.Body, c.Reference, "Gast Gastmann", "Hallo aus dem Bürgerbüro",
				"sehen nur Sie", `action="`+base+`/messages"`, fmt.Sprintf(`action="%s/documents/%d"`, base, view.Requests[0].ID),
				base+"/receipt.pdf", "noindex")
			mustNotContain(t, "guest page", r.Body, "Zurück zu")
			if f := cl.Get(fmt.Sprintf("%s/files/%d", base, view.Documents[0].ID)); f.StatusCode != http.StatusOK {
				t.Errorf("guest file: %d", f.StatusCode)
			}
			if p := cl.Get(base + "/receipt.pdf"); p.StatusCode != http.StatusOK || p.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("guest receipt: %d %s", p.StatusCode, p.Header.Get("Content-Type"))
			}
		}
		cl := town.client(nil)
		if r := cl.Post("/case/"+token+"/messages", url.Values{"body": {"Antwort vom Gast"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("guest message: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		// A wrong token, or the case's reference in its place, is not found.
		for _, bad := range []string{token[:len(token)-1] + "x", c.Reference, "x"} {
			for _, path := range []string{"/case/" + bad, "/case/" + bad + "/receipt.pdf",
				fmt.Sprintf("/case/%s/files/%d", bad, view.Documents[0].ID)} {
				if r := cl.Get(path); r.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
				}
			}
			if r := cl.Post("/case/"+bad+"/messages", url.Values{"body": {"Hallo"}}); r.StatusCode != http.StatusNotFound {
				t.Errorf("POST message with a wrong token: %d, want 404", r.StatusCode)
			}
		}
		got, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if n := len(got.Messages); n != 2 || got.Messages[1].Body != "Antwort vom Gast" || got.Messages[1].FromStaff {
			t.Errorf("messages after the guest's answer: %+v", got.Messages)
		}
	})
}

func TestErasedCaseSaysThePersonalDataIsDeleted(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		c, _ := town.intake(&town.owner)
		g, token := town.intake(nil)
		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{c.ID, g.ID} {
			if err := town.svc.SetStatus(ctx, id, cases.StatusChange{Status: "angemeldet", PublicNote: "Ihr Hund ist angemeldet."}, town.staffActor()); err != nil {
				t.Fatal(err)
			}
			if err := town.svc.Erase(ctx, id, cases.SystemActor); err != nil {
				t.Fatal(err)
			}
		}
		cl := town.client(&town.owner)
		for _, path := range []string{"/my/cases/" + c.Reference, "/case/" + token} {
			r := cl.Get(path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, r.StatusCode)
			}
			mustContain(t, "erased case", r.Body, "Persönliche Daten gelöscht", "02.03.2026", "Hund angemeldet")
			mustNotContain(t, "erased case", r.Body, "Bärbel", "Große Straße", "Impfpass", "receipt.pdf", `name="body"`)
		}
		mustContain(t, "Mein Rathaus", cl.Get("/my").Body, "Ihre persönlichen Daten wurden gelöscht.")
		if r := cl.Get(fmt.Sprintf("/my/cases/%s/files/%d", c.Reference, view.Documents[0].ID)); r.StatusCode != http.StatusNotFound {
			t.Errorf("file of an erased case: %d", r.StatusCode)
		}
		if r := cl.Post("/my/cases/"+c.Reference+"/messages", url.Values{"body": {"Hallo?"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("message to an erased case: %d, want 409", r.StatusCode)
		}
		p := cl.Get("/my/cases/" + c.Reference + "/receipt.pdf")
		text := words(pdfText(t, []byte(p.Body)))
		mustContain(t, "receipt of an erased case", text, c.Reference, "PersönlicheDatengelöscht")
		mustNotContain(t, "receipt of an erased case", text, "Bärbel", "JürgenWeiß")
	})
}
