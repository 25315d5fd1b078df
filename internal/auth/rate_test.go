package auth_test

import (
	"sync"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestTakeRate(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		ctx, s, c := newService(t, e)
		three := auth.RateLimit{Max: 3, Window: 10 * time.Minute}
		take := func(keys ...string) error {
			var rates []auth.Rate
			for _, k := range keys {
				rates = append(rates, auth.Rate{Key: k, Limit: three})
			}
			return s.TakeRate(ctx, rates...)
		}

		t.Run("allows Max events, then refuses with the window in minutes", func(t *testing.T) {
			for i := range 3 {
				if err := take("a"); err != nil {
					t.Fatalf("event %d: %v", i+1, err)
				}
			}
			err := take("a")
			e := errs.As(err)
			if e.Code != errs.TooMany || e.Key != "rate.too_many" || len(e.Args) != 1 || e.Args[0] != 10 {
				t.Fatalf("got %v (%+v), want TooMany rate.too_many with 10 minutes", err, e)
			}
		})
		t.Run("a refused request counts for none of its keys", func(t *testing.T) {
			// "a" is full; "b" must not have been counted by the refusal.
			for range 3 {
				if err := take("b", "a"); errs.CodeOf(err) != errs.TooMany {
					t.Fatalf("got %v, want TooMany", err)
				}
			}
			for i := range 3 {
				if err := take("b"); err != nil {
					t.Fatalf("b event %d: %v", i+1, err)
				}
			}
		})
		t.Run("the window slides", func(t *testing.T) {
			c.Advance(10*time.Minute - time.Second)
			if err := take("a"); errs.CodeOf(err) != errs.TooMany {
				t.Fatalf("got %v inside the window, want TooMany", err)
			}
			c.Advance(time.Second)
			if err := take("a"); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
		t.Run("limits out of range are a programming error", func(t *testing.T) {
			for _, l := range []auth.RateLimit{{Max: 0, Window: time.Minute}, {Max: 1}, {Max: 1, Window: 48 * time.Hour}} {
				if err := s.TakeRate(ctx, auth.Rate{Key: "x", Limit: l}); err == nil || errs.CodeOf(err) == errs.TooMany {
					t.Errorf("limit %+v: got %v, want an error", l, err)
				}
			}
		})
		t.Run("concurrent requests never exceed the limit", func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			allowed := 0
			for range 12 {
				wg.Go(func() {
					err := take("burst", "burst-ip")
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						allowed++
					case errs.CodeOf(err) != errs.TooMany:
						t.Errorf("unexpected error %v", err)
					}
				})
			}
			wg.Wait()
			if allowed != 3 {
				t.Fatalf("%d of 12 concurrent requests allowed, want 3", allowed)
			}
		})
		t.Run("old events are purged", func(t *testing.T) {
			c.Advance(25 * time.Hour)
			if err := take("fresh"); err != nil {
				t.Fatal(err)
			}
			if err := s.PurgeExpired(ctx); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM rate_events").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("%d events after the purge, want only the fresh one", n)
			}
		})
	})
}
