// Package pages serves the legal pages every German town's website needs
// (Impressum, Datenschutzerklärung, Barrierefreiheitserklärung) with the texts
// the town writes, the accessibility feedback form, and the town settings
// (name and Bundesland).
package pages

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package; they refer to auth's users.
var Migrations = db.Migrations{Name: "pages", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Deps are what the module needs from the platform.
type Deps struct {
	Mail   *mail.Outbox
	Audit  *audit.Log
	Clock  clock.Clock
	Logger *slog.Logger
	// BaseURL is the public address, for links in e-mails.
	BaseURL string
	// FeedbackPerHour limits feedback from one client address per hour;
	// 0 means DefaultFeedbackPerHour.
	FeedbackPerHour int
}

// DefaultFeedbackPerHour is the default flood limit of the feedback form.
const DefaultFeedbackPerHour = 10

// Module is the legal pages, the feedback form and the town settings.
type Module struct {
	deps     Deps
	site     *web.Site
	town     townCache
	throttle *throttle
}

// New returns the module. It needs no web.Site yet, so the app can hand
// TownName to the web shell before the shell exists.
func New(d Deps) *Module {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.FeedbackPerHour == 0 {
		d.FeedbackPerHour = DefaultFeedbackPerHour
	}
	return &Module{deps: d, town: townCache{entries: map[*db.DB]cachedName{}},
		throttle: newThrottle(d.FeedbackPerHour, time.Hour)}
}

// Routes registers the module's templates, messages and routes on site.
func (m *Module) Routes(site *web.Site) error {
	if err := site.AddModule("pages", files); err != nil {
		return err
	}
	m.site = site
	for _, slug := range Slugs {
		site.HandleFunc("GET /"+slug, auth.Public, m.show(slug))
	}
	site.HandleFunc("POST /barrierefreiheit/feedback", auth.Public, m.feedbackSubmit)
	site.HandleFunc("GET /admin/pages/{slug}", auth.Admin, m.editForm)
	site.HandleFunc("POST /admin/pages/{slug}", auth.Admin, m.editSave)
	site.HandleFunc("GET /admin/feedback", auth.Admin, m.feedbackList)
	site.HandleFunc("POST /admin/feedback/{id}/done", auth.Admin, m.feedbackDone)
	site.HandleFunc("GET /admin/settings", auth.Admin, m.settingsForm)
	site.HandleFunc("POST /admin/settings", auth.Admin, m.settingsSave)
	return nil
}

// Actor is who makes a change, for the audit log: an account (0 for the
// system) and the client address.
type Actor struct {
	ID int64
	IP string
}

func actorOf(r *http.Request) Actor {
	a := Actor{IP: web.ClientIP(r)}
	if p := web.PrincipalOf(r); p.SignedIn() {
		a.ID = p.User.ID
	}
	return a
}

func (a Actor) entry(action, objectType, objectID, detail string) audit.Entry {
	return audit.Entry{ActorID: a.ID, Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail, IP: a.IP}
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

// berlin is the town hall's time zone for dates shown to people; stored
// times are UTC.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// formatDate writes a date the way readers of lang expect it.
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(berlin)
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02.01.2006")
}

// formatTime writes a date and time the way readers of lang expect it.
func formatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(berlin)
	if lang == "en" {
		return t.Format("2 Jan 2006, 15:04")
	}
	return t.Format("02.01.2006, 15:04")
}

// defaultLang is the language of mails to people without a preference.
var defaultLang = i18n.Languages[0]
