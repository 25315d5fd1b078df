package forms

import (
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Module serves the form engine's pages: the citizens' flow, the JSON
// Schemas and the administration of form versions.
type Module struct {
	svc  *Service
	site *web.Site
}

// NewModule returns the web module of svc.
func NewModule(svc *Service) *Module { return &Module{svc: svc} }

// Routes registers the module's templates, messages and routes.
//
// The resume link of a saved draft carries its token in the query
// (/forms/resume?token=…): a path /forms/resume/{token} would collide in
// the router with /forms/{form}/schema.json.
func (m *Module) Routes(site *web.Site) error {
	m.site = site
	if err := site.AddModule("forms", uiFS); err != nil {
		return err
	}
	s := m.svc
	upload := web.BodyLimit(2*s.MaxUploadBytes + 1<<20)

	// Starting a form, and one's saved drafts.
	site.HandleFunc("GET /forms/{form}", auth.Public, m.start)
	site.HandleFunc("POST /forms/{form}", auth.Public, m.startDraft)
	site.HandleFunc("GET /forms/drafts", auth.SignedIn, m.drafts)
	site.HandleFunc("POST /forms/drafts/{id}/open", auth.SignedIn, m.openDraft)

	// Filling in: the draft's link token is the key; a draft of an account
	// opens only for that account.
	site.HandleFunc("GET /forms/{form}/d/{draft}/p/{page}", auth.Public, m.showPage)
	site.HandleFunc("POST /forms/{form}/d/{draft}/p/{page}", auth.Public, m.postPage, upload, web.ErrorWriter(m.pageRefused))
	site.HandleFunc("GET /forms/{form}/d/{draft}/check", auth.Public, m.check)
	site.HandleFunc("POST /forms/{form}/d/{draft}/send", auth.Public, m.send)
	site.HandleFunc("GET /forms/{form}/d/{draft}/done", auth.Public, m.done)
	site.HandleFunc("GET /forms/{form}/d/{draft}/save", auth.Public, m.savePage)
	site.HandleFunc("POST /forms/{form}/d/{draft}/save", auth.Public, m.saveForLater)
	site.HandleFunc("GET /forms/{form}/d/{draft}/save/sent", auth.Public, m.savedPage)

	// The link from the "continue later" mail opens a page with a button:
	// mail scanners that fetch links must not use it up.
	site.HandleFunc("GET /forms/resume", auth.Public, m.resumePage)
	site.HandleFunc("POST /forms/resume", auth.Public, m.resume)

	// JSON Schemas of the answers.
	site.HandleFunc("GET /forms/{form}/schema.json", auth.Public, m.schema, web.API)
	site.HandleFunc("GET /forms/{form}/{version}/schema.json", auth.Public, m.versionSchema, web.API)

	// Administration of form versions.
	site.AddNav(web.NavItem{Key: "forms.admin.nav", Path: "/admin/forms", Rule: auth.Admin, Order: 63})
	site.HandleFunc("GET /admin/forms", auth.Admin, m.adminList)
	site.HandleFunc("POST /admin/forms", auth.Admin, m.adminUpload, web.BodyLimit(2<<20))
	site.HandleFunc("GET /admin/forms/{form}/{version}", auth.Admin, m.adminVersion)
	site.HandleFunc("POST /admin/forms/{form}/{version}/activate", auth.Admin, m.adminActivate)
	return nil
}

// noReferrer keeps a page's secret link (draft token) from travelling to
// other sites.
func noReferrer(w http.ResponseWriter) { w.Header().Set("Referrer-Policy", "no-referrer") }
