package reports

import (
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicRoutes registers the citizens' pages (templates "reports.public/…").
// Every page works without JavaScript: the reporting flow is a chain of GET
// forms (category, place) ending in one multipart POST (details, photos,
// sending); scripts only add the maps.
//
// Photos are served under /reports/photos/{ref}/{id}, not under
// /reports/{ref}/photos/…: that shape would clash in the router with the
// subscription links /reports/subscription/{token}/confirm of the mails.
func (m *Module) publicRoutes() {
	s := m.site
	s.AddNav(web.NavItem{Key: "reports.public.nav", Path: "/reports/new", Rule: auth.Public, Order: 20})

	// Reporting, step by step.
	s.HandleFunc("GET /reports/new", auth.Public, m.publicNewCategory)
	s.HandleFunc("GET /reports/new/place", auth.Public, m.publicNewPlace)
	s.HandleFunc("GET /reports/new/details", auth.Public, m.publicNewDetails)
	s.HandleFunc("POST /reports/new", auth.Public, m.publicNewSend, web.BodyLimit(m.publicUploadLimit()))
	s.HandleFunc("GET /reports/sent/{ref}", auth.Public, m.publicSent)

	// Published reports: list, map data, one report, its photos.
	s.HandleFunc("GET /reports", auth.Public, m.publicList)
	s.HandleFunc("GET /reports/map.geojson", auth.Public, m.publicMapData, web.API, web.Cacheable)
	s.HandleFunc("GET /reports/{ref}", auth.Public, m.publicReport)
	s.HandleFunc("POST /reports/{ref}/support", auth.Public, m.publicSupport)
	s.HandleFunc("POST /reports/{ref}/subscribe", auth.Public, m.publicSubscribe)
	s.HandleFunc("GET /reports/photos/{ref}/{id}", auth.Public, m.publicPhoto, web.API)

	// The reporter's private page, linked from the confirmation mail.
	s.HandleFunc("GET /reports/manage/{token}", auth.Public, m.publicManage)
	s.HandleFunc("POST /reports/manage/{token}/reopen", auth.Public, m.publicReopen)
	s.HandleFunc("POST /reports/manage/{token}/feedback", auth.Public, m.publicFeedback)
	s.HandleFunc("POST /reports/manage/{token}/delete", auth.Public, m.publicDeleteData)

	// Following a report by e-mail. The links in mails open a page with a
	// button: mail scanners that fetch every link must not confirm or end a
	// subscription.
	s.HandleFunc("GET /reports/subscription/{token}/confirm", auth.Public, m.publicSubscriptionPage("confirm"))
	s.HandleFunc("POST /reports/subscription/{token}/confirm", auth.Public, m.publicSubscriptionConfirm)
	s.HandleFunc("GET /reports/subscription/{token}/end", auth.Public, m.publicSubscriptionPage("end"))
	s.HandleFunc("POST /reports/subscription/{token}/end", auth.Public, m.publicSubscriptionEnd)
}
