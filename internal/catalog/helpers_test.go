package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/clock"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// env is a database with the catalog's tables, two departments and a
// catalog on a fixed clock.
type env struct {
	t       *testing.T
	ctx     context.Context
	db      *db.DB
	clock   *clock.Fixed
	cat     *catalog.Catalog
	ordnung auth.Department
	kasse   auth.Department
}

func newEnv(t *testing.T, e testkit.Engine) *env {
	t.Helper()
	d := testkit.NewDB(t, e, auth.Migrations, audit.Migrations, catalog.Migrations)
	ctx := testkit.Context(t, d)
	c := clock.NewFixed(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	a := &auth.Service{Clock: c}
	v := &env{t: t, ctx: ctx, db: d, clock: c, cat: catalog.New(c, &audit.Log{Clock: c})}
	var err error
	if v.ordnung, err = a.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt", Email: "ordnung@example.org"}); err != nil {
		t.Fatal(err)
	}
	if v.kasse, err = a.SaveDepartment(ctx, auth.Department{Slug: "kaemmerei", Name: "Kämmerei"}); err != nil {
		t.Fatal(err)
	}
	return v
}

// admin is who makes the changes in these tests.
var admin = audit.By(0, "192.0.2.1")

func (v *env) topic(slug, de, en string) catalog.Topic {
	v.t.Helper()
	t, err := v.cat.SaveTopic(v.ctx, catalog.Topic{Slug: slug, Name: catalog.Text{DE: de, EN: en}}, admin)
	if err != nil {
		v.t.Fatalf("topic %s: %v", slug, err)
	}
	return t
}

func (v *env) life(slug, de, en string) catalog.LifeSituation {
	v.t.Helper()
	t, err := v.cat.SaveLifeSituation(v.ctx, catalog.LifeSituation{Slug: slug, Name: catalog.Text{DE: de, EN: en}}, admin)
	if err != nil {
		v.t.Fatalf("life situation %s: %v", slug, err)
	}
	return t
}

// dog is a valid, published service with an online form.
func (v *env) dog() catalog.Service {
	fee := int64(9600)
	return catalog.Service{
		Slug: "hund-anmelden", Name: catalog.Text{DE: "Hund anmelden", EN: "Register a dog"},
		Description: catalog.Text{DE: "Wer einen Hund hält, meldet ihn zur Hundesteuer an.", EN: "Register your dog for the dog tax."},
		LeiKaKey:    "99104004001000", ForCitizens: true,
		Documents: catalog.Text{DE: "Chipnummer\nRasse", EN: "Microchip number\nBreed"},
		Fees:      catalog.Text{DE: "96 Euro im Jahr", EN: "96 euros a year"}, FeeCents: &fee,
		LegalBasis: "Hundesteuersatzung", Department: catalog.Department{ID: v.kasse.ID},
		Online: true, InPerson: true, FormID: "hund-anmelden", Keywords: catalog.Text{DE: "Hundemarke"},
		Published: true,
	}
}

func (v *env) save(s catalog.Service) *catalog.Service {
	v.t.Helper()
	saved, err := v.cat.Save(v.ctx, s, admin)
	if err != nil {
		v.t.Fatalf("save %s: %v", s.Slug, err)
	}
	return saved
}

func (v *env) count(query string, args ...any) int {
	v.t.Helper()
	var n int
	if err := v.db.QueryRow(v.ctx, query, args...).Scan(&n); err != nil {
		v.t.Fatal(err)
	}
	return n
}
