package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// These tests run the real program in-process: Main.Run with a settings
// environment, a data directory in t.TempDir() and port 0 on 127.0.0.1.

// syncBuffer is an io.Writer that serve's log and the test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// environ returns the settings of a fresh town hall on engine e: its own data
// directory and, on PostgreSQL, its own schema. SQLite uses the default file
// DATA_DIR/rathaus.db, as an installation without RATHAUS_DATABASE_URL does.
func environ(t *testing.T, e testkit.Engine, extra ...string) []string {
	t.Helper()
	env := []string{
		"RATHAUS_DATA_DIR=" + t.TempDir(),
		"RATHAUS_ADDR=127.0.0.1:0",
		"RATHAUS_LOG_LEVEL=warn",
		"HOME=/nonexistent", // unrelated variables are ignored
	}
	if e == testkit.Postgres {
		env = append(env, "RATHAUS_DATABASE_URL="+testkit.DatabaseURL(t, e))
	}
	return append(env, extra...)
}

// getenv returns the value of key in env (the last one wins, as in a shell).
func getenv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, _ := strings.Cut(kv, "="); k == key {
			v = val
		}
	}
	return v
}

// newMain returns a Main with captured output; passwords are hashed cheaply
// so the tests stay fast.
func newMain(env []string) (*Main, *syncBuffer, *syncBuffer) {
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	m := NewMain(stdout, stderr, env)
	m.Options = app.Options{Password: testkit.FastPasswords}
	return m, stdout, stderr
}

// run runs one command to its end and returns its output and error.
func run(t *testing.T, env []string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	Stdin = strings.NewReader(stdin)
	t.Cleanup(func() { Stdin = strings.NewReader("") })
	m, out, errOut := newMain(env)
	err = m.Run(t.Context(), args)
	return out.String(), errOut.String(), err
}

// server is a running `rathaus serve`.
type server struct {
	URL            string
	Stdout, Stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan error
	t              *testing.T
}

// startServe runs `rathaus serve args…` until the test ends (or Stop).
func startServe(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	s, err := tryServe(t, env, args...)
	if err != nil {
		t.Fatalf("serve %v: %v\nstderr:\n%s", args, err, s.Stderr)
	}
	return s
}

// tryServe starts serve and returns the error if it stops before listening.
func tryServe(t *testing.T, env []string, args ...string) (*server, error) {
	t.Helper()
	m, stdout, stderr := newMain(env)
	listening := make(chan net.Addr, 1)
	m.Listening = listening
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{Stdout: stdout, Stderr: stderr, cancel: cancel, done: make(chan error, 1), t: t}
	go func() { s.done <- m.Run(ctx, append([]string{"serve"}, args...)) }()
	select {
	case addr := <-listening:
		s.URL = "http://" + addr.String()
	case err := <-s.done:
		cancel()
		if err == nil {
			err = errors.New("serve returned nil before listening")
		}
		return s, err
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not start within 30 s; stderr:\n%s", stderr)
	}
	t.Cleanup(func() { s.Stop() })
	return s, nil
}

// Stop cancels serve's context, as SIGTERM does, and returns Run's result.
func (s *server) Stop() error {
	s.t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // a second Stop (the cleanup) sees the same result
		return err
	case <-time.After(30 * time.Second):
		s.t.Fatalf("serve did not stop within 30 s")
		return nil
	}
}

// client is a browser-like HTTP client: cookies, no redirects followed.
type client struct {
	*http.Client
	base string
	t    *testing.T
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{
		Client: &http.Client{
			Jar:           jar,
			Timeout:       20 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		base: base,
		t:    t,
	}
}

type response struct {
	*http.Response
	Body string
}

func (c *client) do(method, path string, form url.Values) response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read %s %s: %v", method, path, err)
	}
	return response{Response: resp, Body: string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	return c.do(http.MethodGet, path, nil)
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// post sends a form with the CSRF token from the cookie a page set before.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	token := c.cookie("rathaus_csrf")
	if token == "" {
		c.t.Fatalf("POST %s: no CSRF cookie yet; GET a form page first", path)
	}
	form.Set("csrf_token", token)
	return c.do(http.MethodPost, path, form)
}

// requireRoute fails the test when path is not served, so a test of a
// module's route cannot pass by accident when the module is unwired.
func requireRoute(t *testing.T, c *client, path string) {
	t.Helper()
	if r := c.get(path); r.StatusCode == http.StatusNotFound {
		t.Fatalf("GET %s answers 404: the module serving it is not wired into internal/app", path)
	}
}
