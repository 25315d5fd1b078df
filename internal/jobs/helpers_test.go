package jobs_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fastOptions poll often and log to the test, so the tests take
// milliseconds.
func fastOptions(t *testing.T, c clock.Clock) jobs.Options {
	return jobs.Options{
		Clock:       c,
		Logger:      testLogger(t),
		Poll:        10 * time.Millisecond,
		Lease:       time.Minute,
		BackoffBase: 10 * time.Second,
		BackoffMax:  time.Hour,
		Concurrency: 2,
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

// start runs r on d until the returned stop is called (or the test ends);
// stop returns once Run has returned.
func start(t *testing.T, d *db.DB, r *jobs.Runner) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(db.With(context.Background(), d))
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// eventually fails the test when cond is not true within timeout.
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

type row struct {
	Status    string
	Attempts  int
	RunAt     time.Time
	LastError string
	LockedBy  string
}

func jobRow(t *testing.T, d *db.DB, id int64) row {
	t.Helper()
	var r row
	err := d.QueryRow(t.Context(), `SELECT status, attempts, run_at, last_error, locked_by FROM jobs WHERE id = ?`, id).
		Scan(&r.Status, &r.Attempts, &r.RunAt, &r.LastError, &r.LockedBy)
	if err != nil {
		t.Fatalf("read job %d: %v", id, err)
	}
	r.RunAt = r.RunAt.UTC()
	return r
}

func enqueue(t *testing.T, d *db.DB, j jobs.Job) int64 {
	t.Helper()
	id, err := jobs.EnqueueJob(t.Context(), d, j)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// twoHandles opens the same fresh database twice, as two instances of the
// town hall would.
func twoHandles(t *testing.T, e testkit.Engine) (*db.DB, *db.DB) {
	t.Helper()
	url := testkit.DatabaseURL(t, e)
	open := func() *db.DB {
		d, err := db.Open(context.Background(), url, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	a, b := open(), open()
	if _, err := a.Migrate(context.Background(), jobs.Migrations); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func countStatus(t *testing.T, d *db.DB, status string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM jobs WHERE status = ?`, status).Scan(&n); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return n
}
