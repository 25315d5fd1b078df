package app_test

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// catalogFixtures are the Leistungskatalog's records the routes need: a
// topic, a life situation and a published service of department A in both,
// whose online form is the world's form.
type catalogFixtures struct {
	topic, life catalog.Topic
	service     *catalog.Service
}

// catalog returns the world's catalog records, made on first use.
func (w *world) catalog() *catalogFixtures {
	w.t.Helper()
	if w.cat != nil {
		return w.cat
	}
	ctx, c := w.srv.Ctx(), w.srv.App.Catalog
	system := audit.By(0, "")
	f := &catalogFixtures{}
	var err error
	if f.topic, err = c.SaveTopic(ctx, catalog.Topic{Slug: fmt.Sprintf("thema-%d", w.seq),
		Name: catalog.Text{DE: "Steuern und Abgaben", EN: "Taxes and charges"}}, system); err != nil {
		w.t.Fatalf("catalog topic: %v", err)
	}
	if f.life, err = c.SaveLifeSituation(ctx, catalog.LifeSituation{Slug: fmt.Sprintf("lebenslage-%d", w.seq),
		Name: catalog.Text{DE: "Ein Hund zieht ein", EN: "Getting a dog"}}, system); err != nil {
		w.t.Fatalf("catalog life situation: %v", err)
	}
	fee := int64(9600)
	f.service, err = c.Save(ctx, catalog.Service{
		Slug: fmt.Sprintf("hund-anmelden-%d", w.seq), Name: catalog.Text{DE: "Hund anmelden", EN: "Register a dog"},
		Description: catalog.Text{DE: "Wer einen Hund hält, meldet ihn zur Hundesteuer an.", EN: "Register your dog for the dog tax."},
		Procedure:   catalog.Text{DE: "Oder kommen Sie ins Rathaus.", EN: "Or come to the town hall."},
		LeiKaKey:    "99104004001000", ForCitizens: true, Documents: catalog.Text{DE: "Chipnummer", EN: "Microchip number"},
		Fees: catalog.Text{DE: "96 Euro im Jahr", EN: "96 euros a year"}, FeeCents: &fee, LegalBasis: "Hundesteuersatzung",
		Department: catalog.Department{ID: w.deptA.ID}, Online: true, InPerson: true, FormID: w.forms().formID,
		Keywords: catalog.Text{DE: "Hundesteuer"}, Topics: []catalog.Ref{{ID: f.topic.ID}}, Life: []catalog.Ref{{ID: f.life.ID}},
		Published: true,
	}, system)
	if err != nil {
		w.t.Fatalf("catalog service: %v", err)
	}
	w.cat = f
	return f
}

// catalogParam fills the parameters of the catalog's routes.
func (w *world) catalogParam(rt web.Route, name string) (string, bool) {
	path := rt.Path
	if !strings.HasPrefix(path, "/services/") && !strings.HasPrefix(path, "/api/v1/") && !strings.HasPrefix(path, "/admin/services/") {
		return "", false
	}
	f := w.catalog()
	id := func(n int64) (string, bool) { return strconv.FormatInt(n, 10), true }
	switch {
	case name == "slug" && strings.HasPrefix(path, "/services/topic/"):
		return f.topic.Slug, true
	case name == "slug" && strings.HasPrefix(path, "/services/life/"):
		return f.life.Slug, true
	case name == "slug":
		return f.service.Slug, true
	case name == "id" && strings.HasPrefix(path, "/admin/services/topics/"):
		return id(f.topic.ID)
	case name == "id" && strings.HasPrefix(path, "/admin/services/life/"):
		return id(f.life.ID)
	case name == "id":
		return id(f.service.ID)
	}
	return "", false
}

// catalogVisits are the catalog's pages the routes alone do not reach: a
// search with results and one without.
func (w *world) catalogVisits() []visit {
	return []visit{{anonymous, "/services?q=Hundesteuer"}, {anonymous, "/services?q=Xylophon"}}
}
