package pages

import (
	"sync"
	"time"
)

// throttle limits how often one client address may send the public feedback
// form, since every feedback mails all admins. It lives in memory: nothing
// about the sender is stored, and with several instances the limit applies
// per instance, which is enough against a flood.
type throttle struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	seen   map[string][]time.Time
}

// maxTracked bounds the memory a flood from many addresses can take; past it
// the oldest entries are dropped at the next sweep.
const maxTracked = 10000

func newThrottle(limit int, window time.Duration) *throttle {
	return &throttle{limit: limit, window: window, seen: map[string][]time.Time{}}
}

// allow records an attempt from key at now and reports whether it is within
// the limit.
func (t *throttle) allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.seen) >= maxTracked {
		t.sweep(now)
	}
	recent := t.seen[key][:0]
	for _, at := range t.seen[key] {
		if now.Sub(at) < t.window {
			recent = append(recent, at)
		}
	}
	if len(recent) >= t.limit {
		t.seen[key] = recent
		return false
	}
	t.seen[key] = append(recent, now)
	return true
}

func (t *throttle) sweep(now time.Time) {
	for k, times := range t.seen {
		if len(times) == 0 || now.Sub(times[len(times)-1]) >= t.window {
			delete(t.seen, k)
		}
	}
	if len(t.seen) >= maxTracked {
		// Still full of live entries: a flood from many addresses. Forget
		// them all rather than grow without bound.
		clear(t.seen)
	}
}
