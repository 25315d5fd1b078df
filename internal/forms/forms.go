// Package forms is the form engine's web module and storage around
// formdef: form versions in the database (loaded from DATA_DIR/forms at
// start and uploaded by admins), the citizens' pages that fill in a form
// one page at a time, drafts with "save and continue later", file uploads,
// the check-answers page and sending, which hands a Submission to a
// Submitter (case handling) in the same transaction that marks the draft
// sent.
package forms

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

//go:embed migrations
var migrationFS embed.FS

//go:embed templates locales
var uiFS embed.FS

// Migrations are the tables of this package; they refer to auth's users.
var Migrations = db.Migrations{Name: "forms", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Deps are what the form engine needs from the platform.
type Deps struct {
	Auth      *auth.Service
	Audit     *audit.Log
	Mail      *mail.Outbox
	Blobs     blob.Store
	Clock     clock.Clock
	Logger    *slog.Logger
	Submitter Submitter
	// Catalog translates the resume mail.
	Catalog *i18n.Catalog
	// BaseURL is the public address, for links in e-mails.
	BaseURL     string
	DefaultLang string
	// MaxUploadBytes bounds one uploaded file whatever a form allows.
	MaxUploadBytes int64
	// BlobInUse reports whether content stored under key is referred to
	// outside the drafts (a case's documents), so purging a draft never
	// deletes it. Nil means nothing else refers to draft files.
	BlobInUse func(ctx context.Context, key string) (bool, error)
	// MailLimits bound the "continue later" mails, together with the
	// account module's mails; zero means auth.DefaultMailLimits.
	MailLimits auth.MailLimits
}

// Service installs form versions and keeps drafts.
type Service struct {
	Deps
	// parsed caches parsed definitions by "sha256/version": a source never
	// changes under its hash, and parsing on every request would be slow.
	parsed sync.Map
}

// New returns the service.
func New(d Deps) *Service {
	if d.Clock == nil {
		d.Clock = clock.System{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.DefaultLang == "" {
		d.DefaultLang = "de"
	}
	if d.MaxUploadBytes <= 0 {
		d.MaxUploadBytes = blob.DefaultMaxSize
	}
	return &Service{Deps: d}
}

// now is the service's time: UTC, whole seconds.
func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Second) }

// cachedForm returns the parsed definition of a stored version.
func (s *Service) cachedForm(sha string, version int, source func() (string, error)) (*formdef.Form, error) {
	key := sha + "/" + strconv.Itoa(version)
	if f, ok := s.parsed.Load(key); ok {
		return f.(*formdef.Form), nil
	}
	src, err := source()
	if err != nil {
		return nil, err
	}
	f, err := formdef.Parse([]byte(src))
	if err != nil {
		// Only valid definitions are stored; a failure here means formdef
		// got stricter since. The version is out of service until fixed.
		return nil, fmt.Errorf("stored form version %d (%s) no longer parses: %w", version, sha[:12], err)
	}
	f.Version = version
	s.parsed.Store(key, f)
	return f, nil
}
