package reports

import (
	"context"
	"crypto/rand"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// refAlphabet leaves out I, O, 0 and 1, which are read wrongly on the phone.
const refAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newRef makes a reference like "M-7KQ3-XP": 32^6, about a billion values.
func newRef() string {
	b := make([]byte, 6)
	rand.Read(b)
	out := []byte("M-0000-00")
	pos := []int{2, 3, 4, 5, 7, 8}
	for i, p := range pos {
		out[p] = refAlphabet[int(b[i])%len(refAlphabet)]
	}
	return string(out)
}

// NormalizeRef turns what a citizen types ("m 7kq3xp", "M-7KQ3-XP ") into
// the stored form, or "" when it cannot be a reference.
func NormalizeRef(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(refAlphabet, r) || r == 'M' {
			b.WriteRune(r)
		}
	}
	t := b.String()
	if len(t) == 7 && t[0] == 'M' {
		t = t[1:]
	}
	if len(t) != 6 {
		return ""
	}
	return "M-" + t[:4] + "-" + t[4:]
}

// tooLong reports whether s has more than max characters.
func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

// now returns the clock's time as stored: UTC, whole seconds.
func (s *Service) now() time.Time { return dbTime(s.deps.Clock.Now()) }

func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// nullTime stores the zero time as NULL.
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

func nullInt(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// canHandle reports whether actor may work on reports of department dept:
// its staff, an admin, the system; any staff member when the report has no
// department.
func (a Actor) canHandle(dept int64) bool {
	if a.System || a.Admin {
		return true
	}
	if a.UserID == 0 {
		return false
	}
	if dept == 0 {
		return len(a.Departments) > 0
	}
	return slices.Contains(a.Departments, dept)
}

func (a Actor) isAdmin() bool { return a.System || (a.Admin && a.UserID != 0) }

var errForbidden = errs.E(errs.Forbidden, "error.forbidden")

func notFound() error { return errs.E(errs.NotFound, "error.not_found") }

// lang returns a supported language, the default otherwise.
func (s *Service) lang(l string) string {
	if l == "de" || l == "en" {
		return l
	}
	return s.deps.DefaultLang
}

func (s *Service) townName(ctx context.Context) string {
	if s.deps.TownName == nil {
		return ""
	}
	return s.deps.TownName(ctx)
}

// audit records a staff action (or a view of personal data) in q, the
// transaction of the change.
func (s *Service) audit(ctx context.Context, q db.Querier, actor Actor, action, objectType string, id int64, detail string) error {
	e := audit.By(actor.UserID, actor.IP).Did(action, objectType, strconv.FormatInt(id, 10))
	e.Detail = detail
	if actor.Client.ID != 0 {
		// The log has no column for API clients; the detail names it.
		e.Detail = "Open311 client " + actor.Client.Name + ": " + detail
	}
	return s.deps.Audit.Record(ctx, q, e)
}
