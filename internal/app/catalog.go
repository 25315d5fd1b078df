package app

import (
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// catalog builds the Leistungskatalog: its domain side (which the demo
// seeds) and its pages, API and admin pages.
func (a *App) catalog(site *web.Site) error {
	a.Catalog = catalog.New(a.Clock, a.Audit)
	return catalog.NewModule(catalog.ModuleDeps{Catalog: a.Catalog, Auth: a.Auth, BaseURL: a.Config.BaseURL}).Routes(site)
}
