package main

import (
	"context"
	"fmt"
	"net"
	"runtime/debug"
	"time"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	start := time.Now()
	cfg, err := m.config("serve", args)
	if err != nil {
		return err
	}
	a, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		if err := m.seedDemo(ctx, a); err != nil {
			return err
		}
	}
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
