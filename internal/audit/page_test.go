package audit_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const password = "Protokoll-Passwort-2026"

// pageStart is 10:00 in Berlin (CET), so entries fall on clear days.
var pageStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type pageWorld struct {
	srv   *testkit.Server
	clock *clock.Fixed
	admin auth.User
}

func newPageWorld(t *testing.T, e testkit.Engine) *pageWorld {
	t.Helper()
	c := clock.NewFixed(pageStart)
	srv := testkit.NewServer(t, e, func(_ *config.Config, o *app.Options) { o.Clock = c })
	return &pageWorld{srv: srv, clock: c, admin: srv.CreateUser("admin@example.org", password, auth.RoleAdmin)}
}

// record adds an entry as the app would.
func (w *pageWorld) record(t *testing.T, e audit.Entry) {
	t.Helper()
	if err := w.srv.App.Audit.Record(w.srv.Ctx(), w.srv.App.DB, e); err != nil {
		t.Fatal(err)
	}
}

func (w *pageWorld) adminClient(t *testing.T) *testkit.Client {
	t.Helper()
	c := w.srv.Client()
	c.Login(w.admin.Email, password)
	return c
}

func (w *pageWorld) views(t *testing.T) []audit.Record {
	t.Helper()
	got, err := w.srv.App.Audit.List(w.srv.Ctx(), audit.Filter{Action: "audit.view"})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

var rowRe = regexp.MustCompile(`<td><time datetime="[^"]+">`)

func rows(body string) int { return len(rowRe.FindAllString(body, -1)) }

func TestAuditPageShowsEntriesToAdmin(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		w := newPageWorld(t, e)
		w.record(t, audit.By(w.admin.ID, "192.0.2.1").Did("user.update", "user", "42"))
		w.record(t, audit.Entry{ActorID: 9999, Action: "user.view", ObjectType: "user", ObjectID: "7", Detail: `<script>alert(1)</script>`})
		w.record(t, audit.Entry{Action: "job.retention"})
		c := w.adminClient(t)

		r := c.Get("/admin/audit")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		for _, want := range []string{
			`<caption id="audit-caption">`, `<th scope="col">`, `<code>user.update</code>`, `admin@example.org`,
			`#9999`, `&lt;script&gt;alert(1)&lt;/script&gt;`, `192.0.2.1`, `datetime="2026-03-02T09:00:00Z"`,
			`2026-03-02 10:00:00 CET`, `href="/admin/audit" aria-current="page"`,
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %s:\n%s", want, testkit.Excerpt(r.Body))
			}
		}
		if strings.Contains(r.Body, "<script>alert") {
			t.Error("detail is not escaped")
		}
		if n := strings.Count(r.Body, "<h1"); n != 1 {
			t.Errorf("%d h1 elements, want 1", n)
		}
		// The view itself was logged (and so shows up on the page, beside
		// what signing in logged).
		if !strings.Contains(r.Body, "<code>audit.view</code>") || rows(r.Body) < 4 {
			t.Errorf("%d rows, want the 3 entries and the view", rows(r.Body))
		}
		v := w.views(t)
		if len(v) != 1 || v[0].ActorID != w.admin.ID || v[0].ObjectType != "audit_log" || v[0].IP != "127.0.0.1" {
			t.Errorf("views logged: %+v", v)
		}
		if m := w.srv.App.Site.Catalog().Missing(); len(m) > 0 {
			t.Errorf("missing messages: %v", m)
		}
	})
}

func TestAuditPageRefusesOthers(t *testing.T) {
	w := newPageWorld(t, testkit.SQLite)
	ctx := w.srv.Ctx()
	dept, err := w.srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		t.Fatal(err)
	}
	lead := w.srv.CreateUser("lead@example.org", password, auth.RoleStaff)
	if err := w.srv.App.Auth.SetMembership(ctx, lead.ID, dept.ID, true); err != nil {
		t.Fatal(err)
	}
	w.srv.CreateUser("citizen@example.org", password, auth.RoleCitizen)
	tests := []struct {
		name, email string
		status      int
	}{
		{"anonymous is sent to sign in", "", http.StatusSeeOther},
		{"citizen", "citizen@example.org", http.StatusForbidden},
		{"department lead", "lead@example.org", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := w.srv.Client()
			if tt.email != "" {
				c.Login(tt.email, password)
			}
			r := c.Get("/admin/audit")
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tt.status)
			}
			if tt.status == http.StatusSeeOther && !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
				t.Errorf("redirect to %q, want the sign-in page", r.Header.Get("Location"))
			}
			if strings.Contains(r.Body, `href="/admin/audit"`) {
				t.Error("navigation shows the audit log")
			}
		})
	}
	if v := w.views(t); len(v) != 0 {
		t.Errorf("refused requests logged as views: %+v", v)
	}
}

func TestAuditPageFilters(t *testing.T) {
	w := newPageWorld(t, testkit.SQLite)
	other := w.srv.CreateUser("staff@example.org", password, auth.RoleStaff)
	// One entry a day: 2, 3 and 4 March.
	for _, e := range []audit.Entry{
		{ActorID: w.admin.ID, Action: "user.create", ObjectType: "user", ObjectID: "7"},
		{ActorID: other.ID, Action: "department.update", ObjectType: "department", ObjectID: "3"},
		{ActorID: other.ID, Action: "user.view", ObjectType: "user", ObjectID: "8"},
	} {
		w.record(t, e)
		w.clock.Advance(24 * time.Hour)
	}
	// Signing in and viewing add entries of their own; only these count.
	seeded := map[string]bool{"user.create": true, "department.update": true, "user.view": true}
	c := w.adminClient(t)
	tests := []struct {
		name  string
		query url.Values
		want  []string // seeded actions shown
	}{
		{"actor by e-mail", url.Values{"actor": {"STAFF@example.org"}}, []string{"user.view", "department.update"}},
		{"actor by number", url.Values{"actor": {itoa(w.admin.ID)}}, []string{"user.create"}},
		{"action prefix", url.Values{"action": {"user."}}, []string{"user.view", "user.create"}},
		{"object type", url.Values{"object_type": {"department"}}, []string{"department.update"}},
		{"object", url.Values{"object_type": {"user"}, "object_id": {"8"}}, []string{"user.view"}},
		{"one day", url.Values{"from": {"2026-03-03"}, "to": {"2026-03-03"}}, []string{"department.update"}},
		{"from a day on", url.Values{"from": {"2026-03-03"}, "action": {"user"}}, []string{"user.view"}},
		{"nothing found", url.Values{"actor": {"#424242"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/admin/audit?" + tt.query.Encode())
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			var got []string
			for _, m := range regexp.MustCompile(`<code>([^<]+)</code>`).FindAllStringSubmatch(r.Body, -1) {
				if seeded[m[1]] {
					got = append(got, m[1])
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("shows %v, want %v", got, tt.want)
			}
			for k := range tt.query {
				if !strings.Contains(r.Body, `value="`+tt.query.Get(k)+`"`) {
					t.Errorf("typed %s=%q not kept in the form", k, tt.query.Get(k))
				}
			}
		})
	}
	t.Run("view logs the filter", func(t *testing.T) {
		v := w.views(t)
		if len(v) == 0 || v[len(v)-1].Detail != "actor=STAFF%40example.org" {
			t.Errorf("first view detail = %+v", v)
		}
	})
}

func TestAuditPageRefusesBadFilter(t *testing.T) {
	w := newPageWorld(t, testkit.SQLite)
	c := w.adminClient(t)
	tests := []struct {
		name  string
		query url.Values
		field string
	}{
		{"unknown e-mail", url.Values{"actor": {"nobody@example.org"}}, "actor"},
		{"neither e-mail nor number", url.Values{"actor": {"admin"}}, "actor"},
		{"zero account", url.Values{"actor": {"0"}}, "actor"},
		{"action with spaces", url.Values{"action": {"user view"}}, "action"},
		{"object type too long", url.Values{"object_type": {strings.Repeat("x", 65)}}, "object_type"},
		{"not a date", url.Values{"from": {"2. März"}}, "from"},
		{"end before start", url.Values{"from": {"2026-03-04"}, "to": {"2026-03-03"}}, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/admin/audit?" + tt.query.Encode())
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if !strings.Contains(r.Body, `id="f-`+tt.field+`-error"`) || !strings.Contains(r.Body, `class="error-summary"`) {
				t.Errorf("no error at field %s:\n%s", tt.field, testkit.Excerpt(r.Body))
			}
			if strings.Contains(r.Body, "<table") {
				t.Error("entries shown despite an invalid filter")
			}
		})
	}
	if r := c.Get("/admin/audit?before=x"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed paging: status %d, want 400", r.StatusCode)
	}
	if v := w.views(t); len(v) != 0 {
		t.Errorf("refused filters logged as views: %d", len(v))
	}
}

var olderRe = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

func TestAuditPagePages(t *testing.T) {
	w := newPageWorld(t, testkit.SQLite)
	for range 60 {
		w.record(t, audit.Entry{Action: "user.view", ObjectType: "user", ObjectID: "1"})
	}
	c := w.adminClient(t)
	r := c.Get("/admin/audit?action=user.view")
	if got := rows(r.Body); got != 50 {
		t.Fatalf("first page has %d rows, want 50", got)
	}
	m := olderRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no link to older entries:\n%s", testkit.Excerpt(r.Body))
	}
	next := strings.ReplaceAll(m[1], "&amp;", "&")
	if !strings.Contains(next, "action=user.view") {
		t.Errorf("older link %q loses the filter", next)
	}
	r = c.Get(next)
	if got := rows(r.Body); got != 10 {
		t.Errorf("second page has %d rows, want 10", got)
	}
	if olderRe.MatchString(r.Body) {
		t.Error("last page links to older entries")
	}
	if !strings.Contains(r.Body, `<a href="/admin/audit?action=user.view">`) {
		t.Errorf("last page has no link back to the newest entries")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
