package cases_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// waitMail waits for a mail to to whose subject contains subject.
func (town *citizenTown) waitMail(to, subject string) testkit.SMTPMessage {
	town.t.Helper()
	var found testkit.SMTPMessage
	town.eventually(func() bool {
		for _, m := range town.smtp.Messages() {
			if slices.Contains(m.To, to) && strings.Contains(m.Subject(), subject) {
				found = m
				return true
			}
		}
		return false
	}, func() string {
		var got []string
		for _, m := range town.smtp.Messages() {
			got = append(got, strings.Join(m.To, ",")+": "+m.Subject())
		}
		return fmt.Sprintf("no mail to %s about %q; got %q", to, subject, got)
	})
	return found
}

func TestCitizenAnswersAMessageAndTheDepartmentIsMailed(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, true)
		ctx := town.srv.Ctx()
		c, _ := town.intake(&town.owner)
		if err := town.svc.SendMessage(ctx, c.ID, "Ist Bärbel gechippt?", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		cl := town.client(&town.owner)
		page := "/my/cases/" + c.Reference
		r := cl.Get(page)
		mustContain(t, "case page", r.Body, "Ist Bärbel gechippt?", "Von: Bürgerbüro", ">Neu<")
		// No document is requested, so the message form does not point to
		// a section that is not there.
		mustNotContain(t, "case page without requests", r.Body, "„Angeforderte Unterlagen“")
		mustNotContain(t, "case page read again", cl.Get(page).Body, ">Neu<")

		for _, tc := range []struct {
			name, body string
			want       string
		}{
			{"empty", "  \n ", "Bitte schreiben Sie eine Nachricht."},
			{"too long", strings.Repeat("ä", 5001), "Die Nachricht ist zu lang: höchstens 5000 Zeichen."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := cl.Post(page+"/messages", url.Values{"body": {tc.body}})
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", r.StatusCode)
				}
				mustContain(t, "refused message", r.Body, tc.want, `href="#f-body"`, `id="f-body-error"`, `aria-invalid="true"`,
					`aria-labelledby="error-summary-title"`, `<h2 id="error-summary-title">`, "<title>Fehler: Hund anmelden")
				if tc.name == "too long" {
					mustContain(t, "refused message", r.Body, strings.Repeat("ä", 100))
				}
			})
		}

		r = cl.Post(page+"/messages", url.Values{"body": {"Ja, der Chip hat die Nummer 276 0981 2345 678."}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != page {
			t.Fatalf("message: %d to %q\n%s", r.StatusCode, r.Header.Get("Location"), testkit.Excerpt(r.Body))
		}
		after := cl.Get(page).Body
		mustContain(t, "case page after answering", after, "Ihre Nachricht wurde gesendet.", "Von: Ihnen",
			"Ja, der Chip hat die Nummer 276 0981 2345 678.", "Ihre Nachricht")

		m := town.waitMail(town.deptBox, "Neue Nachricht zum Vorgang "+c.Reference)
		mustContain(t, "mail to the department", m.Text(), c.Reference, "/staff/cases/")
		mustNotContain(t, "mail to the department", m.Text(), "276 0981", "Ihre Stadtverwaltung")
		mustContain(t, "mail to the department", m.Text(), "– automatische Nachricht")

		if err := town.svc.RequestDocument(ctx, c.ID, "Impfpass", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "case page with a request", cl.Get(page).Body, "„Angeforderte Unterlagen“")

		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		last := view.Messages[len(view.Messages)-1]
		if last.FromStaff || last.AuthorID != town.owner.ID || view.Messages[0].ReadAt.IsZero() {
			t.Errorf("messages: %+v", view.Messages)
		}
	})
}
