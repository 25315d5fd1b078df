package main

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/demo"
)

func (m *Main) seedDemo(ctx context.Context, a *app.App) error {
	accounts, err := demo.Seed(db.With(ctx, a.DB), a)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if accounts == nil {
		fmt.Fprintf(m.Stdout, "The database has data already; demo data not added.\n")
		return nil
	}
	fmt.Fprintf(m.Stdout, "Demo town Musterstadt is ready. Sign in at %s/login with:\n", a.Config.BaseURL)
	for _, acc := range accounts {
		fmt.Fprintf(m.Stdout, "  %-34s %-22s %s\n", acc.Email, acc.Password, acc.Description)
	}
	return nil
}
