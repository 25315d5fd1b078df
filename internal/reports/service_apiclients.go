package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// CreateAPIClient registers an Open311 client (admins only) and returns
// its raw API key, shown once; only a hash is stored. Field "name":
// required, at most 100 characters, unique.
func (s *Service) CreateAPIClient(ctx context.Context, name string, actor Actor) (APIClient, string, error) {
	if !actor.isAdmin() {
		return APIClient{}, "", errForbidden
	}
	name = web.CleanText(name, false)
	var f errs.Fields
	if name == "" {
		f.Add("name", "field.required")
	} else if tooLong(name, 100) {
		f.Add("name", "field.too_long", 100)
	}
	if err := f.Err(); err != nil {
		return APIClient{}, "", err
	}
	key := auth.NewToken()
	c := APIClient{Name: name, CreatedAt: s.now()}
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, "INSERT INTO report_api_clients (name, key_hash, created_at) VALUES (?, ?, ?) RETURNING id",
			name, auth.HashToken(key), c.CreatedAt).Scan(&c.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "api_client.create", "api_client", c.ID, name)
	})
	if db.IsUniqueViolation(err) {
		f.Add("name", "reports.apiclient.name.taken")
		return APIClient{}, "", f.Err()
	}
	if err != nil {
		return APIClient{}, "", fmt.Errorf("create API client: %w", err)
	}
	return c, key, nil
}

// APIClients lists the clients, newest first.
func (s *Service) APIClients(ctx context.Context) ([]APIClient, error) {
	rows, err := db.From(ctx).Query(ctx, "SELECT id, name, created_at, revoked_at, last_used_at FROM report_api_clients ORDER BY id DESC")
	out, err := db.Collect(rows, err, scanAPIClient)
	if err != nil {
		return nil, fmt.Errorf("list API clients: %w", err)
	}
	return out, nil
}

func scanAPIClient(row interface{ Scan(...any) error }) (APIClient, error) {
	var c APIClient
	var revoked, used sql.NullTime
	if err := row.Scan(&c.ID, &c.Name, &c.CreatedAt, &revoked, &used); err != nil {
		return c, err
	}
	c.CreatedAt, c.RevokedAt, c.LastUsedAt = c.CreatedAt.UTC(), fromNull(revoked), fromNull(used)
	return c, nil
}

// RevokeAPIClient stops a client's key from working (admins only).
func (s *Service) RevokeAPIClient(ctx context.Context, id int64, actor Actor) error {
	if !actor.isAdmin() {
		return errForbidden
	}
	now := s.now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE report_api_clients SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", now, id)
		if err != nil {
			return fmt.Errorf("revoke API client: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound()
		}
		return s.audit(ctx, tx, actor, "api_client.revoke", "api_client", id, "")
	})
}

// APIClientByKey returns the active client of a raw key; an unknown or
// revoked key is errs.Forbidden (Open311 answers 403). It notes the use at
// most once a minute, so a busy client does not write on every request.
func (s *Service) APIClientByKey(ctx context.Context, key string) (APIClient, error) {
	denied := errs.E(errs.Forbidden, "reports.apiclient.key.invalid")
	if key == "" {
		return APIClient{}, denied
	}
	d := db.From(ctx)
	c, err := scanAPIClient(d.QueryRow(ctx, "SELECT id, name, created_at, revoked_at, last_used_at FROM report_api_clients WHERE key_hash = ?",
		auth.HashToken(key)))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !c.Active()) {
		return APIClient{}, denied
	}
	if err != nil {
		return APIClient{}, fmt.Errorf("API key: %w", err)
	}
	now := s.now()
	if c.LastUsedAt.IsZero() || now.Sub(c.LastUsedAt) >= time.Minute {
		if _, err := d.Exec(ctx, "UPDATE report_api_clients SET last_used_at = ? WHERE id = ?", now, c.ID); err != nil {
			s.deps.Logger.Warn("reports: note API key use", "client", c.Name, "err", err)
		}
		c.LastUsedAt = now
	}
	return c, nil
}
