package cases_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// citizenTown is a running town hall with the Bürgerbüro (with its own
// e-mail address), one of its staff, an admin and two citizens.
type citizenTown struct {
	t       *testing.T
	srv     *testkit.Server
	svc     *cases.Service
	clock   *clock.Fixed
	dept    auth.Department
	staff   auth.User
	admin   auth.User
	owner   auth.User
	other   auth.User
	smtp    *testkit.SMTPServer
	n       int
	deptBox string
}

const citizenPassword = "Buerger-Passwort-2026"

var citizenStart = time.Date(2026, 3, 2, 8, 15, 0, 0, time.UTC)

// newCitizenTown starts the town hall; with a non-nil smtp server mails go
// there, and maxUpload (bytes, 0 for the default) limits uploads.
func newCitizenTown(t *testing.T, e testkit.Engine, maxUpload int64, withSMTP bool) *citizenTown {
	t.Helper()
	clk := clock.NewFixed(citizenStart)
	town := &citizenTown{t: t, clock: clk, deptBox: "buergerbuero@musterstadt.example"}
	opts := []testkit.ServerOption{func(c *config.Config, o *app.Options) {
		o.Clock = clk
		if maxUpload > 0 {
			c.MaxUploadBytes = maxUpload
		}
	}}
	if withSMTP {
		town.smtp = testkit.NewSMTPServer(t)
		town.smtp.Start()
		opts = append(opts, testkit.WithSMTP(town.smtp.URL()))
	}
	town.srv = testkit.NewServer(t, e, opts...)
	town.svc = town.srv.App.Cases
	ctx := town.srv.Ctx()
	a := town.srv.App.Auth
	var err error
	town.dept, err = a.SaveDepartment(ctx, auth.Department{Slug: "buergerbuero", Name: "Bürgerbüro", Email: town.deptBox})
	if err != nil {
		t.Fatalf("department: %v", err)
	}
	mk := func(email string, role auth.Role, name string) auth.User {
		u, err := a.CreateUser(ctx, auth.NewUser{Email: email, Password: citizenPassword, Role: role, Name: name, EmailVerified: true})
		if err != nil {
			t.Fatalf("user %s: %v", email, err)
		}
		return u
	}
	town.staff = mk("sachbearbeitung@musterstadt.example", auth.RoleStaff, "Sina Sachbearbeiterin")
	if err := a.SetMembership(ctx, town.staff.ID, town.dept.ID, false); err != nil {
		t.Fatal(err)
	}
	town.admin = mk("admin@musterstadt.example", auth.RoleAdmin, "Ada Admin")
	town.owner = mk("juergen@example.org", auth.RoleCitizen, "Jürgen Weiß")
	town.other = mk("nachbarin@example.org", auth.RoleCitizen, "Nora Nachbarin")
	return town
}

// client is a client signed in as u (nil: anonymous).
func (town *citizenTown) client(u *auth.User) *testkit.Client {
	town.t.Helper()
	c := town.srv.Client()
	if u != nil {
		c.Login(u.Email, citizenPassword)
	}
	return c
}

// staffActor is the Bürgerbüro's staff member.
func (town *citizenTown) staffActor() cases.Actor {
	return cases.Actor{UserID: town.staff.ID, Departments: []int64{town.dept.ID}}
}

// demoStatuses are the statuses of the dog registration.
var demoStatuses = []cases.Status{
	{Key: "eingegangen", Label: cases.Text{"de": "Eingegangen", "en": "Received"}},
	{Key: "pruefung", Label: cases.Text{"de": "In Prüfung", "en": "Being checked"}},
	{Key: "angemeldet", Label: cases.Text{"de": "Hund angemeldet", "en": "Dog registered"}, Closing: true},
}

// demoSummary is what the dog registration's summary looks like, with
// umlauts, ß and € and a repeating group.
func demoSummary(name string) map[string][]cases.Line {
	return map[string][]cases.Line{
		"de": {
			{Label: "Vor- und Nachname", Value: name, Path: "name"},
			{Label: "Anschrift", Value: "Große Straße 12a, 12345 Musterstadt", Path: "addr"},
			{Label: "Ihre Hunde", Value: "1", Path: "dogs"},
			{Label: "Hund 1: Name des Hundes", Value: "Bärbel", Path: "dogs.0.name", Group: 1},
			{Label: "Hund 1: Rasse", Value: "Mischling (Größe: mittel)", Path: "dogs.0.breed", Group: 1},
			{Label: "Hundesteuer pro Jahr", Value: "120,00 €", Path: "tax"},
		},
		"en": {
			{Label: "Full name", Value: name, Path: "name"},
			{Label: "Address", Value: "Große Straße 12a, 12345 Musterstadt", Path: "addr"},
			{Label: "Your dogs", Value: "1", Path: "dogs"},
			{Label: "Dog 1: Name of the dog", Value: "Bärbel", Path: "dogs.0.name", Group: 1},
			{Label: "Dog 1: Breed", Value: "Mixed breed (size: medium)", Path: "dogs.0.breed", Group: 1},
			{Label: "Dog tax per year", Value: "€120.00", Path: "tax"},
		},
	}
}

// intake sends a dog registration for account u (nil: a guest) with one
// file, a minute after the previous one, and returns the case and the
// guest token.
func (town *citizenTown) intake(u *auth.User) (cases.Case, string) {
	town.t.Helper()
	town.n++
	town.clock.Advance(time.Minute)
	ctx := town.srv.Ctx()
	obj, err := town.srv.App.Blobs.Put(ctx, bytes.NewReader(testPDF(fmt.Sprintf("Impfpass %d", town.n))), blob.PutOptions{})
	if err != nil {
		town.t.Fatal(err)
	}
	in := cases.Intake{FormID: "hund", FormVersion: 1, Service: "hund-anmelden", Department: town.dept.Slug,
		Title: cases.Text{"de": "Hund anmelden", "en": "Register a dog"}, Name: "Gast Gastmann", Email: "gast@example.org", Lang: "de",
		Answers: map[string]any{"name": "Gast Gastmann"}, Summary: demoSummary("Gast Gastmann"), Statuses: demoStatuses,
		Files: []cases.IntakeFile{{Path: "vaccination", Name: "Impfpass Bärbel.pdf", ContentType: obj.ContentType, Size: obj.Size, Blob: obj.Key}}}
	if u != nil {
		in.AccountID, in.Name, in.Email = u.ID, u.Name, u.Email
		in.Answers, in.Summary = map[string]any{"name": u.Name}, demoSummary(u.Name)
	}
	c, token, err := town.svc.Intake(ctx, in)
	if err != nil {
		town.t.Fatalf("intake: %v", err)
	}
	return c, token
}

// testPDF is a small valid PDF whose content differs by text.
func testPDF(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% " +
		text + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// upload posts one file as field to path (multipart, CSRF token added).
func upload(t *testing.T, c *testkit.Client, path, field, name string, content []byte) *testkit.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF())
	if field != "" {
		fw, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Response: resp, Body: string(b)}
}

// pdfText extracts the text of a PDF.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatalf("PDF text: %v", err)
	}
	out, _ := io.ReadAll(tr)
	return string(out)
}

var spaceRe = regexp.MustCompile(`\s+`)

// words drops white space, so text wrapped over lines still matches.
func words(s string) string { return spaceRe.ReplaceAllString(s, "") }

// mustContain fails for each want missing from body.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, testkit.Excerpt(body))
		}
	}
}

// mustNotContain fails for each unwanted text found in body.
func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q:\n%s", what, w, testkit.Excerpt(body))
		}
	}
}
