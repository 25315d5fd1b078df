// Package clock lets code take the time from an injected source, so tests can
// set it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// System is the real clock. It returns UTC truncated to whole seconds because
// that is how times are stored: SQLite compares times as text, which is only
// ordered when every value has the same width.
type System struct{}

// Now returns the current time in UTC, whole seconds.
func (System) Now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// Fixed is a clock for tests that only moves when told.
type Fixed struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixed returns a clock standing at t.
func NewFixed(t time.Time) *Fixed { return &Fixed{t: t.UTC().Truncate(time.Second)} }

// Now returns the clock's time.
func (f *Fixed) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

// Advance moves the clock forward by d.
func (f *Fixed) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d).Truncate(time.Second)
}
