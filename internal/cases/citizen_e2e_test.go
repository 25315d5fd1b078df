package cases_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// linkIn returns the path of the first link to the town hall in a mail
// text that starts with prefix.
func (town *citizenTown) linkIn(text, prefix string) string {
	town.t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(town.srv.URL+prefix) + `\S+`).FindString(text)
	if m == "" {
		town.t.Fatalf("no link to %s in the mail:\n%s", prefix, text)
	}
	return strings.TrimPrefix(m, town.srv.URL)
}

// TestMessagesBothWaysEndToEnd: staff write on their case page, the
// citizen gets a mail over real SMTP, follows its link, reads and answers;
// the department gets a mail and sees the answer on its case page. A guest
// does the same through the private link in the message's mail.
func TestMessagesBothWaysEndToEnd(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, true)
		own, _ := town.intake(&town.owner)
		guest, _ := town.intake(nil)
		staff := town.client(&town.staff)

		for _, tc := range []struct {
			name   string
			id     int64
			ref    string
			to     string
			client *testkit.Client
		}{
			{"account", own.ID, own.Reference, town.owner.Email, town.client(&town.owner)},
			{"guest", guest.ID, guest.Reference, "gast@example.org", town.client(nil)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				question := "Ist der Hund gechippt? (" + tc.name + ")"
				r := staff.Post(fmt.Sprintf("/staff/cases/%d/messages", tc.id), url.Values{"body": {question}})
				if r.StatusCode != http.StatusSeeOther {
					t.Fatalf("staff message: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				mail := town.waitMail(tc.to, "Antrag "+tc.ref+": neue Nachricht der Verwaltung")
				mustNotContain(t, "mail to the citizen", mail.Text(), question)

				prefix := "/my/cases/"
				if tc.name == "guest" {
					prefix = "/case/" // a private link of its own
				}
				page := town.linkIn(mail.Text(), prefix)
				read := tc.client.Get(page)
				if read.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", page, read.StatusCode)
				}
				mustContain(t, "case page", read.Body, question, ">Neu<")

				answer := "Ja, Chipnummer 276098123456789 (" + tc.name + ")"
				if r := tc.client.Post(page+"/messages", url.Values{"body": {answer}}); r.StatusCode != http.StatusSeeOther {
					t.Fatalf("answer: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				dept := town.waitMail(town.deptBox, "Neue Nachricht zum Vorgang "+tc.ref)
				if link := town.linkIn(dept.Text(), "/staff/cases/"); link != fmt.Sprintf("/staff/cases/%d", tc.id) {
					t.Errorf("department mail links to %s", link)
				}
				mustContain(t, "staff case page", staff.Get(fmt.Sprintf("/staff/cases/%d", tc.id)).Body, answer)
			})
		}
	})
}
