package jobs

import "sync"

// The wake-up list is per process, not per database: a signal only makes a
// runner look for work sooner than its next poll, so waking runners of other
// towns costs one empty query and nothing else.
var (
	wakeMu  sync.Mutex
	wakers  = map[chan struct{}]struct{}{}
	nothing = struct{}{}
)

func subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	wakeMu.Lock()
	wakers[c] = nothing
	wakeMu.Unlock()
	return c
}

func unsubscribe(c chan struct{}) {
	wakeMu.Lock()
	delete(wakers, c)
	wakeMu.Unlock()
}

// notify wakes every runner of this process without blocking.
func notify() {
	wakeMu.Lock()
	defer wakeMu.Unlock()
	for c := range wakers {
		select {
		case c <- nothing:
		default:
		}
	}
}
