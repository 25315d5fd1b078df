package cases_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// feeIntake is the owner's dog registration whose tax the form calculated.
func (town *citizenTown) feeIntake(computed bool) cases.Case {
	town.t.Helper()
	in := cases.Intake{FormID: "hund", FormVersion: 1, Service: "hund-anmelden", Department: town.dept.Slug,
		Title: cases.Text{"de": "Hund anmelden", "en": "Register a dog"}, AccountID: town.owner.ID,
		Name: town.owner.Name, Email: town.owner.Email, Lang: "de",
		Answers: map[string]any{"name": town.owner.Name, "tax": "120.00"}, Summary: demoSummary(town.owner.Name), Statuses: demoStatuses}
	for lang, lines := range in.Summary {
		for i := range lines {
			lines[i].Computed = computed && lines[i].Path == "tax"
		}
		in.Summary[lang] = lines
	}
	c, _, err := town.svc.Intake(town.srv.Ctx(), in)
	if err != nil {
		town.t.Fatal(err)
	}
	return c
}

func TestApprovedCaseSaysWhenTheCalculatedFeeIsPaid(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, true)
		ctx, staff := town.srv.Ctx(), town.staffActor()
		const feeDE = "Hundesteuer pro Jahr: 120,00 €. Diesen Betrag zahlen Sie nach Erhalt des Bescheids; wie, steht im Bescheid."
		const feeEN = "Dog tax per year: €120.00. You pay this amount once you have received the decision; the decision says how."
		fee, typed := town.feeIntake(true), town.feeIntake(false)
		page := func(c cases.Case, query string) string {
			r := town.client(&town.owner).Get(cases.CitizenPath(c.Reference) + query)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("case page: %d", r.StatusCode)
			}
			return r.Body
		}
		mustNotContain(t, "open case", page(fee, ""), "Diesen Betrag zahlen Sie")

		for _, c := range []cases.Case{fee, typed} {
			if err := town.svc.SetStatus(ctx, c.ID, cases.StatusChange{Status: "angemeldet", PublicNote: "Bello ist angemeldet."}, staff); err != nil {
				t.Fatal(err)
			}
		}
		var feeMail, typedMail string
		for _, m := range town.mailsTo(town.owner.Email) {
			switch {
			case strings.Contains(m.Subject(), fee.Reference+": Hund angemeldet"):
				feeMail = m.Text()
			case strings.Contains(m.Subject(), typed.Reference+": Hund angemeldet"):
				typedMail = m.Text()
			}
		}
		mustContain(t, "approval mail", feeMail, feeDE)
		// A money answer the citizen typed is no fee the town set.
		if typedMail == "" || strings.Contains(typedMail, "Diesen Betrag") {
			t.Errorf("mail of a case without calculated fee:\n%s", typedMail)
		}
		mustContain(t, "approved case page", page(fee, ""), feeDE)
		mustContain(t, "approved case page in English", page(fee, "?lang=en"), feeEN)
		mustNotContain(t, "case page without calculated fee", page(typed, ""), "Diesen Betrag zahlen Sie")
	})
}

func TestClosedCasePointsToTheDecisionOnItsOwnPage(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx, staff := town.srv.Ctx(), town.staffActor()
		c, _ := town.intake(&town.owner)
		obj, err := town.srv.App.Blobs.Put(ctx, bytes.NewReader(testPDF("Bescheid")), blob.PutOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := town.svc.AttachDecision(ctx, c.ID, cases.DecisionFile{Name: "Bescheid.pdf", ContentType: obj.ContentType,
			Size: obj.Size, Blob: obj.Key}, staff); err != nil {
			t.Fatal(err)
		}
		if err := town.svc.SetStatus(ctx, c.ID, cases.StatusChange{Status: "angemeldet", PublicNote: "Fertig."}, staff); err != nil {
			t.Fatal(err)
		}
		cl := town.client(&town.owner)
		p := cl.Get(cases.CitizenPath(c.Reference)).Body
		mustContain(t, "case page", p, "Den Bescheid finden Sie weiter unten auf dieser Seite.",
			`<a href="#case-decision">Zum Bescheid</a>`, `id="case-decision"`)
		mustNotContain(t, "case page", p, "auf der Seite des Antrags")
		// The list is another page: there the case's page is right.
		mustContain(t, "Mein Rathaus", cl.Get("/my").Body, "Den Bescheid finden Sie auf der Seite des Antrags.")
	})
}
