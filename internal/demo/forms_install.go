package demo

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/offenes-rathaus/rathaus/internal/app"
)

// seedForms installs the demo forms (Forms) as the first versions of their
// forms, as if an admin had uploaded them.
func seedForms(ctx context.Context, a *app.App) error {
	files, err := fs.Glob(Forms, "forms/*.yaml")
	if err != nil {
		return err
	}
	for _, f := range files {
		src, err := fs.ReadFile(Forms, f)
		if err != nil {
			return err
		}
		if _, err := a.Forms.Install(ctx, src, 0); err != nil {
			return fmt.Errorf("demo form %s: %w", f, err)
		}
	}
	return nil
}
