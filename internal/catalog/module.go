package catalog

import (
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

// ModuleDeps are what the catalog's pages and API need.
type ModuleDeps struct {
	Catalog *Catalog
	Auth    *auth.Service
	// Forms says which online forms are in service; a service offers its
	// form only then.
	Forms Forms
	// BaseURL makes the API's links absolute.
	BaseURL string
}

// Module serves the catalog's public pages, JSON API and admin pages.
type Module struct {
	ModuleDeps
	site    *web.Site
	openAPI []byte
	// params are the query parameters of each operation of the document.
	params map[string][]param
}

// NewModule returns the web module.
func NewModule(d ModuleDeps) *Module {
	d.BaseURL = strings.TrimRight(d.BaseURL, "/")
	return &Module{ModuleDeps: d}
}

// Routes registers the module's templates, messages, navigation and routes.
func (m *Module) Routes(site *web.Site) error {
	if err := site.AddModule("catalog", files); err != nil {
		return err
	}
	doc, err := openAPIDocument()
	if err != nil {
		return err
	}
	params, err := queryParams(doc)
	if err != nil {
		return fmt.Errorf("catalog: openapi.json: %w", err)
	}
	m.site, m.openAPI, m.params = site, doc, params
	site.AddNav(web.NavItem{Key: "catalog.nav", Path: "/services", Rule: auth.Public, Order: 10})

	// Public pages look the same for every anonymous visitor: the search is
	// a GET form without a token, so even results may be micro-cached.
	site.HandleFunc("GET /services", auth.Public, m.index, web.Cacheable)
	site.HandleFunc("GET /services/{slug}", auth.Public, m.service, web.Cacheable)
	site.HandleFunc("GET /services/topic/{slug}", auth.Public, m.topic, web.Cacheable)
	site.HandleFunc("GET /services/life/{slug}", auth.Public, m.life, web.Cacheable)

	for _, op := range []struct {
		pattern string
		h       http.HandlerFunc
	}{
		{"GET /api/v1/services", m.apiList},
		{"GET /api/v1/services/{slug}", m.apiService},
		{"GET /api/v1/openapi.json", m.apiOpenAPI},
	} {
		if _, ok := params[op.pattern]; !ok {
			return fmt.Errorf("catalog: openapi.json lacks %s", op.pattern)
		}
		site.HandleFunc(op.pattern, auth.Public, cors(m.checked(op.pattern, op.h)), web.API)
	}
	site.HandleFunc("OPTIONS /api/v1/", auth.Public, preflight, web.API)

	site.AddNav(web.NavItem{Key: "catalog.admin.nav", Path: "/admin/services", Rule: auth.Admin, Order: 62})
	site.HandleFunc("GET /admin/services", auth.Admin, m.adminList)
	site.HandleFunc("GET /admin/services/new", auth.Admin, m.adminNew)
	site.HandleFunc("POST /admin/services/new", auth.Admin, m.adminCreate)
	site.HandleFunc("GET /admin/services/{id}", auth.Admin, m.adminEdit)
	site.HandleFunc("POST /admin/services/{id}", auth.Admin, m.adminSave)
	for _, k := range []taxonomy{topics, lifeSituations} {
		base := "/admin/services/" + k.pathName()
		site.HandleFunc("GET "+base, auth.Admin, m.adminTaxa(k))
		site.HandleFunc("POST "+base, auth.Admin, m.adminTaxonSave(k))
		site.HandleFunc("POST "+base+"/{id}", auth.Admin, m.adminTaxonSave(k))
	}
	return nil
}

// pathName is the kind's segment in admin paths.
func (k taxonomy) pathName() string {
	if k == topics {
		return "topics"
	}
	return "life"
}

// actor starts the audit entry for whoever makes request r.
func actor(r *http.Request) audit.Entry {
	var id int64
	if p := web.PrincipalOf(r); p.SignedIn() {
		id = p.User.ID
	}
	return audit.By(id, web.ClientIP(r))
}

// pathID reads a numeric path value; anything else is a page that does not
// exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}
