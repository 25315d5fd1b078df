package testkit

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// FastPasswords makes argon2id cheap so tests that create many accounts stay
// quick; production uses auth.DefaultPasswordParams.
var FastPasswords = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// Server is a running town hall on 127.0.0.1 with a fresh database.
type Server struct {
	URL string
	App *app.App
	t   testing.TB
}

// ServerOption changes the configuration or options of a test server.
type ServerOption func(*config.Config, *app.Options)

// NewServer starts a town hall on engine e, stopped when the test ends.
func NewServer(t testing.TB, e Engine, opts ...ServerOption) *Server {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = DatabaseURL(t, e)
	cfg.Addr = "127.0.0.1:0"
	// Tests run without map tiles: a browser test must not fetch them from
	// the internet.
	cfg.MapTileURL = ""
	o := app.Options{Password: FastPasswords, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if testing.Verbose() {
		o.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	for _, f := range opts {
		f(&cfg, &o)
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + l.Addr().String()
	a, err := app.New(context.Background(), cfg, o)
	if err != nil {
		l.Close()
		t.Fatalf("start app on %s: %v", e, err)
	}
	a.StartWorkers()
	// Tests snapshot the database; the runner's own start-up rows must be
	// written first.
	select {
	case <-a.Jobs.Ready():
	case <-time.After(30 * time.Second):
		t.Fatalf("start app on %s: the job runner did not start", e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.Close()
	})
	return &Server{URL: cfg.BaseURL, App: a, t: t}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Ctx returns a context carrying the server's database.
func (s *Server) Ctx() context.Context { return db.With(s.t.Context(), s.App.DB) }

// CreateUser makes an account directly in the database.
func (s *Server) CreateUser(email, password string, role auth.Role) auth.User {
	s.t.Helper()
	u, err := s.App.Auth.CreateUser(s.Ctx(), auth.NewUser{Email: email, Password: password, Role: role, EmailVerified: true, Name: "Test " + string(role)})
	if err != nil {
		s.t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// Client is a browser-like HTTP client with cookies that does not follow
// redirects, so tests see them.
type Client struct {
	*http.Client
	Base string
	t    testing.TB
}

// Client returns a new client without cookies.
func (s *Server) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		Client: &http.Client{
			Jar:           jar,
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Base: s.URL,
		t:    s.t,
	}
}

// Response is a read response.
type Response struct {
	*http.Response
	Body string
}

func (c *Client) do(req *http.Request) *Response {
	c.t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read %s: %v", req.URL, err)
	}
	return &Response{Response: resp, Body: string(b)}
}

// Get fetches path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.Base+path, nil)
	return c.do(req)
}

// Send sends a request with method to path with an optional form body, as
// is (no CSRF token added).
func (c *Client) Send(method, path string, form url.Values) *Response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.Base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.do(req)
}

// CSRF returns the client's CSRF token, fetching a page to get one if needed.
func (c *Client) CSRF() string {
	c.t.Helper()
	u, _ := url.Parse(c.Base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "rathaus_csrf" {
			return ck.Value
		}
	}
	c.Get("/login")
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "rathaus_csrf" {
			return ck.Value
		}
	}
	c.t.Fatal("no CSRF cookie after GET /login")
	return ""
}

// Post sends a form to path with the CSRF token added.
func (c *Client) Post(path string, form url.Values) *Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", c.CSRF())
	return c.Send(http.MethodPost, path, form)
}

// Login signs in and fails the test if that does not work.
func (c *Client) Login(email, password string) {
	c.t.Helper()
	r := c.Post("/login", url.Values{"email": {email}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, body:\n%s", email, r.StatusCode, Excerpt(r.Body))
	}
}

var mainRe = regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)

// Excerpt returns the <main> of a page, or the start of a body, for failure
// messages.
func Excerpt(body string) string {
	if m := mainRe.FindStringSubmatch(body); m != nil {
		body = m[1]
	}
	if len(body) > 2000 {
		body = body[:2000] + "…"
	}
	return body
}
