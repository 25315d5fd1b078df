package cases

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/web"
	"github.com/offenes-rathaus/rathaus/internal/workdays"
)

// Defaults of a form that sets none.
const (
	DefaultRetentionDays = 365
	DefaultDeadlineDays  = 20
)

// Deps are what the Service needs. Zero fields get working defaults (the
// system clock, an audit log, an outbox that only stores).
type Deps struct {
	Clock clock.Clock
	Audit *audit.Log
	Mail  *mail.Outbox
	// Blobs holds the case files; needed for files, the export and
	// retention.
	Blobs blob.Store
	// Catalog renders mail texts; Messages must be loaded into it (the web
	// site's catalog after AddModule("cases.messages", Messages)). nil uses
	// a catalog of Messages alone.
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	// BaseURL is the public address for links in mails and the export,
	// without a trailing slash.
	BaseURL     string
	DefaultLang string
	// TownName signs mails; nil or "" leaves the signature out.
	TownName func(ctx context.Context) string
	// Land returns the town's Bundesland code (workdays.Lands) for
	// deadlines; nil or "" counts for "NI" until the town has set its Land.
	Land func(ctx context.Context) string
	// Services tells the export a service's name and LeiKa key; nil leaves
	// them out.
	Services ServiceLookup
	// BlobInUse reports whether a file's content is referred to outside
	// the cases (a form draft), so erasing a case never deletes it. nil
	// means nothing else refers to case files.
	BlobInUse func(ctx context.Context, key string) (bool, error)
}

// Service is case handling's domain: every method takes the database from
// ctx and makes each change in one transaction with its timeline event,
// audit entry and mails.
type Service struct {
	deps Deps
	// refSource replaces NewReference in tests of collisions.
	refSource func() string
}

// New returns the Service with deps, defaults filled in.
func New(deps Deps) *Service {
	if deps.Clock == nil {
		deps.Clock = clock.System{}
	}
	if deps.Audit == nil {
		deps.Audit = &audit.Log{Clock: deps.Clock}
	}
	if deps.Mail == nil {
		deps.Mail = &mail.Outbox{Clock: deps.Clock}
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.DefaultLang == "" {
		deps.DefaultLang = "de"
	}
	return &Service{deps: deps}
}

// Now is the service's clock as stored: UTC, whole seconds.
func (s *Service) Now() time.Time { return dbTime(s.deps.Clock.Now()) }

func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: dbTime(t), Valid: true}
}

func fromNull(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// fallbackLand counts deadlines until the town has set its Land.
const fallbackLand = "NI"

var calendars sync.Map // Land code → *workdays.Calendar

// calendar is the town's working-day calendar (its Bundesland's holidays).
func (s *Service) calendar(ctx context.Context) *workdays.Calendar {
	land := ""
	if s.deps.Land != nil {
		land = s.deps.Land(ctx)
	}
	if land == "" {
		land = fallbackLand
	}
	if c, ok := calendars.Load(land); ok {
		return c.(*workdays.Calendar)
	}
	c, err := workdays.New(land)
	if err != nil {
		s.deps.Logger.Warn("cases: unknown Land, counting deadlines for "+fallbackLand, "land", land)
		if c, err = workdays.New(fallbackLand); err != nil {
			panic(fmt.Sprintf("cases: %v", err)) // NI is a Land: a build defect
		}
		return c
	}
	actual, _ := calendars.LoadOrStore(land, c)
	return actual.(*workdays.Calendar)
}

func (s *Service) townName(ctx context.Context) string {
	if s.deps.TownName == nil {
		return ""
	}
	return s.deps.TownName(ctx)
}

func (s *Service) link(path string) string { return s.deps.BaseURL + path }

// townZone is the town's time zone: times are stored in UTC and shown and
// exported as local dates.
var townZone = web.TownZone
