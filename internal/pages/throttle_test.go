package pages

import (
	"testing"
	"time"
)

func TestThrottleLimitsEachAddressPerWindow(t *testing.T) {
	t.Parallel()
	th := newThrottle(2, time.Hour)
	t0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"a", 0, true},
		{"a", time.Minute, true},
		{"a", 2 * time.Minute, false},
		{"b", 2 * time.Minute, true},
		{"a", 59 * time.Minute, false},
		{"a", 60 * time.Minute, true}, // the first attempt has left the window
		{"a", 61 * time.Minute, true}, // so has the second
		{"a", 62 * time.Minute, false},
	}
	for i, s := range steps {
		if got := th.allow(s.key, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: allow(%s, +%v) = %v, want %v", i, s.key, s.at, got, s.want)
		}
	}
}

func TestThrottleForgetsWhenFull(t *testing.T) {
	t.Parallel()
	th := newThrottle(1, time.Hour)
	t0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for i := range maxTracked + 10 {
		th.allow(string(rune(i)), t0)
	}
	if len(th.seen) > maxTracked {
		t.Errorf("tracking %d addresses, want at most %d", len(th.seen), maxTracked)
	}
}
