// Package app is the composition root: it turns a Config into a running town
// hall (database, platform services, modules, HTTP handler, workers). It is
// the only package that knows every module.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/offenes-rathaus/rathaus/internal/account"
	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/home"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/pages"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/staff"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// App is one running town hall.
type App struct {
	Config   config.Config
	DB       *db.DB
	Auth     *auth.Service
	Site     *web.Site
	Handler  http.Handler
	Registry *prometheus.Registry
	Log      *slog.Logger
	Clock    clock.Clock
	Mail     *mail.Outbox
	Jobs     *jobs.Runner
	Audit    *audit.Log
	Pages    *pages.Module
	Blobs    blob.Store
	Reports  *reports.Service
	Catalog  *catalog.Catalog
	Forms    *forms.Service
	Cases    *cases.Service

	// workers run in the background until Close.
	workers []func(ctx context.Context)
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// Options change how New builds the app; tests use them.
type Options struct {
	Clock    clock.Clock
	Logger   *slog.Logger
	Password auth.PasswordParams
	Throttle auth.ThrottlePolicy
	// Jobs tunes the background job runner (poll interval, backoff).
	Jobs jobs.Options
	// Seed, when set, fills the database (serve --demo) after migrating and
	// building the modules and before the forms of DATA_DIR/forms are
	// installed, so a town's own form may name a seeded department.
	Seed func(ctx context.Context, a *App) error
}

// AllMigrations lists every module's tables in dependency order.
func AllMigrations() []db.Migrations {
	return []db.Migrations{auth.Migrations, jobs.Migrations, mail.Migrations, audit.Migrations, pages.Migrations, reports.Migrations, forms.Migrations, cases.Migrations, catalog.Migrations}
}

// New opens the database, migrates it and builds the HTTP handler.
func New(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	if opts.Clock == nil {
		opts.Clock = clock.System{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Password == (auth.PasswordParams{}) {
		opts.Password = auth.DefaultPasswordParams
	}
	if opts.Throttle == (auth.ThrottlePolicy{}) {
		opts.Throttle = auth.DefaultThrottle
	}
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Log: opts.Logger, Clock: opts.Clock, Registry: prometheus.NewRegistry()}
	if err := a.build(ctx, opts); err != nil {
		d.Close()
		return nil, err
	}
	if opts.Seed != nil {
		if err := opts.Seed(ctx, a); err != nil {
			d.Close()
			return nil, err
		}
	}
	if err := a.loadForms(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context, opts Options) error {
	n, err := a.DB.Migrate(ctx, AllMigrations()...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if n > 0 {
		a.Log.Info("database migrated", "applied", n, "dialect", a.DB.Dialect)
	}
	a.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.Auth = &auth.Service{
		Clock:    opts.Clock,
		Password: opts.Password,
		Sessions: auth.SessionPolicy{Idle: a.Config.SessionIdle, Max: a.Config.SessionMax},
		Throttle: opts.Throttle,
	}
	a.Mail = &mail.Outbox{Clock: opts.Clock, From: a.Config.MailFrom}
	if err := a.background(opts); err != nil {
		return err
	}
	a.Audit = &audit.Log{Clock: opts.Clock}
	blobs, err := blob.NewDisk(filepath.Join(a.Config.DataDir, "blobs"))
	if err != nil {
		return err
	}
	a.Blobs = blobs
	// The pages module exists before the shell, which shows its town name.
	a.Pages = pages.New(pages.Deps{Mail: a.Mail, Audit: a.Audit, Clock: opts.Clock, Logger: a.Log, BaseURL: a.Config.BaseURL})
	site, err := web.New(web.Options{
		BaseURL:     a.Config.BaseURL,
		DefaultLang: a.Config.Lang,
		Logger:      a.Log,
		Registry:    a.Registry,
		Auth:        a.Auth,
		DB:          a.DB,
		TownName:    a.Pages.TownName,
		ImgSources:  imgSources(a.Config),
		// The one place the client's address is decided (web.ClientIP).
		TrustedProxies: a.Config.TrustedProxies,
	})
	if err != nil {
		return err
	}
	a.Site = site
	if err := a.reports(site); err != nil {
		return err
	}
	if err := home.New(site).Routes(); err != nil {
		return err
	}
	// Modules register here, each with its routes, templates and messages.
	if err := account.New(account.Deps{
		Site: site, Auth: a.Auth, Mail: a.Mail, Audit: a.Audit,
		BaseURL: a.Config.BaseURL, DefaultLang: a.Config.Lang, Log: a.Log,
		Exporters: a.accountExporters(), BeforeDelete: a.accountDeleters(),
	}).Routes(); err != nil {
		return err
	}
	if err := site.AddModule("blob", blob.Messages); err != nil {
		return err
	}
	if err := (&audit.Module{Log: a.Audit, Users: a.Auth}).Routes(site); err != nil {
		return err
	}
	if err := a.Pages.Routes(site); err != nil {
		return err
	}
	if err := staff.New(staff.Deps{Auth: a.Auth, Mail: a.Mail, Audit: a.Audit, Clock: opts.Clock, Logger: a.Log,
		BaseURL: a.Config.BaseURL, TownName: a.Pages.TownName}).Routes(site); err != nil {
		return err
	}
	// The Mängelmelder's pages and APIs (citizens, staff, Open311) on the
	// Service built above; photo errors are shown in the forms.
	if err := site.AddModule("photo", photo.Messages); err != nil {
		return err
	}
	if err := reports.NewModule(reports.ModuleDeps{Service: a.Reports, Auth: a.Auth, Blobs: a.Blobs,
		Photos: photo.New(photo.Limits{MaxBytes: a.Config.MaxUploadBytes}), Config: a.Config, Logger: a.Log}).Routes(site); err != nil {
		return err
	}
	if err := a.cases(site); err != nil {
		return err
	}
	if err := a.forms(site); err != nil {
		return err
	}
	if err := a.catalog(site); err != nil {
		return err
	}
	a.operations()
	h, err := site.Build()
	if err != nil {
		return err
	}
	a.Handler = h
	return nil
}

// reports builds the Mängelmelder's domain service (its web module comes
// with the other modules) and registers its retention job.
func (a *App) reports(site *web.Site) error {
	if err := site.AddModule("reports.messages", reports.Messages); err != nil {
		return err
	}
	var area *geo.Area
	if len(a.Config.TownArea) > 0 {
		var err error
		if area, err = geo.ParseArea(a.Config.TownArea); err != nil {
			return fmt.Errorf("RATHAUS_TOWN_AREA %s: %w", a.Config.TownAreaFile, err)
		}
	}
	a.Reports = reports.New(reports.Deps{
		Area:  func(context.Context) *geo.Area { return area },
		Clock: a.Clock, Audit: a.Audit, Mail: a.Mail, Blobs: a.Blobs, Catalog: site.Catalog(), Logger: a.Log,
		BaseURL: a.Config.BaseURL, DefaultLang: a.Config.Lang, TownName: a.Pages.TownName,
		Options: reports.Options{ReopenDays: a.Config.ReportsReopenDays, RetentionDays: a.Config.ReportsRetentionDays,
			NearbyMetres: float64(a.Config.ReportsNearbyMeters)},
		Land: func(ctx context.Context) string {
			s, err := a.Pages.Settings(ctx)
			if err != nil {
				return ""
			}
			return s.State
		},
	})
	a.Reports.RegisterJobs(a.Jobs)
	return nil
}

// imgSources lets the map tiles through the Content-Security-Policy.
func imgSources(cfg config.Config) []string {
	if o := cfg.MapTileOrigin(); o != "" {
		return []string{o}
	}
	return nil
}

// operations registers the health and metrics endpoints.
func (a *App) operations() {
	a.Site.HandleFunc("GET /healthz", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}, web.API)
	a.Site.HandleFunc("GET /readyz", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := a.DB.Ping(ctx); err != nil {
			a.Log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unreachable\n"))
			return
		}
		w.Write([]byte("ok\n"))
	}, web.API)
	a.Site.Handle("GET /metrics", web.MetricsAccess(a.Config.MetricsToken), promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{}), web.API)
}

// StartWorkers starts the background workers; Close stops them.
func (a *App) StartWorkers() {
	ctx, cancel := context.WithCancel(db.With(context.Background(), a.DB))
	a.cancel = cancel
	for _, w := range a.workers {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			w(ctx)
		}()
	}
}

// Serve answers HTTP on l until ctx ends, then drains running requests
// within the shutdown timeout.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "timeout", a.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close stops the workers (letting a running job finish) and closes the
// database.
func (a *App) Close() error {
	if a.cancel != nil {
		a.cancel()
		a.wg.Wait()
	}
	return a.DB.Close()
}
