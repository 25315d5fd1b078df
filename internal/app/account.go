package app

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/account"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// accountExporters add the modules' data to a citizen's data export
// (DSGVO Art. 15 and 20). a.Cases, a.Forms and a.Reports are read when the
// export runs: account's routes are registered before some of them exist.
func (a *App) accountExporters() map[string]account.Exporter {
	return map[string]account.Exporter{
		"cases": func(ctx context.Context, u auth.User, ip string) (any, error) {
			return a.Cases.AccountExport(ctx, u.ID, ip)
		},
		"forms": func(ctx context.Context, u auth.User, ip string) (any, error) {
			return a.Forms.AccountExport(ctx, u.ID, ip)
		},
		"reports": func(ctx context.Context, u auth.User, ip string) (any, error) {
			return a.Reports.AccountExport(ctx, u.ID, u.Email, u.EmailVerified, ip)
		},
	}
}

// accountDeleters run when a citizen deletes the account. Drafts go with
// it (ON DELETE CASCADE); reports are not tied to accounts.
func (a *App) accountDeleters() map[string]account.Deleter {
	return map[string]account.Deleter{
		"cases": func(ctx context.Context, q db.Querier, u auth.User, ip string) error {
			return a.Cases.BeforeAccountDelete(ctx, q, u.ID, u.Email, ip)
		},
	}
}
