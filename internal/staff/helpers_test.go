package staff_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const pw = "correct horse battery"

// office is a town hall with two departments: A led by lead with member
// staffA, B with member staffB; plus an admin, a citizen and a staff account
// without a department (newcomer).
type office struct {
	srv                                            *testkit.Server
	deptA, deptB                                   auth.Department
	admin, lead, staffA, staffB, citizen, newcomer auth.User
}

func newOffice(t *testing.T, e testkit.Engine) *office {
	t.Helper()
	srv := testkit.NewServer(t, e)
	ctx := srv.Ctx()
	o := &office{srv: srv}
	var err error
	if o.deptA, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
		t.Fatal(err)
	}
	if o.deptB, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "bauamt", Name: "Bauamt"}); err != nil {
		t.Fatal(err)
	}
	o.admin = srv.CreateUser("admin@town.example", pw, auth.RoleAdmin)
	o.lead = srv.CreateUser("lead.a@town.example", pw, auth.RoleStaff)
	o.staffA = srv.CreateUser("staff.a@town.example", pw, auth.RoleStaff)
	o.staffB = srv.CreateUser("staff.b@town.example", pw, auth.RoleStaff)
	o.citizen = srv.CreateUser("citizen@town.example", pw, auth.RoleCitizen)
	o.newcomer = srv.CreateUser("new@town.example", pw, auth.RoleStaff)
	for _, m := range []struct {
		u    auth.User
		d    auth.Department
		lead bool
	}{{o.lead, o.deptA, true}, {o.staffA, o.deptA, false}, {o.staffB, o.deptB, false}} {
		if err := srv.App.Auth.SetMembership(ctx, m.u.ID, m.d.ID, m.lead); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// as returns a client signed in as u; nil means anonymous.
func (o *office) as(t *testing.T, u *auth.User) *testkit.Client {
	t.Helper()
	c := o.srv.Client()
	if u != nil {
		c.Login(u.Email, pw)
	}
	return c
}

// membership returns whether u is in d and leads it.
func (o *office) membership(t *testing.T, u auth.User, d auth.Department) (member, lead bool) {
	t.Helper()
	ms, err := o.srv.App.Auth.MembersOf(o.srv.Ctx(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserID == u.ID {
			return true, m.Lead
		}
	}
	return false, false
}

func wantStatus(t *testing.T, r *testkit.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; page:\n%s", r.Request.Method, r.Request.URL, r.StatusCode, want, testkit.Excerpt(r.Body))
	}
}

func wantRedirect(t *testing.T, r *testkit.Response, location string) {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	if got := r.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: redirect to %q, want %q", r.Request.Method, r.Request.URL, got, location)
	}
}

func wantContains(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page lacks %q; page:\n%s", r.Request.Method, r.Request.URL, p, testkit.Excerpt(r.Body))
		}
	}
}

func wantLacks(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("%s %s: page contains %q; page:\n%s", r.Request.Method, r.Request.URL, p, testkit.Excerpt(r.Body))
		}
	}
}

type sentMail struct{ To, Subject, Text string }

// mailsTo returns the messages queued for address, oldest first.
func mailsTo(t *testing.T, srv *testkit.Server, address string) []sentMail {
	t.Helper()
	ctx := srv.Ctx()
	rows, err := db.From(ctx).Query(ctx, "SELECT recipient, subject, body_text FROM mail_outbox WHERE recipient = ? ORDER BY id", address)
	if err != nil {
		t.Fatalf("read outbox: %v", err)
	}
	defer rows.Close()
	var out []sentMail
	for rows.Next() {
		var m sentMail
		if err := rows.Scan(&m.To, &m.Subject, &m.Text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// auditCount counts audit entries with action about the object.
func auditCount(t *testing.T, srv *testkit.Server, action, objectType string, objectID int64) int {
	t.Helper()
	ctx := srv.Ctx()
	var n int
	err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = ? AND object_type = ? AND object_id = ?",
		action, objectType, itoa(objectID)).Scan(&n)
	if err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
