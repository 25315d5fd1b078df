package pages_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const pw = "correct horse battery"

// town is a test server with an admin, a second admin, a disabled admin and
// a citizen.
type town struct {
	srv                          *testkit.Server
	admin, admin2, gone, citizen auth.User
}

func newTown(t *testing.T, e testkit.Engine) *town {
	t.Helper()
	srv := testkit.NewServer(t, e)
	tw := &town{
		srv:     srv,
		admin:   srv.CreateUser("admin@town.example", pw, auth.RoleAdmin),
		admin2:  srv.CreateUser("admin2@town.example", pw, auth.RoleAdmin),
		gone:    srv.CreateUser("gone@town.example", pw, auth.RoleAdmin),
		citizen: srv.CreateUser("citizen@town.example", pw, auth.RoleCitizen),
	}
	if err := srv.App.Auth.UpdateUser(srv.Ctx(), tw.gone.ID, "Gone", auth.RoleAdmin, true); err != nil {
		t.Fatal(err)
	}
	return tw
}

// as returns a client signed in as the account with email; "" is anonymous.
func (tw *town) as(t *testing.T, email string) *testkit.Client {
	t.Helper()
	c := tw.srv.Client()
	if email != "" {
		c.Login(email, pw)
	}
	return c
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

// outbox returns the queued mails, oldest first.
func outbox(t *testing.T, srv *testkit.Server) []sentMail {
	t.Helper()
	ctx := srv.Ctx()
	rows, err := db.From(ctx).Query(ctx, "SELECT recipient, subject, body_text FROM mail_outbox ORDER BY id")
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
func auditCount(t *testing.T, srv *testkit.Server, action, objectType, objectID string) int {
	t.Helper()
	ctx := srv.Ctx()
	var n int
	err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE action = ? AND object_type = ? AND object_id = ?",
		action, objectType, objectID).Scan(&n)
	if err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return n
}
