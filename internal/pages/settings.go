package pages

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// States are the codes of the 16 Länder, as github.com/rickar/cal/v2/de
// names their holidays (de.HolidaysNI …).
var States = []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}

// DefaultTownName is shown until the town has set its name.
const DefaultTownName = "Offenes Rathaus"

// Settings are the town's own settings.
type Settings struct {
	// TownName is the town's name as shown in the layout; empty until set.
	TownName string
	// State is the Bundesland code (see States); empty until set.
	State string
}

const maxTownName = 100

// Validate checks the settings and returns field errors.
func (s Settings) Validate() error {
	var f errs.Fields
	if strings.TrimSpace(s.TownName) == "" {
		f.Add("town_name", "field.required")
	} else if len([]rune(s.TownName)) > maxTownName {
		f.Add("town_name", "field.too_long", maxTownName)
	}
	if s.State == "" {
		f.Add("state", "field.required")
	} else if !slices.Contains(States, s.State) {
		f.Add("state", "field.choice.invalid")
	}
	return f.Err()
}

// Settings returns the town's settings; unset ones are empty.
func (m *Module) Settings(ctx context.Context) (Settings, error) {
	var s Settings
	rows, err := db.From(ctx).Query(ctx, "SELECT key, value FROM town_settings WHERE key IN ('town_name', 'state')")
	if err != nil {
		return s, fmt.Errorf("load town settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, fmt.Errorf("load town settings: %w", err)
		}
		switch k {
		case "town_name":
			s.TownName = v
		case "state":
			s.State = v
		}
	}
	return s, rows.Err()
}

// SaveSettings stores the settings, audited in the same transaction, and
// shows the new name at once on this instance.
func (m *Module) SaveSettings(ctx context.Context, s Settings, actor Actor) error {
	s.TownName = strings.Join(strings.Fields(s.TownName), " ")
	if err := s.Validate(); err != nil {
		return err
	}
	d := db.From(ctx)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for _, kv := range [][2]string{{"town_name", s.TownName}, {"state", s.State}} {
			if _, err := tx.Exec(ctx, `INSERT INTO town_settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, kv[0], kv[1]); err != nil {
				return fmt.Errorf("save town setting %s: %w", kv[0], err)
			}
		}
		return m.deps.Audit.Record(ctx, tx, actor.entry("settings.update", "settings", "town",
			"town_name="+s.TownName+", state="+s.State))
	})
	if err != nil {
		return err
	}
	m.town.put(d, s.TownName, m.deps.Clock.Now())
	return nil
}

// townNameTTL bounds how long an instance shows an old name after another
// instance saved a new one.
const townNameTTL = 30 * time.Second

// townCache keeps the town's name per database, since the layout shows it on
// every page.
type townCache struct {
	mu      sync.Mutex
	entries map[*db.DB]cachedName
}

type cachedName struct {
	name string
	at   time.Time
}

func (c *townCache) get(d *db.DB, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[d]
	if !ok || now.Sub(e.at) >= townNameTTL || now.Before(e.at) {
		return e.name, false
	}
	return e.name, true
}

func (c *townCache) put(d *db.DB, name string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[d] = cachedName{name: name, at: now}
}

// TownName returns the town's name for the layout: the saved name, or
// DefaultTownName when none is set. It reads the database at most every 30
// seconds per instance; when the database fails it keeps the last name.
func (m *Module) TownName(ctx context.Context) string {
	d := db.From(ctx)
	now := m.deps.Clock.Now()
	name, fresh := m.town.get(d, now)
	if !fresh {
		s, err := m.Settings(ctx)
		if err != nil {
			m.deps.Logger.Warn("town name: keeping the last one", "err", err)
		} else {
			name = s.TownName
		}
		m.town.put(d, name, now)
	}
	if name == "" {
		return DefaultTownName
	}
	return name
}
