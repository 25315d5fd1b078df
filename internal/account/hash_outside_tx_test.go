package account_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// saltGate is a salt source that holds the first hash until released, so a
// test can act while a handler is in the middle of hashing a password.
type saltGate struct {
	once     sync.Once
	hashing  chan struct{}
	released chan struct{}
}

func newSaltGate() *saltGate {
	return &saltGate{hashing: make(chan struct{}), released: make(chan struct{})}
}

func (g *saltGate) Read(p []byte) (int, error) {
	g.once.Do(func() { close(g.hashing) })
	<-g.released
	return rand.Read(p)
}

// TestPasswordsAreHashedOutsideTheTransaction holds each handler that sets a
// password in the middle of hashing it and writes to the database
// meanwhile. On SQLite a transaction holds the town's one writer, so the
// write goes through only if the handler hashes before it opens its
// transaction. (PostgreSQL lets other writers on while a transaction is
// open, so the test runs on SQLite.)
func TestPasswordsAreHashedOutsideTheTransaction(t *testing.T) {
	t.Parallel()
	s, _ := newServer(t, testkit.SQLite)
	u := s.CreateUser("greta@example.org", pw, auth.RoleCitizen)
	signedIn := s.Client()
	signedIn.Login(u.Email, pw)
	tests := []struct {
		name string
		// prepare returns the client, path and form to send.
		prepare func(t *testing.T) (*testkit.Client, string, url.Values)
		want    int
	}{
		{"register", func(t *testing.T) (*testkit.Client, string, url.Values) {
			return s.Client(), "/register", registration("ida@example.org")
		}, http.StatusSeeOther},
		{"change the password", func(t *testing.T) (*testkit.Client, string, url.Values) {
			return signedIn, "/account/password", url.Values{"current_password": {pw}, "new_password": {newPW}, "new_password_confirm": {newPW}}
		}, http.StatusSeeOther},
		{"reset the password", func(t *testing.T) (*testkit.Client, string, url.Values) {
			wantRedirect(t, s.Client().Post("/password/forgot", url.Values{"email": {u.Email}}), "/password/forgot/sent")
			token := tokenOf(t, linkTo(t, s, lastMail(t, s, u.Email), "/password/reset"))
			return s.Client(), "/password/reset", resetForm(token, "a reset passphrase", "a reset passphrase")
		}, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, path, form := tt.prepare(t)
			form.Set("csrf_token", c.CSRF())
			gate := newSaltGate()
			s.App.Auth.Salt = gate
			answered := make(chan int, 1)
			go func() {
				req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := c.Do(req)
				if err != nil {
					answered <- 0
					return
				}
				resp.Body.Close()
				answered <- resp.StatusCode
			}()
			var writeErr error
			select {
			case <-gate.hashing:
				ctx, cancel := context.WithTimeout(s.Ctx(), 10*time.Second)
				_, writeErr = db.From(ctx).Exec(ctx, "UPDATE users SET name = name WHERE id = ?", u.ID)
				cancel()
			case status := <-answered:
				t.Fatalf("answered %d without hashing a password", status)
			}
			close(gate.released)
			status := <-answered
			s.App.Auth.Salt = nil
			if writeErr != nil {
				t.Errorf("a write while the password was hashed: %v; want it through at once", writeErr)
			}
			if status != tt.want {
				t.Errorf("status %d, want %d", status, tt.want)
			}
		})
	}
}
