package cases_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// TestGuestStatusMailLinkOpensTheCase: a guest follows the link in a
// status mail, delivered over real SMTP, to their case page without
// digging out the confirmation; the confirmation's link still works, and
// a wrong token finds nothing.
func TestGuestStatusMailLinkOpensTheCase(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, true)
		c, first := town.intake(nil)
		staff := town.client(&town.staff)
		r := staff.Post(fmt.Sprintf("/staff/cases/%d/status", c.ID), url.Values{"status": {"pruefung"},
			"public_note": {"Wir prüfen Ihre Angaben."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("status change: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		mail := town.waitMail("gast@example.org", "Antrag "+c.Reference+": In Prüfung")
		// linkIn matches the server's absolute address only.
		link := town.linkIn(mail.Text(), "/case/")
		if link == "/case/"+first {
			t.Error("the status mail repeats the confirmation's link")
		}
		guest := town.client(nil)
		for _, path := range []string{link, "/case/" + first} {
			page := guest.Get(path)
			if page.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, page.StatusCode)
			}
			mustContain(t, "case page "+path, page.Body, c.Reference, "In Prüfung", "Wir prüfen Ihre Angaben.")
		}
		for _, path := range []string{
			"/case/" + auth.NewToken(),
			link[:len(link)-1] + flip(link[len(link)-1]),
			link + "x",
		} {
			if r := guest.Get(path); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, r.StatusCode)
			}
		}
	})
}

// flip changes a token's character to another one of its alphabet.
func flip(b byte) string {
	if b == 'A' {
		return "B"
	}
	return "A"
}

// TestResumeSaysWhatHappenedToTheDeadline: staff resuming a paused case
// read by how many working days the deadline moved and to which date, or
// that it stays, when the pause held no working day.
func TestResumeSaysWhatHappenedToTheDeadline(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		// The case comes in on Monday, 2 March 2026.
		for _, tc := range []struct {
			name   string
			paused time.Duration
			want   string // with %s for the new deadline
		}{
			{"same day", 2 * time.Hour, "Die Bearbeitung läuft wieder. Die Frist bleibt am %s."},
			{"one working day", 24 * time.Hour, "Die Bearbeitung läuft wieder. Die Frist wurde um 1 Arbeitstag bis zum %s verlängert."},
			{"three working days", 72 * time.Hour, "Die Bearbeitung läuft wieder. Die Frist wurde um 3 Arbeitstage bis zum %s verlängert."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, _ := town.intake(nil)
				if err := town.svc.Pause(ctx, c.ID, "Wir warten auf das Veterinäramt.", town.staffActor()); err != nil {
					t.Fatal(err)
				}
				before, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
				if err != nil {
					t.Fatal(err)
				}
				town.clock.Advance(tc.paused)
				staff := town.client(&town.staff) // signed in now: the clock has moved past older sessions
				r := staff.Post(fmt.Sprintf("/staff/cases/%d/resume", c.ID), nil)
				if r.StatusCode != http.StatusSeeOther {
					t.Fatalf("resume: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				after, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
				if err != nil {
					t.Fatal(err)
				}
				if moved := !after.DueAt.Equal(before.DueAt); moved != (tc.name != "same day") {
					t.Errorf("deadline %v → %v", before.DueAt, after.DueAt)
				}
				page := staff.Get(r.Header.Get("Location")).Body
				due := web.Dates{Lang: "de"}.Date(after.DueAt)
				mustContain(t, "page after resuming", page, fmt.Sprintf(tc.want, due))
				if tc.name == "same day" {
					mustNotContain(t, "page after resuming", page, "verlängert.")
				}
			})
		}
	})
}
