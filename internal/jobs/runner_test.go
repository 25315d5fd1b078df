package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestRunnerRunsEnqueuedJobWithItsPayload(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		c := clock.NewFixed(t0)
		r := jobs.New(fastOptions(t, c))
		got := make(chan string, 1)
		r.Register("greet", func(ctx context.Context, payload []byte) error {
			var p struct{ Name string }
			if err := json.Unmarshal(payload, &p); err != nil {
				return err
			}
			db.From(ctx) // handlers reach the database through ctx
			got <- p.Name
			return nil
		})
		var id int64
		err := d.InTx(t.Context(), func(tx *db.Tx) error {
			var err error
			id, err = jobs.EnqueueJob(t.Context(), tx, jobs.Job{Kind: "greet", Payload: struct{ Name string }{"Jürgen Müller"}, RunAt: c.Now()})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		start(t, d, r)
		select {
		case name := <-got:
			if name != "Jürgen Müller" {
				t.Errorf("payload name = %q", name)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("job did not run")
		}
		eventually(t, 5*time.Second, "job done", func() bool { return jobRow(t, d, id).Status == "done" })
		if r := jobRow(t, d, id); r.Attempts != 1 || r.LastError != "" {
			t.Errorf("row = %+v, want one attempt and no error", r)
		}
	})
}

func TestEnqueueInRolledBackTransactionLeavesNoJob(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		boom := errors.New("the change failed")
		err := d.InTx(t.Context(), func(tx *db.Tx) error {
			if err := jobs.Enqueue(t.Context(), tx, "greet", nil, t0); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if n := countStatus(t, d, "queued"); n != 0 {
			t.Errorf("%d queued jobs after rollback, want 0", n)
		}
	})
}

func TestRunnerWaitsUntilRunAt(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		c := clock.NewFixed(t0)
		r := jobs.New(fastOptions(t, c))
		var runs atomic.Int32
		r.Register("later", func(context.Context, []byte) error { runs.Add(1); return nil })
		id := enqueue(t, d, jobs.Job{Kind: "later", RunAt: t0.Add(time.Hour)})
		start(t, d, r)
		time.Sleep(100 * time.Millisecond) // ten polls
		if n := runs.Load(); n != 0 {
			t.Fatalf("job ran %d times before its time", n)
		}
		c.Advance(time.Hour)
		eventually(t, 5*time.Second, "job done", func() bool { return jobRow(t, d, id).Status == "done" })
		if n := runs.Load(); n != 1 {
			t.Errorf("job ran %d times, want 1", n)
		}
	})
}

func TestRunnerRetriesWithExponentialBackoff(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		c := clock.NewFixed(t0)
		r := jobs.New(fastOptions(t, c)) // backoff base 10 s
		var runs atomic.Int32
		r.Register("flaky", func(context.Context, []byte) error {
			if runs.Add(1) < 3 {
				return errors.New("mail server busy")
			}
			return nil
		})
		id := enqueue(t, d, jobs.Job{Kind: "flaky", RunAt: t0})
		start(t, d, r)

		// After the n-th failure the job waits base·2^(n-1) plus up to half
		// of that as jitter.
		for n, wait := range []time.Duration{10 * time.Second, 20 * time.Second} {
			eventually(t, 5*time.Second, "failed attempt", func() bool { return jobRow(t, d, id).Attempts == n+1 && jobRow(t, d, id).LockedBy == "" })
			row := jobRow(t, d, id)
			now := c.Now()
			if row.Status != "queued" || row.LastError != "mail server busy" {
				t.Fatalf("after attempt %d: %+v", n+1, row)
			}
			if row.RunAt.Before(now.Add(wait)) || row.RunAt.After(now.Add(wait*3/2)) {
				t.Fatalf("after attempt %d: next run at +%s, want between +%s and +%s", n+1, row.RunAt.Sub(now), wait, wait*3/2)
			}
			time.Sleep(50 * time.Millisecond)
			if got := runs.Load(); got != int32(n+1) {
				t.Fatalf("job ran %d times before its backoff elapsed, want %d", got, n+1)
			}
			c.Advance(row.RunAt.Sub(now))
		}
		eventually(t, 5*time.Second, "job done", func() bool { return jobRow(t, d, id).Status == "done" })
		if row := jobRow(t, d, id); row.Attempts != 3 || row.LastError != "" {
			t.Errorf("final row %+v, want 3 attempts and the error cleared", row)
		}
	})
}

func TestRunnerMarksJobFailedAfterMaxAttempts(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		c := clock.NewFixed(t0)
		r := jobs.New(fastOptions(t, c))
		var runs atomic.Int32
		r.Register("doomed", func(context.Context, []byte) error {
			runs.Add(1)
			return errors.New("recipient unknown")
		})
		type failure struct {
			payload string
			cause   error
		}
		failed := make(chan failure, 2)
		r.OnFailure("doomed", func(ctx context.Context, q db.Querier, payload []byte, cause error) error {
			failed <- failure{string(payload), cause}
			return nil
		})
		id := enqueue(t, d, jobs.Job{Kind: "doomed", Payload: map[string]int{"id": 7}, RunAt: t0, MaxAttempts: 3})
		start(t, d, r)
		eventually(t, 10*time.Second, "job failed", func() bool {
			row := jobRow(t, d, id)
			if row.Status == "failed" {
				return true
			}
			if row.LockedBy == "" && row.Attempts > 0 {
				// Between attempts: move past the backoff, but never while
				// the job runs, which would end its lease.
				c.Advance(row.RunAt.Sub(c.Now()))
			}
			return false
		})
		row := jobRow(t, d, id)
		if row.Attempts != 3 || row.LastError != "recipient unknown" {
			t.Errorf("row = %+v, want 3 attempts and the last error", row)
		}
		select {
		case f := <-failed:
			if f.payload != `{"id":7}` || f.cause == nil || f.cause.Error() != "recipient unknown" {
				t.Errorf("failure handler got %+v", f)
			}
		case <-time.After(time.Second):
			t.Fatal("failure handler not called")
		}
		c.Advance(time.Hour)
		time.Sleep(50 * time.Millisecond)
		if n := runs.Load(); n != 3 {
			t.Errorf("job ran %d times, want 3", n)
		}
		if len(failed) != 0 {
			t.Error("failure handler called more than once")
		}
	})
}

func TestRunnerHandlesBadJobsWithoutDying(t *testing.T) {
	tests := []struct {
		name       string
		handler    jobs.Handler
		wantStatus string
		wantError  string
	}{
		{"permanent error fails at once", func(context.Context, []byte) error {
			return jobs.Permanent(errors.New("550 no such mailbox"))
		}, "failed", "550 no such mailbox"},
		{"panic is retried", func(context.Context, []byte) error {
			var m map[string]int
			m["boom"] = 1
			return nil
		}, "queued", "panic: assignment to entry in nil map"},
	}
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := testkit.NewDB(t, e, jobs.Migrations)
				r := jobs.New(fastOptions(t, clock.NewFixed(t0)))
				r.Register("bad", tt.handler)
				r.Register("good", func(context.Context, []byte) error { return nil })
				bad := enqueue(t, d, jobs.Job{Kind: "bad", RunAt: t0})
				good := enqueue(t, d, jobs.Job{Kind: "good", RunAt: t0})
				start(t, d, r)
				eventually(t, 5*time.Second, "bad job handled", func() bool {
					row := jobRow(t, d, bad)
					return row.Status == "failed" || row.Attempts == 1 && row.LockedBy == ""
				})
				eventually(t, 5*time.Second, "good job done", func() bool { return jobRow(t, d, good).Status == "done" })
				row := jobRow(t, d, bad)
				if row.Status != tt.wantStatus || !strings.HasPrefix(row.LastError, tt.wantError) || row.Attempts != 1 {
					t.Errorf("bad job = %+v, want status %s, error %q, 1 attempt", row, tt.wantStatus, tt.wantError)
				}
			})
		}
	})
}

func TestRunnerLeavesKindsWithoutHandlerAlone(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		r := jobs.New(fastOptions(t, clock.NewFixed(t0)))
		r.Register("known", func(context.Context, []byte) error { return nil })
		unknown := enqueue(t, d, jobs.Job{Kind: "from.a.newer.version", RunAt: t0})
		known := enqueue(t, d, jobs.Job{Kind: "known", RunAt: t0})
		start(t, d, r)
		eventually(t, 5*time.Second, "known job done", func() bool { return jobRow(t, d, known).Status == "done" })
		time.Sleep(30 * time.Millisecond)
		if row := jobRow(t, d, unknown); row.Status != "queued" || row.Attempts != 0 {
			t.Errorf("job without handler = %+v, want untouched", row)
		}
	})
}

func TestEnqueueWakesIdleRunner(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		opts := fastOptions(t, clock.NewFixed(t0))
		opts.Poll = time.Hour // only a wake-up can start the job in time
		r := jobs.New(opts)
		ran := make(chan struct{}, 1)
		r.Register("now", func(context.Context, []byte) error { ran <- struct{}{}; return nil })
		start(t, d, r)
		time.Sleep(50 * time.Millisecond) // let the workers go idle
		err := d.InTx(t.Context(), func(tx *db.Tx) error {
			return jobs.Enqueue(t.Context(), tx, "now", nil, t0)
		})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-ran:
		case <-time.After(3 * time.Second):
			t.Fatal("enqueued job did not wake the runner")
		}
	})
}

func TestShutdownWaitsForRunningJob(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		r := jobs.New(fastOptions(t, clock.NewFixed(t0)))
		started := make(chan struct{})
		var finished atomic.Bool
		r.Register("slow", func(ctx context.Context, _ []byte) error {
			close(started)
			time.Sleep(300 * time.Millisecond)
			if ctx.Err() != nil {
				return ctx.Err() // shutdown must not cancel the job
			}
			finished.Store(true)
			return nil
		})
		id := enqueue(t, d, jobs.Job{Kind: "slow", RunAt: t0})
		stop := start(t, d, r)
		<-started
		stop()
		if !finished.Load() {
			t.Fatal("Run returned before the running job finished")
		}
		if row := jobRow(t, d, id); row.Status != "done" {
			t.Errorf("job after shutdown = %+v, want done", row)
		}
	})
}

func TestPurgeDeletesOldFinishedJobsOnly(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		d := testkit.NewDB(t, e, jobs.Migrations)
		c := clock.NewFixed(t0)
		r := jobs.New(fastOptions(t, c))
		r.Register("x", func(context.Context, []byte) error { return nil })
		old := enqueue(t, d, jobs.Job{Kind: "x", RunAt: t0})
		waiting := enqueue(t, d, jobs.Job{Kind: "x", RunAt: t0.Add(48 * time.Hour)})
		stop := start(t, d, r)
		eventually(t, 5*time.Second, "job done", func() bool { return jobRow(t, d, old).Status == "done" })
		stop()
		n, err := jobs.Purge(t.Context(), d, t0.Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("Purge = %d, %v; want 1", n, err)
		}
		if row := jobRow(t, d, waiting); row.Status != "queued" {
			t.Errorf("queued job after purge: %+v", row)
		}
		due, err := r.Due(testkit.Context(t, d))
		if err != nil || due != 0 {
			t.Errorf("Due = %d, %v; want 0", due, err)
		}
		c.Advance(48 * time.Hour)
		if due, _ := r.Due(testkit.Context(t, d)); due != 1 {
			t.Errorf("Due two days later = %d, want 1", due)
		}
	})
}
