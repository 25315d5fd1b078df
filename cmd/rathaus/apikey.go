package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/reports"
)

// apikey manages the Open311 clients of the Mängelmelder, like the admin
// page /admin/reports/apikeys does.
func (m *Main) apikey(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"apikey: want add, list or revoke"}
	}
	switch args[0] {
	case "add":
		return m.apikeyAdd(ctx, args[1:])
	case "list":
		return m.apikeyList(ctx, args[1:])
	case "revoke":
		return m.apikeyRevoke(ctx, args[1:])
	default:
		return usageError{fmt.Sprintf("apikey: unknown subcommand %q (want add, list or revoke)", args[0])}
	}
}

// apikeyAdd registers a client and prints its key: the only time it is
// shown, since only a hash is stored.
func (m *Main) apikeyAdd(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return usageError{"apikey add: want exactly one name (quote a name with spaces)"}
	}
	return m.withApp(ctx, "apikey add", func(ctx context.Context, a *app.App) error {
		c, key, err := a.Reports.CreateAPIClient(ctx, args[0], reports.SystemActor)
		if err != nil {
			return describe(a.Site.Catalog().T, err)
		}
		fmt.Fprintf(m.Stderr, "created Open311 client %q (id %d); the key is shown only now:\n", c.Name, c.ID)
		fmt.Fprintln(m.Stdout, key)
		return nil
	})
}

func (m *Main) apikeyList(ctx context.Context, args []string) error {
	if len(args) != 0 {
		return usageError{"apikey list: takes no arguments"}
	}
	return m.withApp(ctx, "apikey list", func(ctx context.Context, a *app.App) error {
		clients, err := a.Reports.APIClients(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tSTATE")
		day := func(t time.Time) string {
			if t.IsZero() {
				return "-"
			}
			return t.UTC().Format("2006-01-02 15:04")
		}
		for _, c := range clients {
			state := "active"
			if !c.Active() {
				state = "revoked " + day(c.RevokedAt)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, strings.ReplaceAll(c.Name, "\t", " "), day(c.CreatedAt), day(c.LastUsedAt), state)
		}
		return tw.Flush()
	})
}

func (m *Main) apikeyRevoke(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return usageError{"apikey revoke: want the id of a client (see apikey list)"}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("apikey revoke: %q is not a client id (see apikey list)", args[0])}
	}
	return m.withApp(ctx, "apikey revoke", func(ctx context.Context, a *app.App) error {
		err = a.Reports.RevokeAPIClient(ctx, id, reports.SystemActor)
		if errs.CodeOf(err) == errs.NotFound {
			return fmt.Errorf("apikey revoke: no Open311 client with id %d (see apikey list)", id)
		}
		if err != nil {
			return fmt.Errorf("apikey revoke: %w", err)
		}
		fmt.Fprintf(m.Stdout, "revoked Open311 client %d\n", id)
		return nil
	})
}
