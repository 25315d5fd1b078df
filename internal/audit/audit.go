// Package audit is the append-only log of who changed or viewed personal
// data. Rows are never updated or deleted (database triggers refuse it).
package audit

import (
	"context"

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

// Log writes entries.
type Log struct {
	Clock clock.Clock
}

// Record appends e. Pass the transaction of the change being audited so both
// commit together; for views pass the *db.DB.
// STUB: implemented by the audit work package.
func (l *Log) Record(ctx context.Context, q db.Querier, e Entry) error {
	panic("audit.Log.Record: not implemented yet")
}
