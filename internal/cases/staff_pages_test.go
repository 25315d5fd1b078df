package cases_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const staffPassword = "Staff-Passwort-2026"

// staffOffice is a running town hall with the Ordnungsamt and the
// Bürgerbüro, staff in each, an admin, a citizen and an SMTP server.
type staffOffice struct {
	srv                   *testkit.Server
	svc                   *cases.Service
	clock                 *clock.Fixed
	smtp                  *testkit.SMTPServer
	order, citOff         auth.Department
	otto, bea, admin, cit auth.User
}

func newStaffOffice(t *testing.T, e testkit.Engine) *staffOffice {
	t.Helper()
	o := &staffOffice{clock: clock.NewFixed(domainStart), smtp: testkit.NewSMTPServer(t)}
	o.smtp.Start()
	o.srv = testkit.NewServer(t, e, testkit.WithSMTP(o.smtp.URL()), func(_ *config.Config, opts *app.Options) {
		opts.Clock = o.clock
		opts.Jobs = jobs.Options{Poll: 50 * time.Millisecond}
	})
	o.svc = o.srv.App.Cases
	ctx := o.srv.Ctx()
	a := o.srv.App.Auth
	var err error
	if o.order, err = a.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
		t.Fatal(err)
	}
	if o.citOff, err = a.SaveDepartment(ctx, auth.Department{Slug: "buergerbuero", Name: "Bürgerbüro"}); err != nil {
		t.Fatal(err)
	}
	mk := func(email, name string, role auth.Role) auth.User {
		u, err := a.CreateUser(ctx, auth.NewUser{Email: email, Password: staffPassword, Role: role, Name: name, EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	o.otto = mk("otto@musterstadt.example", "Otto Ordnung", auth.RoleStaff)
	o.bea = mk("bea@musterstadt.example", "Bea Bürgerbüro", auth.RoleStaff)
	o.admin = mk("admin@musterstadt.example", "Ada Admin", auth.RoleAdmin)
	o.cit = mk("clara@example.org", "Clara Citizen", auth.RoleCitizen)
	if err := a.SetMembership(ctx, o.otto.ID, o.order.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := a.SetMembership(ctx, o.bea.ID, o.citOff.ID, false); err != nil {
		t.Fatal(err)
	}
	return o
}

func (o *staffOffice) login(t *testing.T, u auth.User) *testkit.Client {
	t.Helper()
	c := o.srv.Client()
	c.Login(u.Email, staffPassword)
	return c
}

// intake files a dog registration of the Ordnungsamt by Clara (English).
func (o *staffOffice) intake(t *testing.T, name string) cases.Case {
	t.Helper()
	in := dogIntake(name, "clara@example.org")
	in.AccountID, in.Lang = o.cit.ID, "en"
	c, _, err := o.svc.Intake(o.srv.Ctx(), in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStaffPages(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		c := o.intake(t, "Clara Citizen")
		other, _, err := o.svc.Intake(o.srv.Ctx(), func() cases.Intake {
			in := dogIntake("Dora Dienst", "")
			in.Department, in.FormID = "buergerbuero", "meldebescheinigung"
			return in
		}())
		if err != nil {
			t.Fatal(err)
		}
		o.smtp.WaitFor(t, 1, 10*time.Second) // the confirmation
		otto, bea := o.login(t, o.otto), o.login(t, o.bea)
		casePath := cases.StaffPath(c.ID)

		t.Run("inbox shows the own department only", func(t *testing.T) {
			r := otto.Get("/staff/cases")
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, c.Reference) || strings.Contains(r.Body, other.Reference) {
				t.Fatalf("status %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			if !strings.Contains(r.Body, "Clara Citizen") || !strings.Contains(r.Body, "Hund anmelden") {
				t.Errorf("row lacks name or service:\n%s", testkit.Excerpt(r.Body))
			}
			if r := bea.Get("/staff/cases"); strings.Contains(r.Body, c.Reference) || !strings.Contains(r.Body, other.Reference) {
				t.Errorf("Bea's inbox:\n%s", testkit.Excerpt(r.Body))
			}
			if r := otto.Get("/staff/cases?department=" + itoa(o.citOff.ID)); r.StatusCode != http.StatusUnprocessableEntity || strings.Contains(r.Body, other.Reference) {
				t.Errorf("another department's inbox: %d", r.StatusCode)
			}
			if r := otto.Get("/staff/cases?sort=sideways&page=x"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#f-sort"`) {
				t.Errorf("bad filter: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			r = o.login(t, o.admin).Get("/staff/cases?department=all")
			if !strings.Contains(r.Body, c.Reference) || !strings.Contains(r.Body, other.Reference) {
				t.Errorf("admin's inbox over all departments:\n%s", testkit.Excerpt(r.Body))
			}
		})

		t.Run("CSV of the list", func(t *testing.T) {
			r := otto.Get("/staff/cases.csv?state=all")
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("status %d type %s", r.StatusCode, r.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(r.Body, "\ufeff") {
				t.Error("no byte order mark: Excel would misread the umlauts")
			}
			cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff")))
			cr.Comma = ';'
			rows, err := cr.ReadAll()
			if err != nil || len(rows) != 2 || rows[0][1] != "Formular-ID" || rows[1][0] != c.Reference || rows[1][1] != "hund-anmelden" {
				t.Errorf("rows %v (%v)", rows, err)
			}
		})

		t.Run("case page for the department, 404 for others", func(t *testing.T) {
			r := otto.Get(casePath)
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "clara@example.org") || !strings.Contains(r.Body, "Bello") {
				t.Fatalf("status %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			if r := bea.Get(casePath); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "Clara") {
				t.Errorf("another department: %d", r.StatusCode)
			}
			for _, p := range []string{"/claim", "/assign", "/status", "/pause", "/resume", "/messages", "/requests"} {
				if r := bea.Post(casePath+p, url.Values{"status": {"checking"}, "body": {"x"}, "reason": {"x"}, "description": {"x"}, "assignee": {itoa(o.bea.ID)}}); r.StatusCode != http.StatusNotFound {
					t.Errorf("POST %s by another department: %d", p, r.StatusCode)
				}
			}
			if r := upload(t, bea, casePath+"/decision", "file", "b.pdf", testPDF("x")); r.StatusCode != http.StatusNotFound {
				t.Errorf("decision by another department: %d", r.StatusCode)
			}
			if r := bea.Get(casePath + "/export.zip"); r.StatusCode != http.StatusNotFound {
				t.Errorf("export by another department: %d", r.StatusCode)
			}
			if r := o.login(t, o.cit).Get(casePath); r.StatusCode != http.StatusForbidden {
				t.Errorf("citizen on the staff page: %d", r.StatusCode)
			}
			if r := o.srv.Client().Get(casePath); r.StatusCode != http.StatusSeeOther {
				t.Errorf("anonymous: %d", r.StatusCode)
			}
			if r := otto.Get("/staff/cases/999999"); r.StatusCode != http.StatusNotFound {
				t.Errorf("unknown case: %d", r.StatusCode)
			}
			if r := otto.Get("/staff/cases/abc"); r.StatusCode != http.StatusNotFound {
				t.Errorf("malformed id: %d", r.StatusCode)
			}
		})

		t.Run("status change mails the citizen in their language", func(t *testing.T) {
			before := len(o.smtp.Messages())
			r := otto.Post(casePath+"/status", url.Values{"status": {"checking"}, "public_note": {"We are checking the papers."},
				"internal_note": {"Call the vet"}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			msgs := o.smtp.WaitFor(t, before+1, 10*time.Second)
			m := msgs[len(msgs)-1]
			if m.To[0] != "clara@example.org" || !strings.Contains(m.Subject(), c.Reference) || !strings.Contains(m.Subject(), "Being checked") {
				t.Errorf("mail to %v subject %q", m.To, m.Subject())
			}
			text := m.Text()
			if !strings.Contains(text, "New status: Being checked") || !strings.Contains(text, "We are checking the papers.") ||
				!strings.Contains(text, "/my/cases/"+c.Reference) || strings.Contains(text, "Call the vet") {
				t.Errorf("mail text:\n%s", text)
			}
			page := otto.Get(casePath).Body
			mustContain(t, "notice", page, "Status auf „In Prüfung“ geändert. Die antragstellende Person wird per E-Mail informiert.")
			if !strings.Contains(page, "Call the vet") || !strings.Contains(page, "We are checking the papers.") {
				t.Errorf("timeline lacks the notes:\n%s", testkit.Excerpt(page))
			}
		})

		t.Run("notices say when the applicant has no e-mail address", func(t *testing.T) {
			beaPath := cases.StaffPath(other.ID)
			before := len(o.smtp.Messages())
			if r := bea.Post(beaPath+"/status", url.Values{"status": {"checking"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			mustContain(t, "notice", bea.Get(beaPath).Body, "Status auf „In Prüfung“ geändert. Die antragstellende Person wird nicht per E-Mail informiert, weil sie keine E-Mail-Adresse angegeben hat.")
			if r := bea.Post(beaPath+"/messages", url.Values{"body": {"Bitte melden Sie sich."}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("message %d", r.StatusCode)
			}
			mustContain(t, "notice", bea.Get(beaPath).Body, "Die Nachricht wurde gespeichert. Die antragstellende Person wird nicht per E-Mail benachrichtigt, weil sie keine E-Mail-Adresse angegeben hat.")
			if n := len(o.smtp.Messages()); n != before {
				t.Errorf("%d mails went out for a case without address", n-before)
			}
		})

		t.Run("form errors stay on the page with the input kept", func(t *testing.T) {
			r := otto.Post(casePath+"/messages", url.Values{"body": {"   "}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#f-body"`) {
				t.Errorf("empty message: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			// The summary follows the forms module: titled box, "Fehler:"
			// in the page title, every item naming its field.
			mustContain(t, "error summary", r.Body, `aria-labelledby="error-summary-title"`, `id="error-summary-title"`,
				"<title>Fehler: Vorgang "+c.Reference, `<a href="#f-body">Bitte schreiben Sie eine Nachricht.</a>`)
			r = otto.Post(casePath+"/requests", url.Values{"description": {strings.Repeat("x", cases.MaxDescription+1)}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("overlong request: %d", r.StatusCode)
			}
			mustContain(t, "generic message with the field's name", r.Body,
				`<a href="#f-description">Welches Dokument wird gebraucht?: Bitte höchstens 1000 Zeichen.</a>`)
			if r := otto.Get(casePath); strings.Contains(r.Body, "<title>Fehler:") || strings.Contains(r.Body, "error-summary") {
				t.Errorf("page without errors has an error summary:\n%s", testkit.Excerpt(r.Body))
			}
			r = otto.Post(casePath+"/status", url.Values{"status": {"rejected"}, "public_note": {"  "}, "internal_note": {"no reason given"}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("refusal without a public note: %d", r.StatusCode)
			}
			mustContain(t, "refusal without a note", r.Body, `<a href="#f-public_note">Bitte schreiben Sie einen Hinweis`,
				`id="f-public_note-error"`, "no reason given")
			if d, err := o.svc.StaffView(o.srv.Ctx(), c.ID, cases.SystemActor); err != nil || d.Closed() {
				t.Error("a refusal without a note closed the case")
			}
			r = otto.Post(casePath+"/status", url.Values{"status": {"nonsense"}, "internal_note": {"kept text"}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "kept text") {
				t.Errorf("unknown status: %d", r.StatusCode)
			}
			r = otto.Post(casePath+"/resume", nil)
			if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "Die Bearbeitung ruht nicht.") {
				t.Errorf("resume of a running case: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			r = upload(t, otto, casePath+"/decision", "file", "notes.txt", []byte("just text, not a decision"))
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#f-file"`) {
				t.Errorf("text file as decision: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			r = upload(t, otto, casePath+"/decision", "", "", nil)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Bitte wählen Sie die Datei mit dem Bescheid aus.") {
				t.Errorf("decision without file: %d", r.StatusCode)
			}
		})

		t.Run("claim, message, request, pause, resume, decision", func(t *testing.T) {
			before := len(o.smtp.Messages())
			// Each notice names the action and whom it reached.
			for _, step := range []struct {
				path   string
				form   url.Values
				notice string
			}{
				{"/claim", nil, "Sie bearbeiten den Vorgang jetzt. Das ist intern: Die antragstellende Person wird nicht benachrichtigt."},
				{"/assign", url.Values{"assignee": {itoa(o.otto.ID)}}, "Der Vorgang ist jetzt Otto Ordnung zugewiesen. Das ist intern"},
				{"/messages", url.Values{"body": {"Is Bello chipped?"}}, "Die Nachricht wurde gesendet. Die antragstellende Person wird per E-Mail benachrichtigt"},
				{"/requests", url.Values{"description": {"Vaccination record"}}, "Das Dokument wurde angefordert. Die antragstellende Person wird per E-Mail gebeten"},
				{"/pause", url.Values{"reason": {"Waiting for the record"}}, "Die Bearbeitung ruht, die Frist ist angehalten. Die antragstellende Person wird per E-Mail über den Grund informiert."},
				{"/resume", nil, "eine E-Mail bekommt sie dafür nicht."},
				{"/status", url.Values{"status": {"checking"}, "internal_note": {"Chip checked"}}, "Die interne Notiz wurde gespeichert. Die antragstellende Person sieht sie nicht"},
				{"/assign", url.Values{"assignee": {"0"}}, "Der Vorgang ist jetzt niemandem zugewiesen."},
			} {
				if r := otto.Post(casePath+step.path, step.form); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != casePath {
					t.Fatalf("POST %s: %d\n%s", step.path, r.StatusCode, testkit.Excerpt(r.Body))
				}
				mustContain(t, "notice after "+step.path, otto.Get(casePath).Body, step.notice)
			}
			if r := upload(t, otto, casePath+"/decision", "file", "Bescheid.pdf", testPDF("Bescheid")); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("decision: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			mustContain(t, "notice after the decision", otto.Get(casePath).Body,
				"Der Bescheid wurde angehängt. Die antragstellende Person wird per E-Mail informiert")
			// message, request, pause and decision each tell the citizen.
			msgs := o.smtp.WaitFor(t, before+4, 10*time.Second)
			var subjects []string
			for _, m := range msgs[before:] {
				subjects = append(subjects, m.Subject())
				if strings.Contains(m.Text(), "Is Bello chipped") || strings.Contains(m.Text(), "Vaccination record") {
					t.Errorf("mail carries the text:\n%s", m.Text())
				}
			}
			got := strings.Join(subjects, " | ")
			for _, want := range []string{"new message", "please send us a document", "on hold", "the decision is ready"} {
				if !strings.Contains(got, want) {
					t.Errorf("no mail %q in %s", want, got)
				}
			}
			page := otto.Get(casePath).Body
			for _, want := range []string{"Is Bello chipped?", "Vaccination record", "Bescheid.pdf", "Otto Ordnung"} {
				if !strings.Contains(page, want) {
					t.Errorf("case page lacks %q", want)
				}
			}
		})

		t.Run("files download with their type, never inline", func(t *testing.T) {
			d, err := o.svc.StaffView(o.srv.Ctx(), c.ID, cases.SystemActor)
			if err != nil || len(d.Documents) == 0 {
				t.Fatalf("documents %v (%v)", d.Documents, err)
			}
			r := otto.Get(casePath + "/files/" + itoa(d.Documents[0].ID))
			if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("download: %d %v", r.StatusCode, r.Header)
			}
			if r := bea.Get(casePath + "/files/" + itoa(d.Documents[0].ID)); r.StatusCode != http.StatusNotFound {
				t.Errorf("download by another department: %d", r.StatusCode)
			}
		})

		t.Run("export ZIP", func(t *testing.T) {
			r := otto.Get(casePath + "/export.zip")
			if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
				t.Fatalf("export: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
			}
			zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
			}
			// The site's catalog renders the summary and the receipt.
			if got := strings.Join(names, ","); got != "metadata.json,data.json,receipt.pdf,history.json,messages.json,attachments/01_Bescheid.pdf,vorgang.txt" {
				t.Errorf("zip entries %s", got)
			}
			for _, f := range zr.File {
				if f.Name != "vorgang.txt" {
					continue
				}
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				mustContain(t, "vorgang.txt", string(b), "Vorgang "+c.Reference+" – Zusammenfassung für die Akte", "Interne Notiz: Chip checked")
			}
		})

		t.Run("overdue is marked in words", func(t *testing.T) {
			o.clock.Advance(8 * 24 * time.Hour) // past Mon 11 May
			otto := o.login(t, o.otto)          // the session has idled out
			r := otto.Get("/staff/cases?overdue=on")
			if !strings.Contains(r.Body, c.Reference) || !strings.Contains(r.Body, "Frist überschritten") || !strings.Contains(r.Body, "⚠") {
				t.Errorf("overdue marks:\n%s", testkit.Excerpt(r.Body))
			}
		})

		t.Run("views and changes are audited", func(t *testing.T) {
			var n int
			if err := o.srv.App.DB.QueryRow(o.srv.Ctx(), `SELECT COUNT(*) FROM audit_log WHERE object_type = 'case' AND object_id = ?
				AND actor_id = ? AND action IN ('case.view', 'case.status', 'case.message', 'case.export', 'case.decision', 'case.file.view')`,
				itoa(c.ID), o.otto.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n < 6 {
				t.Errorf("%d audit entries", n)
			}
		})
	})
}

func TestExportNamesTheCatalogServiceWithItsLeiKaKey(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		ctx := o.srv.Ctx()
		if _, err := o.srv.App.Catalog.Save(ctx, catalog.Service{Slug: "hundesteuer", Name: catalog.Text{DE: "Hundesteuer – Anmeldung eines Hundes"},
			Description: catalog.Text{DE: "Wer einen Hund hält, meldet ihn an."}, LeiKaKey: "99108008001000", ForCitizens: true,
			Department: catalog.Department{ID: o.order.ID}, Online: true, FormID: "hund-anmelden"}, audit.By(0, "")); err != nil {
			t.Fatal(err)
		}
		c := o.intake(t, "Clara Citizen")
		r := o.login(t, o.otto).Get(cases.StaffPath(c.ID) + "/export.zip")
		zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
		if err != nil {
			t.Fatalf("export: %d %v", r.StatusCode, err)
		}
		rc, err := zr.Open("metadata.json")
		if err != nil {
			t.Fatal(err)
		}
		var meta struct {
			PublicServiceType struct{ Name, Identifier string }
		}
		if err := json.NewDecoder(rc).Decode(&meta); err != nil {
			t.Fatal(err)
		}
		if meta.PublicServiceType.Name != "Hundesteuer – Anmeldung eines Hundes" ||
			meta.PublicServiceType.Identifier != "urn:de:fim:leika:leistung:99108008001000" {
			t.Errorf("service type %+v", meta.PublicServiceType)
		}
	})
}
