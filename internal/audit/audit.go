// Package audit is the append-only log of who changed or viewed personal
// data. Rows are never updated or deleted (database triggers refuse it).
package audit

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Entry is one audited action.
type Entry struct {
	// ActorID is the account that acted; 0 for the system or an anonymous
	// visitor.
	ActorID int64
	// Action names what happened, e.g. "user.create", "user.view",
	// "department.update", "login.success".
	Action string
	// ObjectType and ObjectID name the record, e.g. "user", "42".
	ObjectType string
	ObjectID   string
	// Detail is a short description without secrets (never a password).
	Detail string
	// IP is the client address, where there is one.
	IP string
}

// By starts an entry for the account actorID (0 for the system or an
// anonymous visitor) acting from ip; handlers pass
// web.ClientIP(r). Complete it with Did.
func By(actorID int64, ip string) Entry { return Entry{ActorID: actorID, IP: ip} }

// Did returns e with its action and the object acted on.
func (e Entry) Did(action, objectType, objectID string) Entry {
	e.Action, e.ObjectType, e.ObjectID = action, objectType, objectID
	return e
}

// Log writes entries.
type Log struct {
	Clock clock.Clock
}

// Record appends e. Pass the transaction of the change being audited so both
// commit together; for views pass the *db.DB.
//
// Action and ObjectType are chosen by code and must be short names of
// letters, digits, '.', '_' and '-'; anything else is a programming error.
// ObjectID, Detail and IP may carry user input: control characters are
// stripped and overlong values cut, so auditing never blocks the action.
func (l *Log) Record(ctx context.Context, q db.Querier, e Entry) error {
	e, err := e.clean()
	if err != nil {
		return err
	}
	c := l.Clock
	if c == nil {
		c = clock.System{}
	}
	actor := sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}
	_, err = q.Exec(ctx, `INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.Now().UTC().Truncate(time.Second), actor, e.Action, e.ObjectType, e.ObjectID, e.Detail, e.IP)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

//go:embed migrations
var migrationFS embed.FS

// Migrations are the tables of this package; they come after auth's.
var Migrations = db.Migrations{Name: "audit", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
