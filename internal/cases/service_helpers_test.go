package cases_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// domainStart is Monday 4 May 2026, 10:00 in Germany; the Thursday after
// (14 May) is Ascension Day, a holiday in every Land, so deadlines counted
// from here must skip it and the weekends.
var domainStart = time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)

// domainEnv is a Service on a fresh database with two departments, staff
// in each, an admin and a blob store.
type domainEnv struct {
	ctx     context.Context
	db      *db.DB
	svc     *cases.Service
	clock   *clock.Fixed
	blobs   blob.Store
	admin   cases.Actor
	order   int64 // Ordnungsamt
	citOff  int64 // Bürgerbüro
	staffO  cases.Actor
	staffO2 cases.Actor
	staffC  cases.Actor
	citizen int64
}

func newDomainEnv(t *testing.T, e testkit.Engine) *domainEnv {
	t.Helper()
	d := testkit.NewDB(t, e, auth.Migrations, jobs.Migrations, mail.Migrations, audit.Migrations, cases.Migrations)
	ctx := testkit.Context(t, d)
	c := clock.NewFixed(domainStart)
	blobs, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := cases.New(cases.Deps{
		Clock: c, Audit: &audit.Log{Clock: c}, Mail: &mail.Outbox{Clock: c, From: "rathaus@musterstadt.example"},
		Blobs: blobs, BaseURL: "https://rathaus.example", Logger: slog.New(slog.DiscardHandler),
		TownName: func(context.Context) string { return "Musterstadt" },
		Land:     func(context.Context) string { return "NI" },
	})
	env := &domainEnv{ctx: ctx, db: d, svc: svc, clock: c, blobs: blobs}
	env.order = env.department(t, "ordnungsamt", "Ordnungsamt")
	env.citOff = env.department(t, "buergerbuero", "Bürgerbüro")
	env.admin = cases.Actor{UserID: env.user(t, "admin@musterstadt.example", "Ada Admin", "admin"), Admin: true, IP: "192.0.2.1"}
	env.staffO = cases.Actor{UserID: env.user(t, "otto@musterstadt.example", "Otto Ordnung", "staff"), Departments: []int64{env.order}, IP: "192.0.2.2"}
	env.staffO2 = cases.Actor{UserID: env.user(t, "olga@musterstadt.example", "Olga Ordnung", "staff"), Departments: []int64{env.order}, IP: "192.0.2.3"}
	env.staffC = cases.Actor{UserID: env.user(t, "bea@musterstadt.example", "Bea Bürgerbüro", "staff"), Departments: []int64{env.citOff}, IP: "192.0.2.4"}
	env.citizen = env.user(t, "clara@example.org", "Clara Citizen", "citizen")
	env.member(t, env.staffO.UserID, env.order)
	env.member(t, env.staffO2.UserID, env.order)
	env.member(t, env.staffC.UserID, env.citOff)
	return env
}

func (env *domainEnv) department(t *testing.T, slug, name string) int64 {
	t.Helper()
	var id int64
	err := env.db.InTx(env.ctx, func(tx *db.Tx) error {
		return tx.QueryRow(env.ctx, "INSERT INTO departments (slug, name, email, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			slug, name, slug+"@musterstadt.example", domainStart).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (env *domainEnv) user(t *testing.T, email, name, role string) int64 {
	t.Helper()
	var id int64
	err := env.db.InTx(env.ctx, func(tx *db.Tx) error {
		return tx.QueryRow(env.ctx, "INSERT INTO users (email, name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			email, name, role, domainStart, domainStart).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (env *domainEnv) member(t *testing.T, user, dept int64) {
	t.Helper()
	if _, err := env.db.Exec(env.ctx, "INSERT INTO memberships (user_id, department_id, lead) VALUES (?, ?, FALSE)", user, dept); err != nil {
		t.Fatal(err)
	}
}

// dogStatuses are the statuses of the dog registration form.
var dogStatuses = []cases.Status{
	{Key: "received", Label: cases.Text{"de": "Eingegangen", "en": "Received"}},
	{Key: "checking", Label: cases.Text{"de": "In Prüfung", "en": "Being checked"}},
	{Key: "approved", Label: cases.Text{"de": "Genehmigt", "en": "Approved"}, Closing: true},
	{Key: "rejected", Label: cases.Text{"de": "Abgelehnt", "en": "Rejected"}, Closing: true},
}

// dogIntake is a dog registration for the Ordnungsamt by a guest.
func dogIntake(name, email string) cases.Intake {
	return cases.Intake{
		FormID: "hund-anmelden", FormVersion: 2, Service: "hundesteuer", Department: "ordnungsamt",
		Title: cases.Text{"de": "Hund anmelden", "en": "Register a dog"},
		Name:  name, Email: email, Lang: "de",
		Answers: map[string]any{"name": name, "dog": map[string]any{"name": "Bello", "breed": "Dackel"}, "tax": "120.00"},
		Summary: map[string][]cases.Line{
			"de": {{Label: "Name", Value: name, Path: "name"}, {Label: "Name des Hundes", Value: "Bello", Path: "dog.name"}},
			"en": {{Label: "Name", Value: name, Path: "name"}, {Label: "Dog's name", Value: "Bello", Path: "dog.name"}},
		},
		Statuses: dogStatuses, RetentionDays: 30, DeadlineDays: 5,
	}
}

// intake sends in and fails the test on an error.
func (env *domainEnv) intake(t *testing.T, in cases.Intake) (cases.Case, string) {
	t.Helper()
	c, token, err := env.svc.Intake(env.ctx, in)
	if err != nil {
		t.Fatalf("intake: %v", err)
	}
	return c, token
}

// put stores content in the blob store.
func (env *domainEnv) put(t *testing.T, content []byte) blob.Object {
	t.Helper()
	o, err := env.blobs.Put(env.ctx, bytes.NewReader(content), blob.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// view reads a case with everything around it, as the system.
func (env *domainEnv) view(t *testing.T, id int64) cases.Detail {
	t.Helper()
	d, err := env.svc.StaffView(env.ctx, id, cases.SystemActor)
	if err != nil {
		t.Fatalf("view case %d: %v", id, err)
	}
	return d
}

// outMail is a stored outbox message.
type outMail struct{ To, Subject, Text string }

// mails returns the outbox, oldest first.
func (env *domainEnv) mails(t *testing.T) []outMail {
	t.Helper()
	rows, err := env.db.Query(env.ctx, "SELECT recipient, subject, body_text FROM mail_outbox ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outMail
	for rows.Next() {
		var m outMail
		if err := rows.Scan(&m.To, &m.Subject, &m.Text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// audits returns the actions of the audit log for case id, oldest first.
func (env *domainEnv) audits(t *testing.T, id string) []string {
	t.Helper()
	rows, err := env.db.Query(env.ctx, "SELECT action FROM audit_log WHERE object_type = 'case' AND object_id = ? ORDER BY id", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// kinds lists the kinds of events.
func kinds(evs []cases.Event) string {
	var k []string
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return strings.Join(k, ",")
}

func readAll(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
