package reports

import (
	"embed"
	"log/slog"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// The three surfaces of the Mängelmelder each bring their own templates and
// messages: the citizens' pages (ui_public), the staff pages (ui_staff) and
// the Open311 API with the open-data exports (ui_api).
var (
	//go:embed all:ui_public
	publicFS embed.FS
	//go:embed all:ui_staff
	staffFS embed.FS
	//go:embed all:ui_api
	apiFS embed.FS
)

// ModuleDeps are what the web side of the Mängelmelder needs.
type ModuleDeps struct {
	Service *Service
	Auth    *auth.Service
	Blobs   blob.Store
	Photos  *photo.Processor
	Config  config.Config
	Logger  *slog.Logger
}

// Module serves the Mängelmelder's pages and APIs.
type Module struct {
	ModuleDeps
	site *web.Site
}

// NewModule returns the web module.
func NewModule(d ModuleDeps) *Module { return &Module{ModuleDeps: d} }

// Routes registers the surfaces' templates, messages and routes.
func (m *Module) Routes(site *web.Site) error {
	m.site = site
	for _, s := range []struct {
		name string
		fsys embed.FS
		dir  string
	}{{"reports.public", publicFS, "ui_public"}, {"reports.staff", staffFS, "ui_staff"}, {"reports.api", apiFS, "ui_api"}} {
		if err := site.AddModule(s.name, mustSub(s.fsys, s.dir)); err != nil {
			return err
		}
	}
	m.publicRoutes()
	m.staffRoutes()
	m.apiRoutes()
	return nil
}
