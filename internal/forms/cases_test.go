package forms_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var caseRefRe = regexp.MustCompile(`class="ref">([A-Z0-9-]+)<`)

// TestSendCreatesACase sends demo forms through the app's real case
// handling: the confirmation names the case's reference and links to its
// status page and PDF receipt, which open for the applicant.
func TestSendCreatesACase(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		smtp := testkit.NewSMTPServer(t)
		tw := newTown(t, e, testkit.WithSMTP(smtp.URL()))
		tw.srv.App.Forms.Submitter = tw.cases

		t.Run("account", func(t *testing.T) {
			c := tw.client(tw.citizen)
			check := tw.dogForm(c, tw.begin(c, "hund-anmelden"))
			done := location(t, c.Post(strings.TrimSuffix(check, "check")+"send", nil), "send")
			r := c.Get(done)
			m := caseRefRe.FindStringSubmatch(r.Body)
			if m == nil {
				t.Fatalf("no reference on the confirmation:\n%s", testkit.Excerpt(r.Body))
			}
			ref := m[1]
			if strings.ContainsAny(ref, "IO01") {
				t.Errorf("reference %q has confusable characters", ref)
			}
			for _, link := range []string{"/my/cases/" + ref, "/my/cases/" + ref + "/receipt.pdf"} {
				if !strings.Contains(r.Body, `href="`+link+`"`) {
					t.Errorf("confirmation does not link %s", link)
				}
				if got := c.Get(link); got.StatusCode != http.StatusOK {
					t.Errorf("%s: %d for the applicant", link, got.StatusCode)
				}
			}
			if got := tw.client(tw.other).Get("/my/cases/" + ref); got.StatusCode != http.StatusNotFound {
				t.Errorf("another account opens the case: %d", got.StatusCode)
			}
		})

		t.Run("guest", func(t *testing.T) {
			c := tw.client(auth.User{})
			first := tw.begin(c, "alle-felder")
			check := location(t, post(t, c, first, goodAnswers(), ""), "page")
			done := location(t, c.Post(strings.TrimSuffix(check, "check")+"send", nil), "send")
			r := c.Get(done)
			link := regexp.MustCompile(`href="(/case/[^"/]+)"`).FindStringSubmatch(r.Body)
			if link == nil {
				t.Fatalf("no private case link on a guest's confirmation:\n%s", testkit.Excerpt(r.Body))
			}
			if got := tw.client(auth.User{}).Get(link[1]); got.StatusCode != http.StatusOK {
				t.Errorf("the private link %s: %d", link[1], got.StatusCode)
			}
			// The confirmation mail goes to the address the guest gave.
			found := false
			for _, m := range smtp.WaitFor(t, 2, 10*time.Second) {
				found = found || (len(m.To) > 0 && m.To[0] == "erika@example.org")
			}
			if !found {
				t.Error("no confirmation mail to the guest's address")
			}
		})
	})
}
