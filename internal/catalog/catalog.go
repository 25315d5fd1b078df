// Package catalog is the Leistungskatalog: the services the town does on
// request, each with its LeiKa key, audience, documents, fees, legal basis,
// department and the ways it is done (online form, appointment, in person),
// browsable by topic (Thema) and life situation (Lebenslage) and found by a
// German search with stemming and compound splitting. It serves the public
// pages (/services…), the JSON API with its OpenAPI document (/api/v1/…)
// and the admin pages (/admin/services…).
package catalog

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

//go:embed migrations
var migrationFS embed.FS

// Migrations are the catalog's tables; they need auth's departments.
var Migrations = db.Migrations{Name: "catalog", FS: mustSub(migrationFS, "migrations")}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Catalog is the domain side: storing services, topics and life situations
// and the published view with its search index.
type Catalog struct {
	Clock clock.Clock
	Audit *audit.Log
	views views
}

// New returns a catalog.
func New(c clock.Clock, a *audit.Log) *Catalog {
	if c == nil {
		c = clock.System{}
	}
	if a == nil {
		a = &audit.Log{Clock: c}
	}
	return &Catalog{Clock: c, Audit: a}
}

// Services returns every service, published or not, for the admin.
func (c *Catalog) Services(ctx context.Context) ([]*Service, error) {
	return loadServices(ctx, db.From(ctx), "TRUE")
}

// ServiceByID returns one service, published or not.
func (c *Catalog) ServiceByID(ctx context.Context, id int64) (*Service, error) {
	return serviceByID(ctx, db.From(ctx), id)
}

// Topics returns every topic in its order.
func (c *Catalog) Topics(ctx context.Context) ([]Topic, error) {
	return listTaxa(ctx, db.From(ctx), topics)
}

// LifeSituations returns every life situation in its order.
func (c *Catalog) LifeSituations(ctx context.Context) ([]LifeSituation, error) {
	return listTaxa(ctx, db.From(ctx), lifeSituations)
}

// Save creates (ID 0) or updates a service with its topics and life
// situations (given by ID), audited as by, in one transaction. It returns
// the stored service.
func (c *Catalog) Save(ctx context.Context, s Service, by audit.Entry) (*Service, error) {
	s.normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	now := c.Clock.Now().UTC()
	var saved *Service
	err := db.InTxFrom(ctx, func(tx *db.Tx) error {
		var err error
		if s.Department, err = departmentOf(ctx, tx, s.Department.ID); err != nil {
			return err
		}
		if s.Topics, err = resolveRefs(ctx, tx, topics, "topics", s.Topics); err != nil {
			return err
		}
		if s.Life, err = resolveRefs(ctx, tx, lifeSituations, "life", s.Life); err != nil {
			return err
		}
		s.UpdatedAt = now
		action, detail := "catalog.service.create", s.Slug
		if s.ID == 0 {
			s.CreatedAt = now
			if s.ID, err = insertService(ctx, tx, &s); err != nil {
				return slugTaken(err)
			}
		} else {
			old, err := serviceByID(ctx, tx, s.ID)
			if err != nil {
				return err
			}
			if err := updateService(ctx, tx, &s); err != nil {
				return slugTaken(err)
			}
			action, detail = "catalog.service.update", changes(old, &s)
		}
		for _, l := range []struct {
			k    taxonomy
			refs []Ref
		}{{topics, s.Topics}, {lifeSituations, s.Life}} {
			if err := setLinks(ctx, tx, l.k, s.ID, l.refs); err != nil {
				return err
			}
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		e := by.Did(action, "catalog_service", fmt.Sprint(s.ID))
		e.Detail = detail
		if err := c.Audit.Record(ctx, tx, e); err != nil {
			return err
		}
		saved, err = serviceByID(ctx, tx, s.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// SaveTopic creates (ID 0) or renames a topic.
func (c *Catalog) SaveTopic(ctx context.Context, t Topic, by audit.Entry) (Topic, error) {
	return c.saveTaxon(ctx, topics, t, by)
}

// SaveLifeSituation creates (ID 0) or renames a life situation.
func (c *Catalog) SaveLifeSituation(ctx context.Context, t LifeSituation, by audit.Entry) (LifeSituation, error) {
	return c.saveTaxon(ctx, lifeSituations, t, by)
}

func (c *Catalog) saveTaxon(ctx context.Context, k taxonomy, t Topic, by audit.Entry) (Topic, error) {
	t.Slug, t.Name.DE, t.Name.EN = strings.TrimSpace(t.Slug), strings.TrimSpace(t.Name.DE), strings.TrimSpace(t.Name.EN)
	if err := validateTopic(t); err != nil {
		return t, err
	}
	err := db.InTxFrom(ctx, func(tx *db.Tx) error {
		action := ".create"
		if t.ID != 0 {
			action = ".update"
		}
		if err := saveTaxon(ctx, tx, k, &t); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		e := by.Did(k.auditAction()+action, k.auditType(), fmt.Sprint(t.ID))
		e.Detail = t.Slug + ": " + t.Name.DE
		return c.Audit.Record(ctx, tx, e)
	})
	return t, err
}
