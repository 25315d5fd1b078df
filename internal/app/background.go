package app

import (
	"context"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// Retention of finished background work. Sent mails hold personal data
// (addresses, names, report titles) and are kept only long enough to answer
// "did the mail go out?".
const (
	keepFinishedJobs = 7 * 24 * time.Hour
	keepSentMail     = 30 * 24 * time.Hour
)

// background builds the job runner with mail delivery and the periodic
// clean-ups, its metrics, and the worker that runs it. Modules may register
// their own kinds on a.Jobs while the app is being built.
func (a *App) background(opts Options) error {
	sender, err := mail.NewSender(a.Config.SMTPURL, a.Config.DataDir, a.Log)
	if err != nil {
		return err
	}
	a.Mail.Sender = sender
	a.Mail.Logger = a.Log
	jo := opts.Jobs
	if jo.Clock == nil {
		jo.Clock = opts.Clock
	}
	if jo.Logger == nil {
		jo.Logger = a.Log
	}
	a.Jobs = jobs.New(jo)
	a.Mail.Register(a.Jobs)
	periodic := map[string]struct {
		every time.Duration
		run   jobs.Handler
	}{
		"auth.purge": {time.Hour, func(ctx context.Context, _ []byte) error { return a.Auth.PurgeExpired(ctx) }},
		"jobs.purge": {24 * time.Hour, func(ctx context.Context, _ []byte) error {
			_, err := jobs.Purge(ctx, db.From(ctx), opts.Clock.Now().Add(-keepFinishedJobs))
			return err
		}},
		"mail.purge": {24 * time.Hour, func(ctx context.Context, _ []byte) error {
			_, err := a.Mail.Purge(ctx, db.From(ctx), opts.Clock.Now().Add(-keepSentMail))
			return err
		}},
	}
	for kind, p := range periodic {
		a.Jobs.Register(kind, p.run)
		a.Jobs.Every(kind, p.every)
	}
	a.Registry.MustRegister(
		a.gauge("rathaus_mail_outbox_queued", "E-mails waiting for delivery.", a.Mail.Pending),
		a.gauge("rathaus_jobs_due", "Background jobs whose time has come, running ones included.", a.Jobs.Due),
	)
	a.workers = append(a.workers, func(ctx context.Context) {
		if err := a.Jobs.Run(ctx); err != nil {
			a.Log.Error("job runner stopped", "err", err)
		}
	})
	return nil
}

// gauge reports count on each scrape, from the town's database.
func (a *App) gauge(name, help string, count func(context.Context) (int, error)) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(db.With(context.Background(), a.DB), 2*time.Second)
		defer cancel()
		n, err := count(ctx)
		if err != nil {
			a.Log.Warn("metric unavailable", "metric", name, "err", err)
			return math.NaN()
		}
		return float64(n)
	})
}
