package cases_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffActions(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("claim and assign within the department", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", ""))
			if err := env.svc.Claim(env.ctx, c.ID, env.staffO); err != nil {
				t.Fatal(err)
			}
			if got := env.view(t, c.ID); got.AssigneeID != env.staffO.UserID || got.AssigneeName != "Otto Ordnung" {
				t.Errorf("assignee %d %q", got.AssigneeID, got.AssigneeName)
			}
			if err := env.svc.Assign(env.ctx, c.ID, env.staffO2.UserID, env.staffO); err != nil {
				t.Fatal(err)
			}
			err := env.svc.Assign(env.ctx, c.ID, env.staffC.UserID, env.staffO)
			if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "assignee" {
				t.Errorf("assigning someone of another department: %v", err)
			}
			if err := env.svc.Assign(env.ctx, c.ID, env.citizen, env.admin); errs.CodeOf(err) != errs.Invalid {
				t.Errorf("assigning a citizen: %v", err)
			}
			d := env.view(t, c.ID)
			if d.AssigneeID != env.staffO2.UserID || kinds(d.Events) != "submitted,claimed,assigned" || d.Events[1].Public || d.Events[2].Public {
				t.Errorf("assignee %d events %+v", d.AssigneeID, d.Events)
			}
			if err := env.svc.Assign(env.ctx, c.ID, 0, env.staffO); err != nil {
				t.Fatal(err)
			}
			if d := env.view(t, c.ID); d.AssigneeID != 0 {
				t.Errorf("unassigned: %d", d.AssigneeID)
			}
			if got := strings.Join(env.audits(t, strconv.FormatInt(c.ID, 10)), ","); !strings.Contains(got, "case.claim,") || !strings.Contains(got, "case.assign,") {
				t.Errorf("audit %s", got)
			}
		})

		t.Run("status change with notes, closing and reopening", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", "anna@example.org"))
			env.clock.Advance(time.Hour)
			err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking", PublicNote: "Wir prüfen die Unterlagen.",
				InternalNote: "Halter*in schon bekannt?"}, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if d.Status != "checking" || d.Closed() {
				t.Errorf("status %q closed %v", d.Status, d.Closed())
			}
			ev := d.Events[len(d.Events)-1]
			if ev.Kind != cases.EventStatus || !ev.Public || ev.FromStatus != "received" || ev.Status != "checking" ||
				ev.PublicNote != "Wir prüfen die Unterlagen." || ev.InternalNote != "Halter*in schon bekannt?" || ev.ActorName != "Otto Ordnung" {
				t.Errorf("event %+v", ev)
			}
			m := env.mails(t)
			last := m[len(m)-1]
			if len(m) != 2 || last.To != "anna@example.org" || !strings.Contains(last.Subject, "In Prüfung") ||
				!strings.Contains(last.Text, "Neuer Stand: In Prüfung") || !strings.Contains(last.Text, "Wir prüfen die Unterlagen.") {
				t.Fatalf("status mail %+v", m)
			}
			if strings.Contains(last.Text, "Halter*in schon bekannt") {
				t.Error("the internal note went out by mail")
			}
			// A guest's later mails carry a private link of their own.
			if !strings.Contains(last.Text, "Ihr persönlicher Link zu Ihrem Antrag") || !guestLinkRe.MatchString(last.Text) {
				t.Errorf("guest status mail:\n%s", last.Text)
			}

			if err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "approved", PublicNote: "Genehmigt."}, env.staffO); err != nil {
				t.Fatal(err)
			}
			if d := env.view(t, c.ID); !d.Closed() || !d.ClosedAt.Equal(env.clock.Now()) || d.Status != "approved" {
				t.Errorf("closing status: closed %v at %v", d.Closed(), d.ClosedAt)
			}
			if err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking"}, env.staffO); err != nil {
				t.Fatal(err)
			}
			if d := env.view(t, c.ID); d.Closed() {
				t.Error("leaving the closing status kept the case closed")
			}
		})

		t.Run("status errors", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", ""))
			for _, tc := range []struct {
				name  string
				ch    cases.StatusChange
				field string
			}{
				{"unknown status", cases.StatusChange{Status: "done"}, "status"},
				{"same status without notes", cases.StatusChange{Status: "received"}, "status"},
				{"public note too long", cases.StatusChange{Status: "checking", PublicNote: strings.Repeat("x", cases.MaxNote+1)}, "public_note"},
				{"internal note too long", cases.StatusChange{Status: "checking", InternalNote: strings.Repeat("ü", cases.MaxNote+1)}, "internal_note"},
			} {
				err := env.svc.SetStatus(env.ctx, c.ID, tc.ch, env.staffO)
				if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
					t.Errorf("%s: %v", tc.name, err)
				}
			}
			if d := env.view(t, c.ID); d.Status != "received" || len(d.Events) != 1 {
				t.Errorf("a refused change left traces: %q %+v", d.Status, d.Events)
			}
		})

		t.Run("an internal note alone stays internal and mails nobody", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", "anna@example.org"))
			if err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "received", InternalNote: "Rückruf vereinbart"}, env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			ev := d.Events[len(d.Events)-1]
			if ev.Kind != cases.EventNote || ev.Public || ev.InternalNote != "Rückruf vereinbart" {
				t.Errorf("event %+v", ev)
			}
			if m := env.mails(t); len(m) != 1 {
				t.Errorf("an internal note sent mail: %+v", m)
			}
		})

		t.Run("pause and resume move the deadline by the paused working days", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", "anna@example.org")) // due Mon 11 May, 10:00
			env.clock.Advance(24 * time.Hour)                            // Tue 5 May
			if err := env.svc.Pause(env.ctx, c.ID, "", env.staffO); errs.As(err).Code != errs.Invalid {
				t.Errorf("pause without reason: %v", err)
			}
			if _, err := env.svc.Resume(env.ctx, c.ID, env.staffO); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("resume of a running case: %v", err)
			}
			if err := env.svc.Pause(env.ctx, c.ID, "Wir warten auf den Impfpass.", env.staffO); err != nil {
				t.Fatal(err)
			}
			if err := env.svc.Pause(env.ctx, c.ID, "nochmal", env.staffO); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("second pause: %v", err)
			}
			d := env.view(t, c.ID)
			if !d.Paused() || d.PauseReason != "Wir warten auf den Impfpass." {
				t.Errorf("paused %v reason %q", d.Paused(), d.PauseReason)
			}
			// Paused cases are never overdue, however long they wait.
			env.clock.Advance(9 * 24 * time.Hour) // Thu 14 May (Ascension), past the deadline
			if d := env.view(t, c.ID); d.Overdue(env.clock.Now()) {
				t.Error("a paused case counts as overdue")
			}
			env.clock.Advance(24 * time.Hour) // Fri 15 May
			res, err := env.svc.Resume(env.ctx, c.ID, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			// Working days after Tue 5 up to Fri 15 May: 6,7,8,11,12,13,15
			// = 7 (Ascension skipped); the deadline moves from Mon 11 May
			// by 7 working days: 12,13,15,18,19,20,21 → Thu 21 May.
			d = env.view(t, c.ID)
			if d.Paused() || d.PausedDays != 7 {
				t.Errorf("paused %v days %d", d.Paused(), d.PausedDays)
			}
			if want := time.Date(2026, 5, 21, 8, 0, 0, 0, time.UTC); !d.DueAt.Equal(want) || !res.DueAt.Equal(want) || res.Days != 7 {
				t.Errorf("due %v (resume said %d days to %v), want 7 days to %v", d.DueAt, res.Days, res.DueAt, want)
			}
			if got := kinds(d.Events); got != "submitted,paused,resumed" {
				t.Errorf("events %s", got)
			}
			if d.Events[1].PublicNote != "Wir warten auf den Impfpass." || !d.Events[1].Public {
				t.Errorf("pause event %+v", d.Events[1])
			}
			m := env.mails(t)
			if len(m) != 2 || !strings.Contains(m[1].Text, "Wir warten auf den Impfpass.") {
				t.Errorf("pause mail %+v", m)
			}
			// A pause on the same day costs no deadline.
			if err := env.svc.Pause(env.ctx, c.ID, "kurz", env.staffO); err != nil {
				t.Fatal(err)
			}
			env.clock.Advance(2 * time.Hour)
			res, err = env.svc.Resume(env.ctx, c.ID, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			kept := time.Date(2026, 5, 21, 8, 0, 0, 0, time.UTC)
			if d := env.view(t, c.ID); d.PausedDays != 7 || !d.DueAt.Equal(kept) || res.Days != 0 || !res.DueAt.Equal(kept) {
				t.Errorf("same-day pause moved the deadline: %d days, due %v (resume said %+v)", d.PausedDays, d.DueAt, res)
			}
		})

		t.Run("closing ends a pause; a closed case cannot pause or be asked for documents", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", ""))
			if err := env.svc.Pause(env.ctx, c.ID, "warten", env.staffO); err != nil {
				t.Fatal(err)
			}
			if err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "rejected", PublicNote: "Unterlagen fehlen."}, env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if d.Paused() || !d.Closed() {
				t.Errorf("paused %v closed %v", d.Paused(), d.Closed())
			}
			if err := env.svc.Pause(env.ctx, c.ID, "x", env.staffO); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("pause closed: %v", err)
			}
			if err := env.svc.RequestDocument(env.ctx, c.ID, "x", env.staffO); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("request on closed: %v", err)
			}
		})

		t.Run("messages and document requests mail without their text", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("Clara Citizen", "clara@example.org")
			in.AccountID, in.Lang = env.citizen, "en"
			c, _ := env.intake(t, in)
			if err := env.svc.SendMessage(env.ctx, c.ID, "  ", env.staffO); errs.As(err).Code != errs.Invalid {
				t.Errorf("empty message: %v", err)
			}
			if err := env.svc.SendMessage(env.ctx, c.ID, "Is Bello chipped?\r\nPlease tell us the number.", env.staffO); err != nil {
				t.Fatal(err)
			}
			if err := env.svc.RequestDocument(env.ctx, c.ID, "", env.staffO); errs.As(err).Code != errs.Invalid {
				t.Errorf("empty request: %v", err)
			}
			if err := env.svc.RequestDocument(env.ctx, c.ID, "Copy of the vaccination record", env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if len(d.Messages) != 1 || !d.Messages[0].FromStaff || d.Messages[0].Body != "Is Bello chipped?\nPlease tell us the number." ||
				d.Messages[0].AuthorName != "Otto Ordnung" {
				t.Errorf("messages %+v", d.Messages)
			}
			if len(d.Requests) != 1 || d.Requests[0].Description != "Copy of the vaccination record" || d.Requests[0].Fulfilled() {
				t.Errorf("requests %+v", d.Requests)
			}
			if got := kinds(d.Events); got != "submitted,message,document_requested" {
				t.Errorf("events %s", got)
			}
			if d.Events[1].RefID != d.Messages[0].ID || d.Events[2].RefID != d.Requests[0].ID {
				t.Errorf("events do not point to their message and request: %+v", d.Events)
			}
			m := env.mails(t)
			if len(m) != 3 {
				t.Fatalf("mails %+v", m)
			}
			for i, want := range []string{"new message from the town hall", "please send us a document"} {
				mm := m[i+1]
				if !strings.Contains(mm.Subject, want) || !strings.Contains(mm.Text, "https://rathaus.example/my/cases/"+c.Reference) {
					t.Errorf("mail %d: %+v", i, mm)
				}
				if strings.Contains(mm.Text, "chipped") || strings.Contains(mm.Text, "vaccination") {
					t.Errorf("mail %d carries the text: %s", i, mm.Text)
				}
			}
		})

		t.Run("the decision document is attached and announced", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", "anna@example.org"))
			pdf := env.put(t, []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"))
			if err := env.svc.AttachDecision(env.ctx, c.ID, cases.DecisionFile{}, env.staffO); errs.As(err).Code != errs.Invalid {
				t.Errorf("decision without file: %v", err)
			}
			if err := env.svc.AttachDecision(env.ctx, c.ID, cases.DecisionFile{Name: `C:\fakepath\Bescheid 2026.pdf`,
				ContentType: "application/pdf", Size: pdf.Size, Blob: pdf.Key}, env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if len(d.Documents) != 1 || d.Documents[0].Kind != cases.DocDecision || d.Documents[0].Name != "Bescheid 2026.pdf" || !d.Documents[0].FromStaff {
				t.Errorf("documents %+v", d.Documents)
			}
			doc, rc, err := env.svc.StaffFile(env.ctx, c.ID, d.Documents[0].ID, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			if b := readAll(t, rc); !strings.HasPrefix(string(b), "%PDF-1.4") || doc.ContentType != "application/pdf" {
				t.Errorf("file %q type %q", b, doc.ContentType)
			}
			rc.Close()
			if m := env.mails(t); len(m) != 2 || !strings.Contains(m[1].Subject, "Bescheid liegt vor") {
				t.Errorf("mails %+v", m)
			}
			if got := env.audits(t, strconv.FormatInt(c.ID, 10)); !strings.Contains(strings.Join(got, ","), "case.decision") ||
				!strings.Contains(strings.Join(got, ","), "case.file.view") {
				t.Errorf("audit %v", got)
			}
		})

		t.Run("another department's case does not exist for staff", func(t *testing.T) {
			env := newDomainEnv(t, e)
			c, _ := env.intake(t, dogIntake("Anna", "anna@example.org"))
			other := env.staffC
			for name, act := range map[string]func() error{
				"view":    func() error { _, err := env.svc.StaffView(env.ctx, c.ID, other); return err },
				"claim":   func() error { return env.svc.Claim(env.ctx, c.ID, other) },
				"assign":  func() error { return env.svc.Assign(env.ctx, c.ID, other.UserID, other) },
				"status":  func() error { return env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking"}, other) },
				"pause":   func() error { return env.svc.Pause(env.ctx, c.ID, "x", other) },
				"resume":  func() error { _, err := env.svc.Resume(env.ctx, c.ID, other); return err },
				"message": func() error { return env.svc.SendMessage(env.ctx, c.ID, "x", other) },
				"request": func() error { return env.svc.RequestDocument(env.ctx, c.ID, "x", other) },
				"decision": func() error {
					return env.svc.AttachDecision(env.ctx, c.ID, cases.DecisionFile{Name: "a", Size: 1, Blob: "k"}, other)
				},
				"export": func() error { return env.svc.ExportZIP(env.ctx, c.ID, other, &strings.Builder{}) },
				"file":   func() error { _, _, err := env.svc.StaffFile(env.ctx, c.ID, 1, other); return err },
			} {
				if err := act(); errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s by staff of another department: %v", name, err)
				}
			}
			if d := env.view(t, c.ID); len(d.Events) != 1 || d.AssigneeID != 0 {
				t.Errorf("another department changed the case: %+v", d.Events)
			}
			// Admins work on every department's cases.
			if err := env.svc.Claim(env.ctx, c.ID, env.admin); err != nil {
				t.Errorf("admin claim: %v", err)
			}
		})
	})
}
