package mail_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const from = "Rathaus Musterstadt <rathaus@musterstadt.example>"

// world is a database with the outbox and a runner delivering through a
// sender, on a clock that moves only when told.
type world struct {
	d      *db.DB
	clock  *clock.Fixed
	outbox *mail.Outbox
	runner *jobs.Runner
}

func newWorld(t *testing.T, e testkit.Engine, s mail.Sender) *world {
	t.Helper()
	w := &world{d: testkit.NewDB(t, e, jobs.Migrations, mail.Migrations), clock: clock.NewFixed(t0)}
	w.outbox = &mail.Outbox{Clock: w.clock, From: from, Sender: s, Logger: testLogger(t)}
	w.runner = jobs.New(jobs.Options{
		Clock:       w.clock,
		Logger:      testLogger(t),
		Poll:        10 * time.Millisecond,
		BackoffBase: 10 * time.Second,
		Concurrency: 2,
	})
	w.outbox.Register(w.runner)
	return w
}

// run starts the runner until the test ends.
func (w *world) run(t *testing.T) {
	ctx, cancel := context.WithCancel(db.With(context.Background(), w.d))
	done := make(chan struct{})
	go func() { w.runner.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func (w *world) enqueue(t *testing.T, m mail.Message) {
	t.Helper()
	if err := w.outbox.Enqueue(t.Context(), w.d, m); err != nil {
		t.Fatal(err)
	}
}

type outboxRow struct {
	Recipient string
	Status    string
	Attempts  int
	LastError string
	MessageID string
}

func (w *world) rows(t *testing.T) []outboxRow {
	t.Helper()
	rows, err := w.d.Query(t.Context(), `SELECT recipient, status, attempts, last_error, message_id FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.Recipient, &r.Status, &r.Attempts, &r.LastError, &r.MessageID); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (w *world) pending(t *testing.T) int {
	t.Helper()
	n, err := w.outbox.Pending(testkit.Context(t, w.d))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// advancePastBackoff waits until no job runs (moving the clock then would
// end its lease) and moves the clock to the latest retry time.
func (w *world) advancePastBackoff(t *testing.T) {
	t.Helper()
	eventually(t, 5*time.Second, "no job running", func() bool {
		var running int
		if err := w.d.QueryRow(t.Context(), `SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND locked_by <> ''`).Scan(&running); err != nil {
			t.Fatal(err)
		}
		return running == 0
	})
	var next time.Time
	err := w.d.QueryRow(t.Context(), `SELECT run_at FROM jobs WHERE status = 'queued' AND locked_by = '' AND attempts > 0
		ORDER BY run_at DESC LIMIT 1`).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if next.After(w.clock.Now()) {
		w.clock.Advance(next.Sub(w.clock.Now()))
	}
}

func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func testLogger(t *testing.T) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func smtpSender(t *testing.T, srv *testkit.SMTPServer, url string) mail.Sender {
	t.Helper()
	s, err := mail.NewSMTPSender(url, srv.ClientTLS())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
