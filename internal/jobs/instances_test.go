package jobs_test

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// Two instances share one database: on PostgreSQL two connection pools, on
// SQLite two handles on one file.
func TestTwoRunnersNeverRunTheSameJobTwice(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		a, b := twoHandles(t, e)
		const n = 150
		for i := range n {
			enqueue(t, a, jobs.Job{Kind: "count", Payload: i, RunAt: t0})
		}
		var mu sync.Mutex
		runs := map[int]int{}
		byRunner := map[string]int{}
		var total atomic.Int32
		handler := func(name string) jobs.Handler {
			return func(ctx context.Context, payload []byte) error {
				var i int
				if err := json.Unmarshal(payload, &i); err != nil {
					return err
				}
				time.Sleep(time.Millisecond) // give the other runner a chance
				mu.Lock()
				runs[i]++
				byRunner[name]++
				mu.Unlock()
				total.Add(1)
				return nil
			}
		}
		c := clock.NewFixed(t0)
		ra, rb := jobs.New(fastOptions(t, c)), jobs.New(fastOptions(t, c))
		ra.Register("count", handler("a"))
		rb.Register("count", handler("b"))
		start(t, a, ra)
		start(t, b, rb)
		eventually(t, 20*time.Second, "all jobs done", func() bool { return countStatus(t, a, "done") == n })
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		for i := range n {
			if runs[i] != 1 {
				t.Errorf("job %d ran %d times, want once", i, runs[i])
			}
		}
		if got := total.Load(); got != n {
			t.Errorf("%d runs in total, want %d", got, n)
		}
		t.Logf("runner a ran %d jobs, runner b %d", byRunner["a"], byRunner["b"])
	})
}

// A worker that hangs (or died) past its lease loses the job to another
// worker, and its late outcome does not overwrite the other's.
func TestLeaseExpiryLetsAnotherRunnerTakeOver(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		a, b := twoHandles(t, e)
		c := clock.NewFixed(t0)
		optsA := fastOptions(t, c)
		optsA.ID = "hung"
		optsA.Lease = time.Minute
		optsA.Concurrency = 1 // one hung worker, no second one to take over
		ra := jobs.New(optsA)
		claimed := make(chan struct{})
		release := make(chan struct{})
		ra.Register("work", func(ctx context.Context, _ []byte) error {
			close(claimed)
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		})
		id := enqueue(t, a, jobs.Job{Kind: "work", RunAt: t0})
		stopA := start(t, a, ra)
		releaseOnce := sync.OnceFunc(func() { close(release) })
		t.Cleanup(releaseOnce) // runs before stopA when the test fails early
		<-claimed
		if row := jobRow(t, a, id); row.LockedBy != "hung" || row.Attempts != 1 {
			t.Fatalf("claimed row = %+v", row)
		}

		optsB := fastOptions(t, c)
		optsB.ID = "healthy"
		rb := jobs.New(optsB)
		var ranB atomic.Int32
		rb.Register("work", func(context.Context, []byte) error { ranB.Add(1); return nil })
		start(t, b, rb)
		time.Sleep(50 * time.Millisecond)
		if ranB.Load() != 0 {
			t.Fatal("second runner took a job whose lease was still valid")
		}

		c.Advance(time.Minute + time.Second)
		eventually(t, 5*time.Second, "takeover", func() bool { return jobRow(t, a, id).Status == "done" })
		if row := jobRow(t, a, id); row.LockedBy != "healthy" || row.Attempts != 2 || ranB.Load() != 1 {
			t.Errorf("after takeover: %+v, second runner ran %d times", row, ranB.Load())
		}

		releaseOnce()
		stopA()
		if row := jobRow(t, a, id); row.LockedBy != "healthy" || row.Status != "done" {
			t.Errorf("the hung worker's late outcome overwrote the row: %+v", row)
		}
	})
}

func TestPeriodicJobRunsOncePerIntervalAcrossInstances(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		a, b := twoHandles(t, e)
		c := clock.NewFixed(t0)
		var runs atomic.Int32
		runners := []*jobs.Runner{jobs.New(fastOptions(t, c)), jobs.New(fastOptions(t, c))}
		for i, r := range runners {
			r.Register("purge", func(context.Context, []byte) error { runs.Add(1); return nil })
			r.Every("purge", time.Hour)
			start(t, []*db.DB{a, b}[i], r)
		}
		steps := []struct {
			advance time.Duration
			want    int32
		}{
			{0, 1},                // first run at start, by one of the two
			{30 * time.Minute, 1}, // not yet
			{30 * time.Minute, 2}, // one hour after the first
			{59 * time.Minute, 2},
			{time.Minute, 3},
		}
		for _, s := range steps {
			c.Advance(s.advance)
			eventually(t, 5*time.Second, "periodic run", func() bool { return runs.Load() >= s.want })
			time.Sleep(60 * time.Millisecond) // several polls of both runners
			if got := runs.Load(); got != s.want {
				t.Fatalf("at %s: %d runs, want %d", c.Now().Sub(t0), got, s.want)
			}
		}
		var rows int
		if err := a.QueryRow(t.Context(), `SELECT COUNT(*) FROM jobs WHERE kind = 'purge'`).Scan(&rows); err != nil || rows != 1 {
			t.Errorf("periodic job rows = %d, %v; want one", rows, err)
		}
	})
}
