// Package account serves the flows around one's own account: sign-in and
// sign-out, registration with e-mail verification, password reset, the
// profile page, and the privacy rights of DSGVO Art. 15, 17 and 20 (see,
// delete and take away one's data).
package account

import (
	"context"
	"embed"
	"log/slog"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

//go:embed templates locales
var files embed.FS

// Exporter returns what a module stores about account u, for the data
// export (DSGVO Art. 15 and 20). It must return only u's own data, and
// audit the reading of it (the person reads it from ip).
type Exporter func(ctx context.Context, u auth.User, ip string) (any, error)

// Deleter runs in the transaction that deletes account u (DSGVO Art. 17),
// before the account row goes: a module hands over what the database's
// ON DELETE rules would otherwise cut off (e.g. a way into open cases).
// The person acts from ip. An error keeps the account.
type Deleter func(ctx context.Context, q db.Querier, u auth.User, ip string) error

// Deps are what the module needs.
type Deps struct {
	Site  *web.Site
	Auth  *auth.Service
	Mail  *mail.Outbox
	Audit *audit.Log
	// BaseURL is the public address of the town hall, without a trailing
	// slash; e-mail links start with it.
	BaseURL string
	// DefaultLang is the language of mails to accounts without a preference.
	DefaultLang string
	Log         *slog.Logger
	// Exporters add other modules' data to the export, each under its key.
	Exporters map[string]Exporter
	// BeforeDelete run, each under its module's name, when a citizen
	// deletes the account.
	BeforeDelete map[string]Deleter
	// MailLimits bound the forms that send mail; zero means
	// auth.DefaultMailLimits.
	MailLimits auth.MailLimits
}

// Module is the account area.
type Module struct {
	Deps
}

// New returns the module.
func New(d Deps) *Module {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Module{Deps: d}
}

// Routes registers the module's pages.
func (m *Module) Routes() error {
	if err := m.Site.AddModule("account", files); err != nil {
		return err
	}
	s := m.Site
	s.HandleFunc("GET /login", auth.Public, m.loginForm)
	s.HandleFunc("POST /login", auth.Public, m.login)
	s.HandleFunc("POST /logout", auth.Public, m.logout)

	s.HandleFunc("GET /register", auth.Public, m.registerForm)
	s.HandleFunc("POST /register", auth.Public, m.register)
	s.HandleFunc("GET /register/sent", auth.Public, m.sent("account.register.sent.title", "account.register.sent.text"))

	s.HandleFunc("GET /verify", auth.Public, m.verifyForm)
	s.HandleFunc("POST /verify", auth.Public, m.verify)
	s.HandleFunc("GET /verify/resend", auth.Public, m.resendForm)
	s.HandleFunc("POST /verify/resend", auth.Public, m.resend)
	s.HandleFunc("GET /verify/sent", auth.Public, m.sent("account.resend.sent.title", "account.resend.sent.text"))

	s.HandleFunc("GET /password/forgot", auth.Public, m.forgotForm)
	s.HandleFunc("POST /password/forgot", auth.Public, m.forgot)
	s.HandleFunc("GET /password/forgot/sent", auth.Public, m.sent("account.forgot.sent.title", "account.forgot.sent.text"))
	s.HandleFunc("GET /password/reset", auth.Public, m.resetForm)
	s.HandleFunc("POST /password/reset", auth.Public, m.reset)

	s.HandleFunc("GET /account", auth.SignedIn, m.profile)
	s.HandleFunc("POST /account", auth.SignedIn, m.saveProfile)
	s.HandleFunc("POST /account/password", auth.SignedIn, m.changePassword)
	s.HandleFunc("POST /account/sessions/end", auth.SignedIn, m.endSessions)
	s.HandleFunc("GET /account/export", auth.SignedIn, m.export)
	s.HandleFunc("POST /account/delete", auth.SignedIn, m.deleteAccount)
	return nil
}

// record writes an audit entry about account userID. Pass the transaction
// of the change, or the database for events that change nothing else.
func (m *Module) record(r *http.Request, q db.Querier, actor int64, action string, userID int64, detail string) error {
	e := audit.Entry{ActorID: actor, Action: action, Detail: detail, IP: web.ClientIP(r)}
	if userID != 0 {
		e.ObjectType, e.ObjectID = "user", itoa(userID)
	}
	return m.Audit.Record(r.Context(), q, e)
}

// sent shows the same "check your inbox" page whatever happened, so the
// answer does not tell which addresses have accounts.
func (m *Module) sent(titleKey, textKey string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m.Site.Render(w, r, http.StatusOK, "account/sent", sentPage{TitleKey: titleKey, TextKey: textKey,
			Login: withNext("/login", r.URL.Query().Get("next"))}, nil)
	}
}

type sentPage struct{ TitleKey, TextKey, Login string }
