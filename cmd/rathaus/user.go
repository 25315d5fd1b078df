package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Stdin is read for passwords; tests replace it.
var Stdin io.Reader = os.Stdin

func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"user: want add, passwd or role"}
	}
	switch args[0] {
	case "add":
		return m.userAdd(ctx, args[1:])
	case "passwd":
		return m.userPasswd(ctx, args[1:])
	case "role":
		return m.userRole(ctx, args[1:])
	default:
		return usageError{fmt.Sprintf("user: unknown subcommand %q (want add, passwd or role)", args[0])}
	}
}

// readPassword takes the first line of stdin; an empty line means: make one.
func readPassword() (string, bool) {
	line, _ := bufio.NewReader(Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return auth.NewToken()[:20], true
	}
	return line, false
}

func splitArgs(args []string) (positional, flags []string) {
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			flags = append(flags, args[i:]...)
			break
		}
		positional = append(positional, args[i])
	}
	return positional, flags
}

func (m *Main) userAdd(ctx context.Context, args []string) error {
	pos, rest := splitArgs(args)
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	role := fs.String("role", "citizen", "citizen, staff or admin")
	name := fs.String("name", "", "display name")
	dept := fs.String("department", "", "slug of the department to join (staff)")
	lead := fs.Bool("lead", false, "make the account the department's lead")
	if err := fs.Parse(rest); err != nil {
		return usageError{err.Error()}
	}
	if len(pos) != 1 {
		return usageError{"user add: want exactly one e-mail address"}
	}
	return m.withApp(ctx, "user add", func(ctx context.Context, a *app.App) error {
		// The department is looked up first, so a mistyped slug creates no
		// account that a corrected second try would find taken.
		var deptID int64
		if *dept != "" {
			d, err := a.Auth.DepartmentBySlug(ctx, *dept)
			if err != nil {
				return fmt.Errorf("user add: no department %q", *dept)
			}
			deptID = d.ID
		}
		fmt.Fprintln(m.Stderr, "password (empty line: generate one):")
		pw, generated := readPassword()
		u, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: pos[0], Name: *name, Password: pw, Role: auth.Role(*role), EmailVerified: true})
		if err != nil {
			return describe(a.Site.Catalog().T, err)
		}
		if deptID != 0 {
			if err := a.Auth.SetMembership(ctx, u.ID, deptID, *lead); err != nil {
				return describe(a.Site.Catalog().T, err)
			}
		}
		fmt.Fprintf(m.Stdout, "created %s (%s, id %d)\n", u.Email, u.Role, u.ID)
		if generated {
			fmt.Fprintf(m.Stdout, "password: %s\n", pw)
		}
		return nil
	})
}

func (m *Main) userPasswd(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return usageError{"user passwd: want exactly one e-mail address"}
	}
	return m.withApp(ctx, "user passwd", func(ctx context.Context, a *app.App) error {
		u, err := a.Auth.UserByEmail(ctx, args[0])
		if err != nil {
			return fmt.Errorf("user passwd: no account %q", args[0])
		}
		fmt.Fprintln(m.Stderr, "new password (empty line: generate one):")
		pw, generated := readPassword()
		if err := a.Auth.SetPassword(ctx, u.ID, pw); err != nil {
			return describe(a.Site.Catalog().T, err)
		}
		fmt.Fprintf(m.Stdout, "password changed for %s; all its sessions ended\n", u.Email)
		if generated {
			fmt.Fprintf(m.Stdout, "password: %s\n", pw)
		}
		return nil
	})
}

func (m *Main) userRole(ctx context.Context, args []string) error {
	if len(args) != 2 {
		return usageError{"user role: want an e-mail address and a role (citizen, staff, admin)"}
	}
	return m.withApp(ctx, "user role", func(ctx context.Context, a *app.App) error {
		u, err := a.Auth.UserByEmail(ctx, args[0])
		if err != nil {
			return fmt.Errorf("user role: no account %q", args[0])
		}
		if err := a.Auth.UpdateUser(ctx, u.ID, u.Name, auth.Role(args[1]), u.Disabled); err != nil {
			return describe(a.Site.Catalog().T, err)
		}
		fmt.Fprintf(m.Stdout, "%s is now %s\n", u.Email, args[1])
		return nil
	})
}

// describe turns field errors into a readable command-line message.
func describe(t func(lang, key string, args ...any) string, err error) error {
	e := errs.As(err)
	if len(e.Fields) == 0 {
		return err
	}
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+t("en", f.Key, f.Args...))
	}
	return fmt.Errorf("%s", strings.Join(parts, "; "))
}
