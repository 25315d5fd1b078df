package forms_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// start is the tests' "now": a Tuesday in spring, 10:00 in Germany.
var start = time.Date(2026, 5, 12, 8, 0, 0, 0, time.UTC)

// town is a running town hall with the demo forms installed, the
// departments they need, a citizen account and a submitter that records
// what it gets.
type town struct {
	t       *testing.T
	srv     *testkit.Server
	clock   *clock.Fixed
	citizen auth.User
	other   auth.User
	admin   auth.User
	sub     *recordingSubmitter
	// cases is the app's own Submitter: case handling.
	cases forms.Submitter
}

const password = "Test-Passwort-2026"

// demoForms are the definitions of internal/demo/forms.
func demoForms(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := fs.Glob(demo.Forms, "forms/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("demo forms: %v (%d files)", err, len(files))
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := fs.ReadFile(demo.Forms, f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(path.Base(f), ".yaml")] = b
	}
	return out
}

func newTown(t *testing.T, e testkit.Engine, opts ...testkit.ServerOption) *town {
	t.Helper()
	clk := clock.NewFixed(start)
	opts = append([]testkit.ServerOption{func(_ *config.Config, o *app.Options) { o.Clock = clk }}, opts...)
	srv := testkit.NewServer(t, e, opts...)
	ctx := srv.Ctx()
	for _, slug := range []string{"kaemmerei", "ordnungsamt", "buergerbuero"} {
		if _, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:]}); err != nil {
			t.Fatal(err)
		}
	}
	forms := demoForms(t)
	test, err := os.ReadFile("testdata/alle-felder.yaml")
	if err != nil {
		t.Fatal(err)
	}
	forms["alle-felder"] = test
	for name, src := range forms {
		if _, err := srv.App.Forms.Install(ctx, src, 0); err != nil {
			t.Fatalf("install form %s: %v", name, err)
		}
	}
	tw := &town{t: t, srv: srv, clock: clk, sub: &recordingSubmitter{}, cases: srv.App.Forms.Submitter}
	srv.App.Forms.Submitter = tw.sub
	mk := func(email, name string, r auth.Role) auth.User {
		u, err := srv.App.Auth.CreateUser(ctx, auth.NewUser{Email: email, Name: name, Password: password, Role: r, EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	tw.citizen = mk("erika@example.org", "Erika Mustermann", auth.RoleCitizen)
	tw.other = mk("otto@example.org", "Otto Normal", auth.RoleCitizen)
	tw.admin = mk("admin@example.org", "Anna Admin", auth.RoleAdmin)
	return tw
}

// client returns a client signed in as u, or a guest for the zero user.
func (tw *town) client(u auth.User) *testkit.Client {
	tw.t.Helper()
	c := tw.srv.Client()
	base, _ := url.Parse(tw.srv.URL)
	cookies := []*http.Cookie{{Name: web.CSRFCookie, Value: auth.NewToken(), Path: "/"}}
	if u.ID != 0 {
		token, err := tw.srv.App.Auth.StartSession(tw.srv.Ctx(), u.ID)
		if err != nil {
			tw.t.Fatal(err)
		}
		cookies = append(cookies, &http.Cookie{Name: web.SessionCookie, Value: token, Path: "/"})
	}
	c.Jar.SetCookies(base, cookies)
	return c
}

// begin starts form id as c and returns the first page's path.
func (tw *town) begin(c *testkit.Client, id string) string {
	tw.t.Helper()
	r := c.Post("/forms/"+id, nil)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "/d/") {
		tw.t.Fatalf("start %s: %d %s\n%s", id, r.StatusCode, r.Header.Get("Location"), testkit.Excerpt(r.Body))
	}
	return r.Header.Get("Location")
}

// post sends a page's answers with the button action ("" = continue).
func post(t testing.TB, c *testkit.Client, path string, v url.Values, action string) *testkit.Response {
	t.Helper()
	if v == nil {
		v = url.Values{}
	}
	if action != "" {
		v.Set("action", action)
	}
	return c.Post(path, v)
}

// upload is a file to send with postMultipart.
type upload struct {
	field, name string
	body        []byte
}

// postMultipart sends a page as multipart with files.
func postMultipart(t testing.TB, c *testkit.Client, path string, v url.Values, action string, files ...upload) *testkit.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(web.CSRFField, c.CSRF())
	if action != "" {
		mw.WriteField("action", action)
	}
	for k, vs := range v {
		for _, x := range vs {
			mw.WriteField(k, x)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.body)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Response: resp, Body: string(b)}
}

// follow fetches the page a redirect points to; other responses come back
// as they are.
func follow(t testing.TB, c *testkit.Client, r *testkit.Response) *testkit.Response {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		return r
	}
	return c.Get(r.Header.Get("Location"))
}

// location is the redirect target of r, or fails.
func location(t testing.TB, r *testkit.Response, what string) string {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want a redirect:\n%s", what, r.StatusCode, testkit.Excerpt(r.Body))
	}
	return r.Header.Get("Location")
}

// page is a parsed HTML page.
type page struct {
	doc  *html.Node
	body string
}

func parse(t testing.TB, body string) page {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return page{doc, body}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func each(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		each(c, fn)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	each(n, func(m *html.Node) {
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// byID returns the element with id, or nil.
func (p page) byID(id string) *html.Node {
	var out *html.Node
	each(p.doc, func(n *html.Node) {
		if out == nil && n.Type == html.ElementNode && attr(n, "id") == id {
			out = n
		}
	})
	return out
}

// inputs returns the controls named name.
func (p page) inputs(name string) []*html.Node {
	var out []*html.Node
	each(p.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "input" || n.Data == "select" || n.Data == "textarea") && attr(n, "name") == name {
			out = append(out, n)
		}
	})
	return out
}

// value is what the control name shows: an input's value, a textarea's
// text, the checked radios' or selected options' values.
func (p page) value(name string) string {
	var vals []string
	for _, n := range p.inputs(name) {
		switch {
		case n.Data == "textarea":
			vals = append(vals, text(n))
		case n.Data == "select":
			each(n, func(o *html.Node) {
				if o.Type == html.ElementNode && o.Data == "option" && hasAttr(o, "selected") {
					vals = append(vals, attr(o, "value"))
				}
			})
		case attr(n, "type") == "radio" || attr(n, "type") == "checkbox":
			if hasAttr(n, "checked") {
				vals = append(vals, attr(n, "value"))
			}
		default:
			vals = append(vals, attr(n, "value"))
		}
	}
	return strings.Join(vals, ",")
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// fieldError returns the error message shown next to the field at path
// ("" if none), checking that the control points to it with
// aria-describedby and that the summary links to it.
func (p page) fieldError(t testing.TB, path string) string {
	t.Helper()
	e := p.byID("f-" + path + "-error")
	if e == nil {
		return ""
	}
	msg := text(e)
	linked := false
	each(p.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" && strings.HasSuffix(attr(n, "href"), "#f-"+path) {
			linked = true
		}
	})
	if !linked {
		t.Errorf("error of %s (%q) is not linked from the error summary", path, msg)
	}
	described := false
	each(p.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && strings.Contains(" "+attr(n, "aria-describedby")+" ", " f-"+path+"-error ") {
			described = true
		}
	})
	if !described {
		t.Errorf("error of %s (%q) is not tied to a control with aria-describedby", path, msg)
	}
	return msg
}

// recordingSubmitter is a real Submitter for tests: it stores every
// submission in a table of the town's database, in the transaction that
// marks the draft sent.
type recordingSubmitter struct {
	mu   sync.Mutex
	fail error
}

func (s *recordingSubmitter) Submit(ctx context.Context, sub forms.Submission) (forms.Receipt, error) {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	tx, ok := db.TxFrom(ctx)
	if !ok {
		return forms.Receipt{}, fmt.Errorf("submit outside the sending transaction")
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS test_submissions (form_id TEXT NOT NULL, body TEXT NOT NULL)`); err != nil {
		return forms.Receipt{}, err
	}
	body, err := json.Marshal(sub)
	if err != nil {
		return forms.Receipt{}, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO test_submissions (form_id, body) VALUES (?, ?)`, sub.FormID, string(body)); err != nil {
		return forms.Receipt{}, err
	}
	if fail != nil {
		return forms.Receipt{}, fail
	}
	var n int64
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM test_submissions`).Scan(&n); err != nil {
		return forms.Receipt{}, err
	}
	ref := fmt.Sprintf("TST-%04d", n)
	return forms.Receipt{CaseID: n, Reference: ref, StatusURL: "/my/cases/" + ref, ReceiptURL: "/my/cases/" + ref + "/receipt.pdf"}, nil
}

// submissions returns what the submitter stored and committed.
func (tw *town) submissions() []forms.Submission {
	tw.t.Helper()
	ctx := tw.srv.Ctx()
	rows, err := db.From(ctx).Query(ctx, `SELECT body FROM test_submissions ORDER BY form_id`)
	if err != nil {
		if strings.Contains(err.Error(), "test_submissions") {
			return nil
		}
		tw.t.Fatal(err)
	}
	defer rows.Close()
	var out []forms.Submission
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			tw.t.Fatal(err)
		}
		var s forms.Submission
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			tw.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

var tokenRe = regexp.MustCompile(`/d/([^/]+)/`)

// draftToken is the link token in a draft URL.
func draftToken(path string) string {
	m := tokenRe.FindStringSubmatch(path)
	if m == nil {
		return ""
	}
	return m[1]
}
