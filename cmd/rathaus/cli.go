package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// Main is the program with its outputs and environment injected, so tests run
// the real command in-process on a free port.
type Main struct {
	Stdout, Stderr io.Writer
	Environ        []string
	// Listening, when set, receives the address serve listens on.
	Listening chan<- net.Addr
	// Options are passed to app.New (tests set a clock or cheaper hashes).
	Options app.Options
}

// NewMain returns a Main writing to stdout and stderr.
func NewMain(stdout, stderr io.Writer, environ []string) *Main {
	return &Main{Stdout: stdout, Stderr: stderr, Environ: environ}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `Offenes Rathaus – the digital town hall

Usage:
  rathaus serve [--demo] [flags]     run the town hall (rathaus serve -h lists the settings)
  rathaus migrate                    bring the database schema up to date and exit
  rathaus backup FILE                write a consistent copy of the SQLite database, also while serving
  rathaus user add EMAIL --role ROLE [--name NAME] [--department SLUG [--lead]]
  rathaus user passwd EMAIL          set a new password (read from stdin or prompted)
  rathaus user role EMAIL ROLE       change the role (citizen, staff, admin)
  rathaus apikey add NAME            register an Open311 client and print its new API key
  rathaus apikey list                list the Open311 clients
  rathaus apikey revoke ID           stop a client's key from working
  rathaus version                    print the version

Settings come from flags or RATHAUS_* environment variables (see README).
`

// Run runs the subcommand in args.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return m.serve(ctx, args[1:])
	case "migrate":
		return m.migrate(ctx, args[1:])
	case "backup":
		return m.backup(ctx, args[1:])
	case "user":
		return m.user(ctx, args[1:])
	case "apikey":
		return m.apikey(ctx, args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(m.Stdout, "rathaus", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	default:
		fmt.Fprint(m.Stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
}

func version() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		v += " (" + bi.GoVersion + ")"
	}
	return v
}

// config parses settings shared by all commands that open the database.
func (m *Main) config(name string, args []string) (config.Config, error) {
	cfg, err := config.Parse(args, m.Environ, m.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, usageError{fmt.Sprintf("%s: %v", name, err)}
	}
	return cfg, nil
}

func (m *Main) logger(cfg config.Config) *slog.Logger {
	if m.Options.Logger != nil {
		return m.Options.Logger
	}
	ho := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(m.Stderr, ho))
	}
	return slog.New(slog.NewTextHandler(m.Stderr, ho))
}

func (m *Main) open(ctx context.Context, cfg config.Config) (*app.App, error) {
	return m.openSeeded(ctx, cfg, nil)
}

// openSeeded is open that fills the database with seed before the forms of
// DATA_DIR/forms are installed (app.Options.Seed).
func (m *Main) openSeeded(ctx context.Context, cfg config.Config, seed func(context.Context, *app.App) error) (*app.App, error) {
	opts := m.Options
	opts.Logger = m.logger(cfg)
	opts.Seed = seed
	return app.New(ctx, cfg, opts)
}

// withApp opens the town hall for a one-off command and runs fn with a
// context that carries its database.
func (m *Main) withApp(ctx context.Context, name string, fn func(ctx context.Context, a *app.App) error) error {
	cfg, err := m.config(name, nil)
	if err != nil {
		return err
	}
	a, err := m.open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(db.With(ctx, a.DB), a)
}
