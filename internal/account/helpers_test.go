package account_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const pw = "correct horse battery"

// start is when the fixed clock of a test server begins.
var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// newServer starts a town hall whose clock only moves when the test says
// and whose sign-in throttle trips after a few tries.
func newServer(t *testing.T, e testkit.Engine, opts ...testkit.ServerOption) (*testkit.Server, *clock.Fixed) {
	t.Helper()
	c := clock.NewFixed(start)
	all := append([]testkit.ServerOption{func(cfg *config.Config, o *app.Options) {
		o.Clock = c
		o.Throttle = auth.ThrottlePolicy{PerAccount: 3, PerIP: 6, Window: 10 * time.Minute}
		cfg.SessionIdle = time.Hour
		cfg.SessionMax = 8 * time.Hour
	}}, opts...)
	return testkit.NewServer(t, e, all...), c
}

// sentMail is a message from the outbox.
type sentMail struct {
	To, Subject, Text string
}

// mailsTo returns the messages queued for address, oldest first.
func mailsTo(t *testing.T, s *testkit.Server, address string) []sentMail {
	t.Helper()
	ctx := s.Ctx()
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

// lastMail returns the newest message to address and fails the test when
// there is none.
func lastMail(t *testing.T, s *testkit.Server, address string) sentMail {
	t.Helper()
	ms := mailsTo(t, s, address)
	if len(ms) == 0 {
		t.Fatalf("no mail to %s", address)
	}
	return ms[len(ms)-1]
}

var linkRe = regexp.MustCompile(`https?://\S+`)

// linkTo finds the absolute link to path in a mail and returns it relative
// to the server, failing when the mail has none or it points elsewhere.
func linkTo(t *testing.T, s *testkit.Server, m sentMail, path string) string {
	t.Helper()
	for _, l := range linkRe.FindAllString(m.Text, -1) {
		u, err := url.Parse(l)
		if err != nil || u.Path != path {
			continue
		}
		if !strings.HasPrefix(l, s.URL+"/") {
			t.Fatalf("link %s is not on the town hall's base URL %s", l, s.URL)
		}
		return strings.TrimPrefix(l, s.URL)
	}
	t.Fatalf("no link to %s in mail %q:\n%s", path, m.Subject, m.Text)
	return ""
}

// audited returns the actions recorded about account id, oldest first.
func audited(t *testing.T, s *testkit.Server, id int64) []string {
	t.Helper()
	ctx := s.Ctx()
	rows, err := db.From(ctx).Query(ctx, "SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = ? ORDER BY id", itoa(id))
	if err != nil {
		t.Fatalf("read audit log: %v", err)
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// signedIn reports whether the client's session works, by opening /account.
func signedIn(t *testing.T, c *testkit.Client) bool {
	t.Helper()
	r := c.Get("/account")
	switch r.StatusCode {
	case 200:
		return true
	case 303:
		return false
	}
	t.Fatalf("GET /account: status %d", r.StatusCode)
	return false
}

// wantStatus fails the test when r's status is not want, showing the page.
func wantStatus(t *testing.T, r *testkit.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; page:\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, testkit.Excerpt(r.Body))
	}
}

// wantRedirect fails the test unless r is a 303 to location.
func wantRedirect(t *testing.T, r *testkit.Response, location string) {
	t.Helper()
	wantStatus(t, r, 303)
	if got := r.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: redirect to %q, want %q", r.Request.Method, r.Request.URL.Path, got, location)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var hiddenRe = regexp.MustCompile(`<input type="hidden" name="(token|next)" value="([^"]*)">`)

// confirmVerify follows a verification link as a person does: opening it
// changes nothing, the button on the page sends the token (and next) on.
func confirmVerify(t *testing.T, c *testkit.Client, link string) *testkit.Response {
	t.Helper()
	page := c.Get(link)
	wantStatus(t, page, http.StatusOK)
	v := url.Values{}
	for _, m := range hiddenRe.FindAllStringSubmatch(page.Body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	if v.Get("token") == "" {
		t.Fatalf("no confirm button on %s:\n%s", link, testkit.Excerpt(page.Body))
	}
	return c.Post("/verify", v)
}

// postVerify sends the token of a verification link without opening it.
func postVerify(c *testkit.Client, link string) *testkit.Response {
	u, _ := url.Parse(link)
	return c.Post("/verify", url.Values{"token": {u.Query().Get("token")}, "next": {u.Query().Get("next")}})
}
