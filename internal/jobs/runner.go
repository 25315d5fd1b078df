package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Handler does one job. An error makes the job retry later with backoff
// (unless wrapped with Permanent); the job's context ends when its lease
// does, because after that another worker may take the job over.
type Handler func(ctx context.Context, payload []byte) error

// FailureHandler is called when a job of its kind has failed for good, in
// the transaction that marks the job failed, so a module can record the
// failure on its own row (the mail outbox marks the message failed).
type FailureHandler func(ctx context.Context, q db.Querier, payload []byte, cause error) error

// Options tune a Runner; the zero value of each field means its default.
type Options struct {
	Clock  clock.Clock
	Logger *slog.Logger
	// Poll is how often an idle worker looks for due jobs (default 1 s).
	Poll time.Duration
	// Lease is how long a claimed job belongs to its worker (default 2 min);
	// the handler's context ends then.
	Lease time.Duration
	// BackoffBase is the wait before the first retry, doubled for each
	// further attempt up to BackoffMax (defaults 30 s and 1 h), plus up to
	// half of it again as jitter so retries of many jobs spread out.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// Concurrency is the number of jobs run at the same time (default 4).
	Concurrency int
	// ID names this worker in locked_by (default host-pid-random).
	ID string
}

// Runner claims due jobs and runs their handlers.
type Runner struct {
	opts     Options
	log      *slog.Logger
	mu       sync.Mutex
	handlers map[string]Handler
	failures map[string]FailureHandler
	every    map[string]time.Duration

	ready     chan struct{}
	readyOnce sync.Once
}

// New returns a Runner with opts, defaults filled in.
func New(opts Options) *Runner {
	if opts.Clock == nil {
		opts.Clock = clock.System{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = 30 * time.Second
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = time.Hour
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.ID == "" {
		opts.ID = workerID()
	}
	return &Runner{
		opts:     opts,
		log:      opts.Logger.With("worker", opts.ID),
		handlers: map[string]Handler{},
		failures: map[string]FailureHandler{},
		every:    map[string]time.Duration{},
		ready:    make(chan struct{}),
	}
}

func workerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// ID returns the name this runner puts in locked_by.
func (r *Runner) ID() string { return r.opts.ID }

// Register sets the handler for jobs of kind. Call it before Run; a runner
// only claims kinds it has a handler for, so instances running different
// versions leave each other's new kinds alone.
func (r *Runner) Register(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[kind]; dup {
		panic("jobs: handler for " + kind + " registered twice")
	}
	r.handlers[kind] = h
}

// OnFailure sets what happens when a job of kind has failed for good.
func (r *Runner) OnFailure(kind string, f FailureHandler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures[kind] = f
}

// Every makes the handler of kind (registered with Register) run once per
// interval across all instances sharing the database, first at the start.
// Intervals are whole seconds, at least one.
func (r *Runner) Every(kind string, interval time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.every[kind] = max(interval.Round(time.Second), time.Second)
}

// Ready is closed once Run has written the periodic jobs' rows, so tests
// that compare the database before and after a request can start after
// the runner's own start-up writes.
func (r *Runner) Ready() <-chan struct{} { return r.ready }

func (r *Runner) markReady() { r.readyOnce.Do(func() { close(r.ready) }) }

// Run works on due jobs until ctx ends, then waits for the running jobs to
// finish and records their outcome. The database comes from ctx.
func (r *Runner) Run(ctx context.Context) error {
	d := db.From(ctx)
	r.mu.Lock()
	kinds := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		kinds = append(kinds, k)
	}
	every := make(map[string]time.Duration, len(r.every))
	for k, v := range r.every {
		if r.handlers[k] == nil {
			r.mu.Unlock()
			return fmt.Errorf("jobs: periodic job %s has no handler", k)
		}
		every[k] = v
	}
	r.mu.Unlock()
	if len(kinds) == 0 {
		r.markReady()
		<-ctx.Done()
		return nil
	}
	err := r.schedule(ctx, d, every)
	r.markReady()
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Go(func() { r.work(ctx, d, kinds) })
	}
	wg.Wait()
	return nil
}

// work is one worker: claim a due job, run it, record the outcome; sleep
// until the next poll or a wake-up when there is nothing to do.
func (r *Runner) work(ctx context.Context, d *db.DB, kinds []string) {
	wake := subscribe()
	defer unsubscribe(wake)
	timer := time.NewTimer(0)
	defer timer.Stop()
	woken := false
	for {
		if ctx.Err() != nil {
			return
		}
		j, ok, err := r.claim(ctx, d, kinds)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("claim job", "err", err)
		}
		if ok {
			r.execute(ctx, d, j)
			continue
		}
		wait := r.opts.Poll
		if woken {
			// The enqueuing transaction may not have committed yet when
			// it woke us: look once more soon.
			wait = min(wait, 100*time.Millisecond)
			woken = false
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-wake:
			woken = true
		case <-timer.C:
		}
	}
}

// execute runs j's handler and records the outcome. It does not stop when
// the runner's context ends (graceful shutdown lets the job finish), only
// when the lease runs out.
func (r *Runner) execute(ctx context.Context, d *db.DB, j claimed) {
	base := context.WithoutCancel(ctx)
	var runErr error
	if j.Every == 0 && j.Attempts > j.MaxAttempts {
		// The worker of the last attempt died; do not run it once more.
		runErr = Permanent(fmt.Errorf("lease expired on attempt %d of %d", j.Attempts-1, j.MaxAttempts))
	} else {
		jctx, cancel := context.WithTimeout(base, r.opts.Lease)
		start := time.Now()
		runErr = r.call(jctx, j)
		cancel()
		r.log.Debug("job ran", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "took", time.Since(start), "err", runErr)
	}
	fctx, cancel := context.WithTimeout(base, 30*time.Second)
	defer cancel()
	if err := r.finish(fctx, d, j, runErr); err != nil {
		r.log.Error("record job outcome", "job", j.ID, "kind", j.Kind, "err", err)
	}
}

// call runs the handler and turns a panic into an error, so one bad job
// cannot take the process down.
func (r *Runner) call(ctx context.Context, j claimed) (err error) {
	r.mu.Lock()
	h := r.handlers[j.Kind]
	r.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("job panicked", "job", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, j.Payload)
}
