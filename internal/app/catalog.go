package app

import (
	"context"
	"log/slog"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// catalog builds the Leistungskatalog: its domain side (which the demo
// seeds) and its public pages, API and admin pages. It asks the form engine,
// built before it, which forms are in service.
func (a *App) catalog(site *web.Site) error {
	a.Catalog = catalog.New(a.Clock, a.Audit)
	return catalog.NewModule(catalog.ModuleDeps{Catalog: a.Catalog, Auth: a.Auth, Forms: formsInService{a.Forms, a.Log},
		BaseURL: a.Config.BaseURL}).Routes(site)
}

// formsInService tells the catalog which online forms can be filled in and
// whether they need an account.
type formsInService struct {
	forms *forms.Service
	log   *slog.Logger
}

func (f formsInService) InService(ctx context.Context) (map[string]catalog.Form, error) {
	ids, err := f.forms.RunningIDs(ctx)
	if err != nil {
		return nil, err
	}
	set := make(map[string]catalog.Form, len(ids))
	for _, id := range ids {
		// Parsed definitions are cached, so this is one small query each.
		def, err := f.forms.Running(ctx, id)
		if err != nil {
			// Taken out of service meanwhile, or a stored version that no
			// longer parses: the catalog offers the other ways rather than
			// failing for every service.
			if errs.CodeOf(err) != errs.NotFound {
				f.log.Warn("catalog: form left out", "form", id, "err", err)
			}
			continue
		}
		set[id] = catalog.Form{Guests: def.Guests}
	}
	return set, nil
}
