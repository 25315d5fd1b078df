package reports_test

import (
	"context"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestRetentionRunsAsBackgroundJob(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, _ := env.create(t, validPothole())
		if err := env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffR); err != nil {
			t.Fatal(err)
		}
		env.clock.Advance(91 * 24 * time.Hour)
		runner := jobs.New(jobs.Options{Clock: env.clock, Poll: 20 * time.Millisecond})
		env.svc.RegisterJobs(runner)
		ctx, cancel := context.WithCancel(env.ctx)
		done := make(chan error, 1)
		go func() { done <- runner.Run(ctx) }()
		defer func() {
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
		}()
		deadline := time.Now().Add(10 * time.Second)
		for env.staffView(t, r.ID).Reporter.Email != "" {
			if time.Now().After(deadline) {
				t.Fatal("the retention job did not erase the expired report")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
