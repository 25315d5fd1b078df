package account_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// citizenData is what one citizen has in the modules: a case (with a
// file, a message and an internal note), a draft and a report.
type citizenData struct {
	user     auth.User
	caseRef  string
	caseID   int64
	draftID  int64
	reportID int64
	report   string
	secret   string // the case's internal note: never exported
}

// privacyTown is a town hall with a real SMTP server and two citizens who
// each sent a case, started a draft and filed a report.
type privacyTown struct {
	srv        *testkit.Server
	smtp       *testkit.SMTPServer
	ann, ben   citizenData
	staff      cases.Actor
	department auth.Department
}

func newPrivacyTown(t *testing.T, e testkit.Engine) *privacyTown {
	t.Helper()
	town := &privacyTown{smtp: testkit.NewSMTPServer(t)}
	town.smtp.Start()
	town.srv, _ = newServer(t, e, testkit.WithSMTP(town.smtp.URL()), func(_ *config.Config, o *app.Options) {
		o.Jobs = jobs.Options{Poll: 50 * time.Millisecond}
	})
	ctx := town.srv.Ctx()
	a := town.srv.App
	var err error
	if town.department, err = a.Auth.SaveDepartment(ctx, auth.Department{Slug: "buergerbuero", Name: "Bürgerbüro"}); err != nil {
		t.Fatal(err)
	}
	staff := town.srv.CreateUser("sina@musterstadt.example", pw, auth.RoleStaff)
	if err := a.Auth.SetMembership(ctx, staff.ID, town.department.ID, false); err != nil {
		t.Fatal(err)
	}
	town.staff = cases.Actor{UserID: staff.ID, Departments: []int64{town.department.ID}}
	if _, err := a.Reports.SaveCategory(ctx, reports.Category{Code: "laterne", Name: reports.Text{DE: "Laterne defekt"},
		Group: reports.Text{DE: "Straße"}, DepartmentID: town.department.ID, Active: true}, reports.SystemActor); err != nil {
		t.Fatal(err)
	}
	town.ann = town.citizen(t, "ann@example.org", "Ann Amsel", "Lampe Lindenallee")
	town.ben = town.citizen(t, "ben@example.org", "Ben Buchfink", "Lampe Birkenweg")
	return town
}

func (town *privacyTown) citizen(t *testing.T, email, name, place string) citizenData {
	t.Helper()
	ctx := town.srv.Ctx()
	a := town.srv.App
	u, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: email, Password: pw, Role: auth.RoleCitizen, Name: name, EmailVerified: true})
	if err != nil {
		t.Fatal(err)
	}
	d := citizenData{user: u, secret: "Intern: " + name + " wirkt unzuverlässig"}
	obj, err := a.Blobs.Put(ctx, strings.NewReader("%PDF-1.4 Impfpass "+name), blob.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := []cases.Status{{Key: "eingegangen", Label: cases.Text{"de": "Eingegangen"}},
		{Key: "pruefung", Label: cases.Text{"de": "In Prüfung"}}, {Key: "fertig", Label: cases.Text{"de": "Fertig"}, Closing: true}}
	c, _, err := a.Cases.Intake(ctx, cases.Intake{FormID: "hund", FormVersion: 1, Department: town.department.Slug,
		Title: cases.Text{"de": "Hund anmelden"}, AccountID: u.ID, Name: name, Email: email, Lang: "de",
		Answers: map[string]any{"name": name}, Summary: map[string][]cases.Line{"de": {{Label: "Name", Value: name, Path: "name"}}},
		Statuses: statuses, Files: []cases.IntakeFile{{Path: "impfpass", Name: "Impfpass " + name + ".pdf",
			ContentType: "application/pdf", Size: obj.Size, Blob: obj.Key}}})
	if err != nil {
		t.Fatal(err)
	}
	d.caseRef, d.caseID = c.Reference, c.ID
	if err := a.Cases.SetStatus(ctx, c.ID, cases.StatusChange{Status: "pruefung", PublicNote: "Wir prüfen " + name,
		InternalNote: d.secret}, town.staff); err != nil {
		t.Fatal(err)
	}
	if err := a.Cases.SendMessage(ctx, c.ID, "Nachricht an "+name, town.staff); err != nil {
		t.Fatal(err)
	}
	// The draft is stored as the form engine stores it; its pages need an
	// installed form, which this test is not about.
	now := time.Now().UTC().Truncate(time.Second)
	err = db.From(ctx).QueryRow(ctx, `INSERT INTO drafts (token_hash, form_id, version, account_id, answers, created_at, updated_at, expires_at)
		VALUES (?, 'parken', 1, ?, ?, ?, ?, ?) RETURNING id`, "hash-"+email, u.ID, `{"kennzeichen":"H-`+name+`"}`,
		now, now, now.Add(30*24*time.Hour)).Scan(&d.draftID)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := a.Reports.Create(ctx, reports.NewReport{CategoryCode: "laterne", Address: place, Description: "Die " + place + " ist dunkel",
		Name: name, Email: email, Lang: "de", Source: reports.SourceWeb})
	if err != nil {
		t.Fatal(err)
	}
	d.reportID, d.report = r.ID, r.Ref
	return d
}

// auditedObjects returns "action type:id" of the audit entries by actor.
func auditedObjects(t *testing.T, s *testkit.Server, actor int64) []string {
	t.Helper()
	ctx := s.Ctx()
	rows, err := db.From(ctx).Query(ctx, "SELECT action, object_type, object_id FROM audit_log WHERE actor_id = ? ORDER BY id", actor)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, typ, id string
		if err := rows.Scan(&a, &typ, &id); err != nil {
			t.Fatal(err)
		}
		out = append(out, a+" "+typ+":"+id)
	}
	return out
}

func TestExportHoldsOwnCasesDraftsAndReports(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPrivacyTown(t, e)
		ann, ben := town.ann, town.ben
		c := town.srv.Client()
		c.Login(ann.user.Email, pw)
		r := c.Get("/account/export")
		wantStatus(t, r, http.StatusOK)
		var got struct {
			Modules struct {
				Cases   []cases.AccountCase     `json:"cases"`
				Forms   []json.RawMessage       `json:"forms"`
				Reports []reports.AccountReport `json:"reports"`
			} `json:"modules"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatalf("export is no JSON: %v\n%s", err, r.Body)
		}
		m := got.Modules
		if len(m.Cases) != 1 || m.Cases[0].Reference != ann.caseRef {
			t.Fatalf("cases %+v; want only %s", m.Cases, ann.caseRef)
		}
		kc := m.Cases[0]
		if len(kc.Summary) != 1 || kc.Summary[0].Value != "Ann Amsel" || len(kc.Messages) != 1 ||
			kc.Messages[0].Text != "Nachricht an Ann Amsel" || len(kc.Documents) != 1 ||
			kc.Documents[0].Name != "Impfpass Ann Amsel.pdf" || kc.Documents[0].Size == 0 {
			t.Errorf("case lacks answers, message or file: %+v", kc)
		}
		var notes []string
		for _, ev := range kc.Timeline {
			notes = append(notes, ev.Note)
		}
		if !strings.Contains(strings.Join(notes, "|"), "Wir prüfen Ann Amsel") {
			t.Errorf("public timeline note missing: %q", notes)
		}
		if len(m.Forms) != 1 || !strings.Contains(string(m.Forms[0]), `"H-Ann Amsel"`) {
			t.Errorf("drafts %s; want Ann's one with its answers", m.Forms)
		}
		if len(m.Reports) != 1 || m.Reports[0].Ref != ann.report || m.Reports[0].Description != "Die Lampe Lindenallee ist dunkel" {
			t.Errorf("reports %+v; want only %s", m.Reports, ann.report)
		}
		for _, leak := range []string{ann.secret, ben.caseRef, ben.report, "Ben Buchfink", "ben@example.org", "%PDF"} {
			if strings.Contains(r.Body, leak) {
				t.Errorf("export contains %q", leak)
			}
		}
		audited := strings.Join(auditedObjects(t, town.srv, ann.user.ID), "\n")
		for _, want := range []string{"case.account_export case:" + itoa(ann.caseID), "draft.account_export draft:" + itoa(ann.draftID),
			"report.account_export report:" + itoa(ann.reportID), "user.export user:" + itoa(ann.user.ID)} {
			if !strings.Contains(audited, want) {
				t.Errorf("audit log lacks %q:\n%s", want, audited)
			}
		}

		t.Run("an unconfirmed address finds no reports", func(t *testing.T) {
			ctx := town.srv.Ctx()
			got, err := town.srv.App.Reports.AccountExport(ctx, ben.user.ID, ben.user.Email, false, "")
			if err != nil || len(got) != 0 {
				t.Fatalf("reports %+v, %v; want none", got, err)
			}
		})
	})
}

func TestDeletingAccountMailsLinksToOpenCases(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPrivacyTown(t, e)
		ann, ben := town.ann, town.ben
		ctx := town.srv.Ctx()
		a := town.srv.App
		// A closed case keeps no way in: it is only kept until retention.
		closed, _, err := a.Cases.Intake(ctx, cases.Intake{FormID: "hund", FormVersion: 1, Department: town.department.Slug,
			Title: cases.Text{"de": "Hund abmelden"}, AccountID: ann.user.ID, Name: "Ann Amsel", Email: ann.user.Email, Lang: "de",
			Answers: map[string]any{"name": "Ann Amsel"}, Summary: map[string][]cases.Line{"de": {{Label: "Name", Value: "Ann Amsel"}}},
			Statuses: []cases.Status{{Key: "neu", Label: cases.Text{"de": "Neu"}}, {Key: "fertig", Label: cases.Text{"de": "Fertig"}, Closing: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Cases.SetStatus(ctx, closed.ID, cases.StatusChange{Status: "fertig", PublicNote: "Hund abgemeldet."}, town.staff); err != nil {
			t.Fatal(err)
		}
		c := town.srv.Client()
		c.Login(ann.user.Email, pw)
		profile := c.Get("/account")
		for _, want := range []string{"Offene Anträge werden weiter bearbeitet", "persönlichen Link per E-Mail",
			"nicht abgeschickte Anträge löschen wir", "Meldungen im Mängelmelder"} {
			if !strings.Contains(profile.Body, want) {
				t.Errorf("deletion section does not say %q", want)
			}
		}
		wantRedirect(t, c.Post("/account/delete", url.Values{"delete_password": {pw}}), "/")

		// The mails of the setup arrive too; the deletion's is the one with
		// a private link.
		var link string
		var linkMails []testkit.SMTPMessage
		for deadline := time.Now().Add(10 * time.Second); link == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			linkMails = nil
			for _, m := range town.smtp.Messages() {
				for _, l := range linkRe.FindAllString(m.Text(), -1) {
					if u, err := url.Parse(l); err == nil && strings.HasPrefix(u.Path, "/case/") {
						linkMails = append(linkMails, m)
						if strings.Contains(m.Header("To"), ann.user.Email) && strings.Contains(m.Text(), ann.caseRef) {
							link = strings.TrimPrefix(l, town.srv.URL)
						}
					}
				}
			}
		}
		if link == "" || len(linkMails) != 1 {
			t.Fatalf("%d mails with a private link; want one to %s about %s", len(linkMails), ann.user.Email, ann.caseRef)
		}
		page := town.srv.Client().Get(link)
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, ann.caseRef) {
			t.Errorf("the private link does not open %s:\n%s", ann.caseRef, testkit.Excerpt(page.Body))
		}
		var drafts, benCases int
		if err := db.From(ctx).QueryRow(ctx, "SELECT COUNT(*) FROM drafts WHERE id = ?", ann.draftID).Scan(&drafts); err != nil || drafts != 0 {
			t.Errorf("draft left: %d, %v", drafts, err)
		}
		if err := db.From(ctx).QueryRow(ctx, "SELECT COUNT(*) FROM cases WHERE account_id = ?", ben.user.ID).Scan(&benCases); err != nil || benCases != 1 {
			t.Errorf("Ben's cases: %d, %v", benCases, err)
		}
		if !strings.Contains(strings.Join(auditedObjects(t, town.srv, ann.user.ID), "\n"), "case.guest_link case:"+itoa(ann.caseID)) {
			t.Error("the new link is not audited")
		}
	})
}
