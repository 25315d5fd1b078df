package cases

import (
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffRoutes registers the department's pages (templates "cases.staff/…"):
// the inbox with its CSV export, a case's page with its actions, files and
// the ZIP hand-over.
//
// The routes are open to any staff member by rule; the Service then checks
// the case's department (Actor.MayWork), so for staff of another
// department a case does not exist (404).
func (m *Module) staffRoutes() {
	s := m.site
	s.AddNav(web.NavItem{Key: "cases.staff.nav", Path: "/staff/cases", Rule: auth.Staff, Order: 56})

	s.HandleFunc("GET /staff/cases", auth.Staff, m.staffInbox)
	s.HandleFunc("GET /staff/cases.csv", auth.Staff, m.staffInboxCSV)
	s.HandleFunc("GET /staff/cases/{id}", auth.Staff, m.staffCase)
	s.HandleFunc("GET /staff/cases/{id}/files/{doc}", auth.Staff, m.staffFile)
	s.HandleFunc("GET /staff/cases/{id}/export.zip", auth.Staff, m.staffExport)
	s.HandleFunc("POST /staff/cases/{id}/claim", auth.Staff, m.staffClaim)
	s.HandleFunc("POST /staff/cases/{id}/assign", auth.Staff, m.staffAssign)
	s.HandleFunc("POST /staff/cases/{id}/status", auth.Staff, m.staffStatus)
	s.HandleFunc("POST /staff/cases/{id}/pause", auth.Staff, m.staffPause)
	s.HandleFunc("POST /staff/cases/{id}/resume", auth.Staff, m.staffResume)
	s.HandleFunc("POST /staff/cases/{id}/messages", auth.Staff, m.staffMessage)
	s.HandleFunc("POST /staff/cases/{id}/requests", auth.Staff, m.staffRequest)
	// The decision document is an upload: the body may be as large as one
	// file plus the form around it.
	s.HandleFunc("POST /staff/cases/{id}/decision", auth.Staff, m.staffDecision, web.BodyLimit(m.uploadLimit()+1<<20))
}
