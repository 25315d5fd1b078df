package cases_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// eventually polls cond for up to 15 seconds (the outbox worker runs on
// its own) and fails the test with what() when it never holds.
func (town *citizenTown) eventually(cond func() bool, what func() string) {
	town.t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			town.t.Fatal(what())
		}
	}
}

// outboxCount counts the outbox's mails matching where (one argument).
func (town *citizenTown) outboxCount(where string, arg any) int {
	town.t.Helper()
	var n int
	if err := town.srv.App.DB.QueryRow(town.srv.Ctx(), "SELECT COUNT(*) FROM mail_outbox WHERE "+where, arg).Scan(&n); err != nil {
		town.t.Fatal(err)
	}
	return n
}

// mailsTo returns the mails delivered to to once the outbox has sent
// every one it holds for to: the outbox counts what was written, the SMTP
// server shows what the citizen reads.
func (town *citizenTown) mailsTo(to string) []testkit.SMTPMessage {
	town.t.Helper()
	queued := town.outboxCount("recipient = ?", to)
	var got []testkit.SMTPMessage
	town.eventually(func() bool {
		got = nil
		for _, m := range town.smtp.Messages() {
			if slices.Contains(m.To, to) {
				got = append(got, m)
			}
		}
		return len(got) >= queued
	}, func() string { return fmt.Sprintf("%d of %d mails to %s arrived", len(got), queued, to) })
	return got
}

// drain waits until the outbox has sent every mail. Tests move the fixed
// clock by hours or days; a mail still being sent then would outlive its
// job's lease and go out twice.
func (town *citizenTown) drain() {
	town.t.Helper()
	town.eventually(func() bool { return town.outboxCount("status = ?", "queued") == 0 },
		func() string { return "mails still queued" })
}

// TestStatusChangesReachTheCitizenOnceAndWithoutInternalNotes follows a
// case as its applicant does: one mail for each new status or public note
// and for the pause, nothing for an internal note alone; internal notes on
// no page, mail or receipt of theirs; pause and resume on the timeline,
// and the moved deadline on the department's.
func TestStatusChangesReachTheCitizenOnceAndWithoutInternalNotes(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, true)
		ctx := town.srv.Ctx()
		owned, _ := town.intake(&town.owner)
		guest, token := town.intake(nil)
		for _, tc := range []struct {
			name, to, base string
			c              cases.Case
			citizen        *auth.User // nil: a guest
		}{
			{"account", town.owner.Email, "/my/cases/" + owned.Reference, owned, &town.owner},
			{"guest", "gast@example.org", "/case/" + token, guest, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				const secret, secret2 = "INTERN: Nachbar hat angerufen", "INTERN: Akte liegt bei Herrn K."
				ref, staff := tc.c.Reference, town.staffActor()
				must := func(err error) {
					t.Helper()
					if err != nil {
						t.Fatal(err)
					}
				}
				town.drain()
				town.clock.Advance(time.Hour)
				must(town.svc.SetStatus(ctx, tc.c.ID, cases.StatusChange{Status: "pruefung",
					PublicNote: "Wir prüfen Ihre Angaben.", InternalNote: secret}, staff))
				// An internal note alone is the department's business.
				must(town.svc.SetStatus(ctx, tc.c.ID, cases.StatusChange{Status: "pruefung", InternalNote: secret2}, staff))
				// A public note on the same status is news for the citizen.
				must(town.svc.SetStatus(ctx, tc.c.ID, cases.StatusChange{Status: "pruefung", PublicNote: "Die Hundemarke ist bestellt."}, staff))
				before, err := town.svc.StaffView(ctx, tc.c.ID, staff)
				must(err)
				must(town.svc.Pause(ctx, tc.c.ID, "Wir warten auf das Veterinäramt.", staff))
				town.drain()
				town.clock.Advance(3 * 24 * time.Hour) // Thursday, from Monday
				_, err = town.svc.Resume(ctx, tc.c.ID, staff)
				must(err)
				after, err := town.svc.StaffView(ctx, tc.c.ID, staff)
				must(err)
				if !after.DueAt.After(before.DueAt) {
					t.Fatalf("resume did not move the deadline: %v → %v", before.DueAt, after.DueAt)
				}

				mails := town.mailsTo(tc.to)
				var subjects []string
				for _, m := range mails {
					subjects = append(subjects, m.Subject())
					mustNotContain(t, "mail "+m.Subject(), m.Text(), secret, secret2, "INTERN")
				}
				want := []string{"Ihr Antrag ist eingegangen: " + ref, "Antrag " + ref + ": In Prüfung",
					"Antrag " + ref + ": In Prüfung", "Antrag " + ref + ": Bearbeitung ruht"}
				slices.Sort(subjects)
				slices.Sort(want)
				if !slices.Equal(subjects, want) {
					t.Errorf("mails to the citizen:\n%q\nwant\n%q", subjects, want)
				}
				var notes []string
				for _, m := range mails {
					if strings.Contains(m.Subject(), "In Prüfung") {
						notes = append(notes, m.Text())
					}
				}
				if len(notes) == 2 && !(strings.Contains(notes[0]+notes[1], "Wir prüfen Ihre Angaben.") &&
					strings.Contains(notes[0]+notes[1], "Die Hundemarke ist bestellt.")) {
					t.Errorf("status mails lack the public notes:\n%s\n%s", notes[0], notes[1])
				}

				// Signed in now: the fixed clock has moved past older sessions.
				cl := town.client(tc.citizen)
				page := cl.Get(tc.base).Body
				mustContain(t, "case page", page, "Neuer Stand: In Prüfung", "Wir prüfen Ihre Angaben.", "Die Hundemarke ist bestellt.",
					"Bearbeitung angehalten", "Wir warten auf das Veterinäramt.", "Bearbeitung fortgesetzt")
				mustNotContain(t, "case page", page, secret, secret2, "INTERN")
				receipt := cl.Get(tc.base + "/receipt.pdf")
				if receipt.StatusCode != 200 {
					t.Fatalf("receipt: %d", receipt.StatusCode)
				}
				mustNotContain(t, "receipt", words(pdfText(t, []byte(receipt.Body))), words(secret), words(secret2), "INTERN")

				// The department reads both notes and the new deadline.
				due := web.Dates{Lang: "de"}.Date(after.DueAt)
				staffPage := town.client(&town.staff).Get(cases.StaffPath(tc.c.ID)).Body
				mustContain(t, "staff page", staffPage, secret, secret2, "Bearbeitung fortgesetzt", "Neue Frist: "+due)
			})
		}
	})
}
