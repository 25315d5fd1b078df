package main

import (
	"context"
	"fmt"
	"net"
	"runtime/debug"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	start := time.Now()
	cfg, err := m.config("serve", args)
	if err != nil {
		return err
	}
	// The order of start-up: migrations, the demo town (--demo), then the
	// forms of DATA_DIR/forms, which may name the demo's departments.
	var seed func(context.Context, *app.App) error
	if cfg.Demo {
		seed = m.seedDemo
	}
	a, err := m.openSeeded(ctx, cfg, seed)
	if err != nil {
		return err
	}
	defer a.Close()
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (setting RATHAUS_ADDR / --addr): %w", cfg.Addr, err)
	}
	a.StartWorkers()
	// Start-up parses templates and compresses static files once; hand that
	// garbage back to the system so an idle town hall stays small.
	debug.FreeOSMemory()
	a.Log.Info("serving", "addr", l.Addr().String(), "url", cfg.BaseURL, "database", a.DB.Dialect,
		"version", Version, "startup_ms", time.Since(start).Milliseconds())
	if m.Listening != nil {
		m.Listening <- l.Addr()
	}
	return a.Serve(ctx, l)
}
