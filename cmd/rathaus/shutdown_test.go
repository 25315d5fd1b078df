package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// slowPost is a form upload that arrives in two parts, as from a slow mobile
// connection: the handler is running and reading the body in between.
type slowPost struct {
	conn net.Conn
	r    *bufio.Reader
	rest string
}

// startSlowPost sends the headers and the first half of a form to path with
// "Expect: 100-continue", and returns once the server answers "100
// Continue": net/http sends that only when the handler starts reading the
// body, so the request is then certainly in flight.
func startSlowPost(t *testing.T, base, path string) *slowPost {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	token := strings.Repeat("a", 43)
	body := url.Values{"csrf_token": {token}, "email": {"someone@example.org"}, "password": {"wrong-password-123"}}.Encode()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Cookie: rathaus_csrf=%s\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", path, u.Host, token, len(body))
	if _, err := conn.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
		t.Fatalf("waiting for 100 Continue: %q, %v", line, err)
	}
	if _, err := r.ReadString('\n'); err != nil { // the empty line after it
		t.Fatal(err)
	}
	half := len(body) / 2
	if _, err := conn.Write([]byte(body[:half])); err != nil {
		t.Fatal(err)
	}
	return &slowPost{conn: conn, r: r, rest: body[half:]}
}

// finish sends the rest of the body and reads the whole response.
func (p *slowPost) finish(t *testing.T) *http.Response {
	t.Helper()
	if _, err := p.conn.Write([]byte(p.rest)); err != nil {
		t.Fatalf("send the rest of the body: %v", err)
	}
	p.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(p.r, nil)
	if err != nil {
		t.Fatalf("read the response: %v", err)
	}
	return resp
}

func TestServeFinishesRequestsInFlightBeforeItStops(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := startServe(t, environ(t, e, "RATHAUS_SHUTDOWN_TIMEOUT=20s"))
		requireRoute(t, newClient(t, s.URL), "/login")
		p := startSlowPost(t, s.URL, "/login")

		stopped := make(chan error, 1)
		go func() { stopped <- s.Stop() }() // like SIGTERM from systemd
		select {
		case err := <-stopped:
			t.Fatalf("serve returned (%v) while a request was still being received", err)
		case <-time.After(500 * time.Millisecond):
		}
		// No new connections are taken while it drains.
		u, _ := url.Parse(s.URL)
		if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
			c.Close()
			t.Error("serve still accepts connections after the stop began")
		}

		resp := p.finish(t)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("the request in flight got status %d", resp.StatusCode)
		}
		if !resp.Close {
			t.Error("the response during shutdown did not close the connection (Connection: close)")
		}
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("serve returned %v after draining, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not return after the last request finished")
		}
	})
}

func TestServeGivesUpOnAStuckRequestAfterTheShutdownTimeout(t *testing.T) {
	s := startServe(t, environ(t, testkit.SQLite, "RATHAUS_SHUTDOWN_TIMEOUT=1s"))
	requireRoute(t, newClient(t, s.URL), "/login")
	startSlowPost(t, s.URL, "/login") // never finished

	start := time.Now()
	err := s.Stop()
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "shutdown") {
		t.Errorf("serve returned %v, want a shutdown error naming the stuck request's timeout", err)
	}
	if took < 900*time.Millisecond || took > 5*time.Second {
		t.Errorf("stop took %v, want about the shutdown timeout of 1 s", took)
	}
}
