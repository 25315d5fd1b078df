package cases

import (
	"embed"
	"log/slog"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffFS holds the department's pages (inbox, case page) with their
// messages, registered as module "cases.staff".
//
//go:embed all:ui_staff
var staffFS embed.FS

// ModuleDeps are what the web side of case handling needs.
type ModuleDeps struct {
	Service *Service
	Auth    *auth.Service
	Blobs   blob.Store
	Config  config.Config
	Logger  *slog.Logger
}

// Module serves case handling's pages: the staff inbox and case pages
// (staff_*.go) and the citizens' "Mein Rathaus" and guest pages
// (citizen_*.go).
type Module struct {
	ModuleDeps
	site *web.Site
}

// NewModule returns the web module.
func NewModule(d ModuleDeps) *Module {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Module{ModuleDeps: d}
}

// Routes registers both surfaces' templates, messages and routes.
func (m *Module) Routes(site *web.Site) error {
	m.site = site
	if err := site.AddModule("cases.staff", mustSub(staffFS, "ui_staff")); err != nil {
		return err
	}
	m.staffRoutes()
	return m.citizenModule(site)
}
