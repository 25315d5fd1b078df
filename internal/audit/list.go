package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// Record is a stored entry.
type Record struct {
	ID int64
	At time.Time
	Entry
	// ActorEmail is the actor's current address; empty for the system and
	// for accounts deleted since.
	ActorEmail string
}

// Filter selects entries. Zero fields do not filter.
type Filter struct {
	ActorID    int64
	ObjectType string
	ObjectID   string
	// Action matches entries whose action starts with it ("user." finds
	// user.create and user.update).
	Action string
	// Since is inclusive, Until exclusive.
	Since, Until time.Time
	// Limit bounds the result: DefaultLimit when 0, at most MaxLimit.
	Limit int
	// BeforeID returns only entries older than this one, for paging.
	BeforeID int64
}

// Paging bounds of List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// List returns the entries matching f, newest first, from the database in
// ctx.
func (l *Log) List(ctx context.Context, f Filter) ([]Record, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.ActorID != 0 {
		add("a.actor_id = ?", f.ActorID)
	}
	if f.ObjectType != "" {
		add("a.object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("a.object_id = ?", f.ObjectID)
	}
	if f.Action != "" {
		// substr instead of LIKE: no wildcard characters to escape, and the
		// same on both engines.
		where = append(where, "substr(a.action, 1, ?) = ?")
		args = append(args, len(f.Action), f.Action)
	}
	if !f.Since.IsZero() {
		add("a.at >= ?", f.Since.UTC().Truncate(time.Second))
	}
	if !f.Until.IsZero() {
		add("a.at < ?", f.Until.UTC().Truncate(time.Second))
	}
	if f.BeforeID != 0 {
		add("a.id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)

	q := `SELECT a.id, a.at, a.actor_id, COALESCE(u.email, ''), a.action, a.object_type, a.object_id, a.detail, a.ip
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.id DESC LIMIT ?"
	args = append(args, limit)

	rows, err := db.From(ctx).Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var actor sql.NullInt64
		if err := rows.Scan(&r.ID, &r.At, &actor, &r.ActorEmail, &r.Action, &r.ObjectType, &r.ObjectID, &r.Detail, &r.IP); err != nil {
			return nil, fmt.Errorf("list audit log: %w", err)
		}
		r.At = r.At.UTC()
		r.ActorID = actor.Int64
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	return out, nil
}
