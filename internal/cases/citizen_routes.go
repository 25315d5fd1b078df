package cases

import (
	"net/http"
	"sync"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// citizenPages serves the citizens' side: "Mein Rathaus" (/my) for
// accounts and the same case page under the guest's private link
// (/case/{token}). Templates are "cases.citizen/…".
type citizenPages struct {
	svc  *Service
	site *web.Site
	// maxUpload is the largest file a citizen may send, in bytes.
	maxUpload int64

	// Other modules' pages linked from "Mein Rathaus" when they exist.
	linksOnce sync.Once
	drafts    bool
	services  bool
}

// citizenModule adds module "cases.citizen" (templates, messages, nav
// entry and routes) to site; Routes calls it.
func (m *Module) citizenModule(site *web.Site) error {
	if err := site.AddModule("cases.citizen", citizenUI()); err != nil {
		return err
	}
	max := m.Config.MaxUploadBytes
	if max <= 0 {
		max = config.Defaults().MaxUploadBytes
	}
	p := &citizenPages{svc: m.Service, site: site, maxUpload: max}
	p.routes()
	return nil
}

// routes registers the pages. Account routes need a session and show only
// the account's own cases; guest routes are public and carry their secret
// in the path. Either way a case the visitor may not see is 404, never
// 403, so references cannot be probed.
func (p *citizenPages) routes() {
	s := p.site
	s.AddNav(web.NavItem{Key: "cases.citizen.nav", Path: "/my", Rule: auth.SignedIn, Order: 45})

	// The body of an upload may hold the largest allowed file plus the form
	// around it; a bigger one is refused on the page with the limit named.
	upload := []web.RouteOption{web.BodyLimit(p.maxUpload + 256<<10), web.ErrorWriter(p.uploadRefused)}

	s.HandleFunc("GET /my", auth.SignedIn, p.my)
	s.HandleFunc("GET /my/cases/{ref}", auth.SignedIn, p.casePage)
	s.HandleFunc("POST /my/cases/{ref}/messages", auth.SignedIn, p.message)
	s.HandleFunc("POST /my/cases/{ref}/documents/{request}", auth.SignedIn, p.upload, upload...)
	s.HandleFunc("GET /my/cases/{ref}/files/{doc}", auth.SignedIn, p.file)
	s.HandleFunc("GET /my/cases/{ref}/receipt.pdf", auth.SignedIn, p.receipt)

	s.HandleFunc("GET /case/{token}", auth.Public, p.casePage)
	s.HandleFunc("POST /case/{token}/messages", auth.Public, p.message)
	s.HandleFunc("POST /case/{token}/documents/{request}", auth.Public, p.upload, upload...)
	s.HandleFunc("GET /case/{token}/files/{doc}", auth.Public, p.file)
	s.HandleFunc("GET /case/{token}/receipt.pdf", auth.Public, p.receipt)
}

// viewer is who asks: the signed-in account on /my/…, the link's holder on
// /case/{token} (as a guest even when signed in: the link is the access).
func (p *citizenPages) viewer(r *http.Request) Viewer {
	v := Viewer{IP: web.ClientIP(r)}
	if t := r.PathValue("token"); t != "" {
		v.Token = t
		return v
	}
	if pr := web.PrincipalOf(r); pr.SignedIn() {
		v.AccountID = pr.User.ID
	}
	v.Reference = r.PathValue("ref")
	return v
}

// base is the address of the case page the request belongs to.
func (p *citizenPages) base(v Viewer, c Case) string {
	if v.Guest() {
		return GuestPath(v.Token)
	}
	return CitizenPath(c.Reference)
}

// links finds out once which other modules' pages exist: the routes are
// all registered when the first request comes.
func (p *citizenPages) links() (drafts, services bool) {
	p.linksOnce.Do(func() {
		for _, rt := range p.site.Routes() {
			switch rt.Pattern() {
			case "GET /forms/drafts":
				p.drafts = true
			case "GET /services":
				p.services = true
			}
		}
	})
	return p.drafts, p.services
}
