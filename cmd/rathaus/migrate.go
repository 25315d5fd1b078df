package main

import (
	"context"
	"fmt"
)

func (m *Main) migrate(ctx context.Context, args []string) error {
	cfg, err := m.config("migrate", args)
	if err != nil {
		return err
	}
	a, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(m.Stdout, "database (%s) is up to date\n", a.DB.Dialect)
	return nil
}

func (m *Main) backup(ctx context.Context, args []string) error {
	if len(args) < 1 || args[0] == "" || args[0][0] == '-' {
		return usageError{"backup: name the file to write, for example: rathaus backup rathaus-2026-11-26.db"}
	}
	file := args[0]
	cfg, err := m.config("backup", args[1:])
	if err != nil {
		return err
	}
	a, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.Backup(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backup written to %s\nrestore: stop the server and copy it to %s/rathaus.db (remove rathaus.db-wal and rathaus.db-shm)\n", file, cfg.DataDir)
	return nil
}
