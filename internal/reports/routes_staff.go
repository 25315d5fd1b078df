package reports

import (
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffRoutes registers the staff pages (templates "reports.staff/…"): the
// department inbox, a report's page with its actions, the field view for
// phones, and the admin pages for categories and Open311 clients.
//
// The routes on one report are open to any staff member by rule; the
// Service then checks the report's department (StaffActor), so staff of
// another department get 403.
func (m *Module) staffRoutes() {
	s := m.site
	s.AddNav(web.NavItem{Key: "reports.staff.nav", Path: "/staff/reports", Rule: auth.Staff, Order: 55})
	s.AddNav(web.NavItem{Key: "reports.staff.nav_categories", Path: "/admin/reports/categories", Rule: auth.Admin, Order: 60})

	s.HandleFunc("GET /staff/reports", auth.Staff, m.staffInbox)
	s.HandleFunc("GET /staff/reports/field", auth.Staff, m.staffField)
	s.HandleFunc("GET /staff/reports/{id}", auth.Staff, m.staffReport)
	s.HandleFunc("GET /staff/reports/{id}/photos/{n}", auth.Staff, m.staffPhoto)
	s.HandleFunc("POST /staff/reports/{id}/accept", auth.Staff, m.staffAccept)
	s.HandleFunc("POST /staff/reports/{id}/status", auth.Staff, m.staffSetStatus)
	s.HandleFunc("POST /staff/reports/{id}/category", auth.Staff, m.staffRecategorise)
	s.HandleFunc("POST /staff/reports/{id}/department", auth.Staff, m.staffReroute)
	s.HandleFunc("POST /staff/reports/{id}/location", auth.Staff, m.staffMove)
	s.HandleFunc("POST /staff/reports/{id}/merge", auth.Staff, m.staffMerge)
	s.HandleFunc("POST /staff/reports/{id}/published", auth.Staff, m.staffPublish)
	s.HandleFunc("POST /staff/reports/{id}/erase", auth.Staff, m.staffErase)
	s.HandleFunc("POST /staff/reports/{id}/photos/{n}/release", auth.Staff, m.staffReleasePhoto)
	s.HandleFunc("POST /staff/reports/{id}/photos/{n}/hide", auth.Staff, m.staffHidePhoto)
	// Uploads carry a photo: the body may be as large as the processor
	// accepts, plus the form around it.
	upload := web.BodyLimit(m.staffUploadLimit())
	s.HandleFunc("POST /staff/reports/{id}/photos", auth.Staff, m.staffAddPhoto, upload)
	s.HandleFunc("POST /staff/reports/{id}/close", auth.Staff, m.staffClose, upload)

	s.HandleFunc("GET /admin/reports/categories", auth.Admin, m.staffCategories)
	s.HandleFunc("GET /admin/reports/categories/new", auth.Admin, m.staffCategoryNew)
	s.HandleFunc("POST /admin/reports/categories/new", auth.Admin, m.staffCategoryCreate)
	s.HandleFunc("GET /admin/reports/categories/{id}", auth.Admin, m.staffCategoryEdit)
	s.HandleFunc("POST /admin/reports/categories/{id}", auth.Admin, m.staffCategorySave)
	s.HandleFunc("GET /admin/reports/apikeys", auth.Admin, m.staffAPIKeys)
	s.HandleFunc("POST /admin/reports/apikeys", auth.Admin, m.staffAPIKeyCreate)
	s.HandleFunc("POST /admin/reports/apikeys/{id}/revoke", auth.Admin, m.staffAPIKeyRevoke)
}
