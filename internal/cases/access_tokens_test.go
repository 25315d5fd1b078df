package cases_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// guestLinkRe finds a guest's private link in a mail of the domain tests.
var guestLinkRe = regexp.MustCompile(`https://rathaus\.example/case/([A-Za-z0-9_-]{43})\n`)

// TestGuestMailsCarryTheirOwnPrivateLink: every mail about a guest's case
// (status, message, document request, pause, decision) holds a new
// absolute private link that opens the case; the confirmation's link keeps
// working; only hashes are stored; each issue is in the audit log; after
// retention's erasure the links show that the data is deleted.
func TestGuestMailsCarryTheirOwnPrivateLink(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		c, first := env.intake(t, dogIntake("Anna", "anna@example.org"))
		decision := env.put(t, testPDF("Bescheid"))
		for name, act := range map[string]func() error{
			"status": func() error {
				return env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking"}, env.staffO)
			},
			"message": func() error { return env.svc.SendMessage(env.ctx, c.ID, "Bitte rufen Sie uns an.", env.staffO) },
			"request": func() error { return env.svc.RequestDocument(env.ctx, c.ID, "Impfpass", env.staffO) },
			"pause":   func() error { return env.svc.Pause(env.ctx, c.ID, "Wir warten.", env.staffO) },
			"decision": func() error {
				return env.svc.AttachDecision(env.ctx, c.ID, cases.DecisionFile{Name: "Bescheid.pdf",
					ContentType: "application/pdf", Size: decision.Size, Blob: decision.Key}, env.staffO)
			},
		} {
			if err := act(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		mails := env.mails(t)
		if len(mails) != 6 {
			t.Fatalf("%d mails, want the confirmation and 5 more", len(mails))
		}
		seen := map[string]bool{first: true}
		var tokens []string
		for _, m := range mails[1:] {
			if strings.Contains(m.Text, "Eingangsbestätigung") {
				t.Errorf("%q still sends the guest to the confirmation:\n%s", m.Subject, m.Text)
			}
			found := guestLinkRe.FindStringSubmatch(m.Text)
			if found == nil {
				t.Errorf("no private link in %q:\n%s", m.Subject, m.Text)
				continue
			}
			if seen[found[1]] {
				t.Errorf("%q repeats a link", m.Subject)
			}
			seen[found[1]] = true
			tokens = append(tokens, found[1])
		}
		for _, tok := range append([]string{first}, tokens...) {
			d, err := env.svc.CitizenView(env.ctx, cases.Viewer{Token: tok})
			if err != nil || d.ID != c.ID || d.ApplicantName != "Anna" {
				t.Errorf("link %s… opens case %d (%v), want %d", tok[:6], d.ID, err, c.ID)
			}
		}
		if _, err := env.svc.CitizenView(env.ctx, cases.Viewer{Token: auth.NewToken()}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("unknown link: %v, want not found", err)
		}

		count := func(query string, args ...any) int {
			t.Helper()
			var n int
			if err := env.db.QueryRow(env.ctx, query, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, tok := range tokens {
			if n := count("SELECT COUNT(*) FROM case_access_tokens WHERE hash = ? AND case_id = ?", auth.HashToken(tok), c.ID); n != 1 {
				t.Errorf("hash of a mailed link stored %d times", n)
			}
			if n := count("SELECT COUNT(*) FROM case_access_tokens WHERE hash = ?", tok); n != 0 {
				t.Error("a link is stored in clear")
			}
		}
		if n := count(`SELECT COUNT(*) FROM audit_log WHERE action = 'case.guest_link' AND object_id = ? AND actor_id = ?`,
			itoa(c.ID), env.staffO.UserID); n != len(tokens) {
			t.Errorf("%d audit entries for %d links issued by the staff member", n, len(tokens))
		}
		if n := count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", "%"+tokens[0]+"%"); n != 0 {
			t.Error("the audit log holds a link")
		}

		// Retention erases the personal data; every link then shows that
		// (no 404, like the confirmation's), and no more are issued.
		if err := env.svc.Erase(env.ctx, c.ID, cases.SystemActor); err != nil {
			t.Fatal(err)
		}
		for _, tok := range append([]string{first}, tokens...) {
			d, err := env.svc.CitizenView(env.ctx, cases.Viewer{Token: tok})
			if err != nil || !d.Erased() || d.ApplicantName != "" || len(d.Messages) != 0 {
				t.Errorf("link after erasure: erased %v, name %q (%v)", d.Erased(), d.ApplicantName, err)
			}
		}
		before := count("SELECT COUNT(*) FROM case_access_tokens")
		if err := env.svc.SendMessage(env.ctx, c.ID, "Noch da?", env.staffO); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("message to an erased case: %v", err)
		}
		if after := count("SELECT COUNT(*) FROM case_access_tokens"); after != before {
			t.Errorf("links issued for an erased case: %d → %d", before, after)
		}
	})
}

// TestOnlyMailedGuestsGetNewLinks: accounts read their case under "Mein
// Rathaus", and a guest without an e-mail address gets no mail, so neither
// gets a private link.
func TestOnlyMailedGuestsGetNewLinks(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		in := dogIntake("Clara", "clara@example.org")
		in.AccountID = env.citizen
		own, _ := env.intake(t, in)
		silent, _ := env.intake(t, dogIntake("Gustav", ""))
		for _, id := range []int64{own.ID, silent.ID} {
			if err := env.svc.SetStatus(env.ctx, id, cases.StatusChange{Status: "checking"}, env.staffO); err != nil {
				t.Fatal(err)
			}
		}
		m := env.mails(t)
		last := m[len(m)-1]
		if last.To != "clara@example.org" || !strings.Contains(last.Text, "https://rathaus.example/my/cases/"+own.Reference) ||
			strings.Contains(last.Text, "/case/") {
			t.Errorf("account's status mail:\n%s", last.Text)
		}
		var n int
		if err := env.db.QueryRow(env.ctx, "SELECT COUNT(*) FROM case_access_tokens").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d links issued (%v), want none", n, err)
		}
	})
}
