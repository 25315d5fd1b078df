package reports_test

import (
	"sync"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestConcurrentCreatesAndSupportsAllCount(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		target, _ := env.create(t, validPothole())
		const workers, each = 8, 5
		var wg sync.WaitGroup
		errc := make(chan error, workers*each*2)
		for range workers {
			wg.Go(func() {
				for range each {
					if _, _, err := env.svc.Create(env.ctx, validPothole()); err != nil {
						errc <- err
					}
					if err := env.svc.Support(env.ctx, target.ID, "", "de"); err != nil {
						errc <- err
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Error(err)
		}
		var n, refs int
		env.db.QueryRow(env.ctx, "SELECT COUNT(*), COUNT(DISTINCT ref) FROM reports").Scan(&n, &refs)
		if n != workers*each+1 || refs != n {
			t.Errorf("%d reports with %d references, want %d", n, refs, workers*each+1)
		}
		if got := env.staffView(t, target.ID).Supporters; got != workers*each {
			t.Errorf("supporters %d, want %d", got, workers*each)
		}
		if ok := len(env.mails(t)); ok != 2*(workers*each+1) {
			t.Errorf("%d mails, want a confirmation and a department mail per report", ok)
		}
	})
}
