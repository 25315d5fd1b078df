package app

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// catalog builds the Leistungskatalog: its domain side (which the demo
// seeds) and its public pages, API and admin pages. It asks the form engine,
// built before it, which forms are in service.
func (a *App) catalog(site *web.Site) error {
	a.Catalog = catalog.New(a.Clock, a.Audit)
	return catalog.NewModule(catalog.ModuleDeps{Catalog: a.Catalog, Auth: a.Auth, Forms: formsInService{a.Forms},
		BaseURL: a.Config.BaseURL}).Routes(site)
}

// formsInService tells the catalog which online forms can be filled in.
type formsInService struct{ forms *forms.Service }

func (f formsInService) InService(ctx context.Context) (map[string]bool, error) {
	ids, err := f.forms.RunningIDs(ctx)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}
