package reports_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// domainStart is a Thursday before the 1st of May, a public holiday in
// every Land: deadlines counted from here must skip it and the weekend.
var domainStart = time.Date(2026, 4, 30, 8, 0, 0, 0, time.UTC) // 10:00 in Germany

// domainTown is the town's area in the tests.
var domainTown = geo.BBox{MinLat: 52.30, MinLon: 9.60, MaxLat: 52.45, MaxLon: 9.90}

// inTown is a point inside domainTown.
var inTown = geo.Point{Lat: 52.375, Lon: 9.735}

// domainEnv is a Service on a fresh database with two departments, staff
// in each, an admin and three categories.
type domainEnv struct {
	ctx    context.Context
	db     *db.DB
	svc    *reports.Service
	clock  *clock.Fixed
	blobs  blob.Store
	admin  reports.Actor
	roads  int64 // department ids
	order  int64
	staffR reports.Actor // staff of roads
	staffO reports.Actor // staff of order
	// Categories: pothole (roads, notifies, 1/5 working days, one required
	// attribute), dumping (order), motorway (not our job).
	pothole, dumping, motorway reports.Category
}

func newDomainEnv(t *testing.T, e testkit.Engine) *domainEnv {
	t.Helper()
	d := testkit.NewDB(t, e, auth.Migrations, jobs.Migrations, mail.Migrations, audit.Migrations, reports.Migrations)
	ctx := testkit.Context(t, d)
	c := clock.NewFixed(domainStart)
	blobs, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	area, err := geo.AreaFromBBox(domainTown)
	if err != nil {
		t.Fatal(err)
	}
	svc := reports.New(reports.Deps{
		Clock: c, Audit: &audit.Log{Clock: c}, Mail: &mail.Outbox{Clock: c, From: "rathaus@musterstadt.example"},
		Blobs: blobs, BaseURL: "https://rathaus.example", DefaultLang: "de", Logger: slog.New(slog.DiscardHandler),
		TownName: func(context.Context) string { return "Musterstadt" },
		Land:     func(context.Context) string { return "NI" },
		Area:     func(context.Context) *geo.Area { return area },
	})
	env := &domainEnv{ctx: ctx, db: d, svc: svc, clock: c, blobs: blobs}
	env.roads = env.department(t, "tiefbau", "Tiefbauamt", "tiefbau@musterstadt.example")
	env.order = env.department(t, "ordnung", "Ordnungsamt", "ordnung@musterstadt.example")
	env.admin = reports.Actor{UserID: env.user(t, "admin@musterstadt.example", "admin"), Admin: true, IP: "192.0.2.1"}
	env.staffR = reports.Actor{UserID: env.user(t, "rosa@musterstadt.example", "staff"), Departments: []int64{env.roads}, IP: "192.0.2.2"}
	env.staffO = reports.Actor{UserID: env.user(t, "otto@musterstadt.example", "staff"), Departments: []int64{env.order}, IP: "192.0.2.3"}
	env.pothole = env.category(t, reports.Category{
		Code: "schlagloch", Group: reports.Text{DE: "Straße", EN: "Street"}, Name: reports.Text{DE: "Schlagloch", EN: "Pothole"},
		DepartmentID: env.roads, NotifyDepartment: true, FirstReactionDays: 1, ClosureDays: 5, Active: true, SortOrder: 1,
		Attributes: []reports.Attribute{{Code: "size", Datatype: open311.DatatypeSingleValueList, Required: true, Order: 1,
			Description: reports.Text{DE: "Wie groß?"}, Values: []reports.AttributeValue{
				{Key: "small", Name: reports.Text{DE: "klein"}}, {Key: "large", Name: reports.Text{DE: "groß"}}}}},
	})
	env.dumping = env.category(t, reports.Category{
		Code: "muell", Group: reports.Text{DE: "Sauberkeit"}, Name: reports.Text{DE: "Illegaler Müll"},
		DepartmentID: env.order, FirstReactionDays: 2, ClosureDays: 10, Active: true, SortOrder: 2,
	})
	env.motorway = env.category(t, reports.Category{
		Code: "autobahn", Group: reports.Text{DE: "Straße"}, Name: reports.Text{DE: "Autobahn"},
		NotOurJob: reports.Text{DE: "Zuständig ist die Autobahn GmbH des Bundes."}, Active: true, SortOrder: 3,
	})
	return env
}

func (env *domainEnv) department(t *testing.T, slug, name, email string) int64 {
	t.Helper()
	var id int64
	err := env.db.InTx(env.ctx, func(tx *db.Tx) error {
		return tx.QueryRow(env.ctx, "INSERT INTO departments (slug, name, email, created_at) VALUES (?, ?, ?, ?) RETURNING id",
			slug, name, email, domainStart).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (env *domainEnv) user(t *testing.T, email, role string) int64 {
	t.Helper()
	var id int64
	err := env.db.InTx(env.ctx, func(tx *db.Tx) error {
		return tx.QueryRow(env.ctx, "INSERT INTO users (email, name, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			email, email, role, domainStart, domainStart).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (env *domainEnv) category(t *testing.T, c reports.Category) reports.Category {
	t.Helper()
	saved, err := env.svc.SaveCategory(env.ctx, c, env.admin)
	if err != nil {
		t.Fatalf("save category %s: %v", c.Code, err)
	}
	return saved
}

// validPothole is a report that Create accepts.
func validPothole() reports.NewReport {
	p := inTown
	return reports.NewReport{
		CategoryCode: "schlagloch", Location: &p, Address: "Marktstraße 1",
		Description: "Tiefes Loch vor dem Rathaus", Answers: open311.Answers{"size": {"large"}},
		Name: "Erika Muster", Email: "erika@example.org", Lang: "de", Source: reports.SourceWeb,
	}
}

// create files n or fails the test; it returns the report and its manage token.
func (env *domainEnv) create(t *testing.T, n reports.NewReport) (reports.Report, string) {
	t.Helper()
	r, token, err := env.svc.Create(env.ctx, n)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return r, token
}

// staffView loads a report as the admin.
func (env *domainEnv) staffView(t *testing.T, id int64) reports.Report {
	t.Helper()
	r, err := env.svc.StaffReport(env.ctx, id, reports.SystemActor)
	if err != nil {
		t.Fatalf("staff report %d: %v", id, err)
	}
	return r
}

type sentMail struct{ to, subject, text string }

// mails returns the outbox in order.
func (env *domainEnv) mails(t *testing.T) []sentMail {
	t.Helper()
	rows, err := env.db.Query(env.ctx, "SELECT recipient, subject, body_text FROM mail_outbox ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.to, &m.subject, &m.text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// recipients returns the recipients of mails sent since the outbox had skip mails.
func (env *domainEnv) recipients(t *testing.T, skip int) []string {
	t.Helper()
	var out []string
	for _, m := range env.mails(t)[skip:] {
		out = append(out, m.to)
	}
	slices.Sort(out)
	return out
}

type auditRow struct {
	actor  int64
	action string
	object string
}

// audits returns the audit log entries of object type "report".
func (env *domainEnv) audits(t *testing.T) []auditRow {
	t.Helper()
	rows, err := env.db.Query(env.ctx, "SELECT COALESCE(actor_id, 0), action, object_id FROM audit_log WHERE object_type = 'report' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var a auditRow
		if err := rows.Scan(&a.actor, &a.action, &a.object); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// lastAudit returns the newest report audit entry of a change (views,
// which the test helpers cause, left out).
func (env *domainEnv) lastAudit(t *testing.T) auditRow {
	t.Helper()
	all := slices.DeleteFunc(env.audits(t), func(a auditRow) bool { return a.action == "report.view" })
	if len(all) == 0 {
		t.Fatal("no audit entries")
	}
	return all[len(all)-1]
}

// history returns the event kinds of a report's full history.
func (env *domainEnv) history(t *testing.T, id int64) []reports.Event {
	t.Helper()
	ev, err := env.svc.StaffEvents(env.ctx, id, reports.SystemActor)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func lastEvent(t *testing.T, ev []reports.Event) reports.Event {
	t.Helper()
	if len(ev) == 0 {
		t.Fatal("empty history")
	}
	return ev[len(ev)-1]
}

// fieldKeys returns field → message key of an Invalid error, failing the
// test for any other error.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Key
	}
	return out
}

// wantCode fails unless err is an errs error with code (and key, if given).
func wantCode(t *testing.T, err error, code errs.Code, key string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != code || (key != "" && e.Key != key) {
		t.Fatalf("want %s %s, got %v", code, key, err)
	}
}

// testPhoto is a processed photo: small real JPEGs, as photo.Process makes.
func testPhoto(t *testing.T, shade uint8) *photo.Result {
	t.Helper()
	enc := func(side int) []byte {
		img := image.NewRGBA(image.Rect(0, 0, side, side))
		for i := range img.Pix {
			img.Pix[i] = shade
		}
		img.Set(0, 0, color.RGBA{R: 255, A: 255})
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, nil); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	return &photo.Result{JPEG: enc(32), Width: 32, Height: 32, Thumb: enc(8), ThumbWidth: 8, ThumbHeight: 8, Source: "jpeg"}
}
