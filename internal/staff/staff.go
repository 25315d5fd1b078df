// Package staff is the town hall's staff area: the start page per role, the
// department pages where leads manage their team, and the admin pages for
// departments and staff accounts.
package staff

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

// Deps are what the module needs from the platform.
type Deps struct {
	Auth   *auth.Service
	Mail   *mail.Outbox
	Audit  *audit.Log
	Clock  clock.Clock
	Logger *slog.Logger
	// BaseURL is the public address, for the link in invitation mails.
	BaseURL string
	// TownName names the town in invitation mails.
	TownName func(ctx context.Context) string
}

// Module is the staff area and the admin pages for departments and accounts.
type Module struct {
	deps Deps
	site *web.Site
}

// New returns the module.
func New(d Deps) *Module {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.TownName == nil {
		d.TownName = func(context.Context) string { return "Offenes Rathaus" }
	}
	return &Module{deps: d}
}

// Routes registers the module's templates, messages, navigation and routes.
func (m *Module) Routes(site *web.Site) error {
	if err := site.AddModule("staff", files); err != nil {
		return err
	}
	m.site = site
	site.AddNav(web.NavItem{Key: "staff.nav", Path: "/staff", Rule: auth.Staff, Order: 50})

	site.HandleFunc("GET /staff", auth.Staff, m.start)
	site.HandleFunc("GET /staff/departments/{id}", auth.DepartmentMember("id"), m.department)
	site.HandleFunc("POST /staff/departments/{id}/members", auth.DepartmentLead("id"), m.leadAddMember)
	site.HandleFunc("POST /staff/departments/{id}/members/{user}/remove", auth.DepartmentLead("id"), m.leadRemoveMember)

	site.HandleFunc("GET /admin/departments", auth.Admin, m.adminDepartments)
	site.HandleFunc("GET /admin/departments/new", auth.Admin, m.adminDepartmentNew)
	site.HandleFunc("POST /admin/departments/new", auth.Admin, m.adminDepartmentCreate)
	site.HandleFunc("GET /admin/departments/{id}", auth.Admin, m.adminDepartmentEdit)
	site.HandleFunc("POST /admin/departments/{id}", auth.Admin, m.adminDepartmentSave)
	site.HandleFunc("POST /admin/departments/{id}/members", auth.Admin, m.adminAddMember)
	site.HandleFunc("POST /admin/departments/{id}/members/{user}/remove", auth.Admin, m.adminRemoveMember)

	site.HandleFunc("GET /admin/users", auth.Admin, m.adminUsers)
	site.HandleFunc("GET /admin/users/new", auth.Admin, m.adminUserNew)
	site.HandleFunc("POST /admin/users/new", auth.Admin, m.adminUserCreate)
	site.HandleFunc("GET /admin/users/{id}", auth.Admin, m.adminUser)
	site.HandleFunc("POST /admin/users/{id}", auth.Admin, m.adminUserSave)
	site.HandleFunc("POST /admin/users/{id}/invite", auth.Admin, m.adminUserInvite)
	return nil
}

// actor is who makes a change, for the audit log.
type actor struct {
	ID int64
	IP string
}

func actorOf(r *http.Request) actor {
	a := actor{IP: web.ClientIP(r)}
	if p := web.PrincipalOf(r); p.SignedIn() {
		a.ID = p.User.ID
	}
	return a
}

func (a actor) entry(action, objectType string, objectID int64, detail string) audit.Entry {
	return audit.Entry{ActorID: a.ID, Action: action, ObjectType: objectType,
		ObjectID: strconv.FormatInt(objectID, 10), Detail: detail, IP: a.IP}
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
