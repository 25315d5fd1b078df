// Package home serves the town hall's start page.
package home

import (
	"embed"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

// Module is the start page.
type Module struct {
	site *web.Site
}

// New returns the module.
func New(site *web.Site) *Module { return &Module{site: site} }

// Routes registers the start page and the page for unknown addresses.
func (m *Module) Routes() error {
	if err := m.site.AddModule("home", files); err != nil {
		return err
	}
	m.site.HandleFunc("GET /{$}", auth.Public, m.index, web.Cacheable)
	// Everything no other route matches gets a translated 404 page, whatever
	// the method; it changes nothing, so it needs no CSRF token.
	m.site.HandleFunc("/", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		m.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
	}, web.NoCSRF)
	return nil
}

func (m *Module) index(w http.ResponseWriter, r *http.Request) {
	m.site.Render(w, r, http.StatusOK, "home/index", nil, nil)
}
