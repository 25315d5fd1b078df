package catalog_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestSaveStoresAServiceWithItsTopicsAndLifeSituations(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		v := newEnv(t, e)
		tax := v.topic("steuern", "Steuern", "Taxes")
		pets := v.topic("tiere", "Tiere", "Animals")
		dog := v.life("hund", "Ein Hund zieht ein", "Getting a dog")
		s := v.dog()
		s.Topics = []catalog.Ref{{ID: tax.ID}, {ID: pets.ID}}
		s.Life = []catalog.Ref{{ID: dog.ID}}
		created := v.save(s)

		got, err := v.cat.ServiceByID(v.ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != s.Name || got.Description != s.Description || got.LeiKaKey != s.LeiKaKey || got.FormID != "hund-anmelden" ||
			!got.Online || !got.InPerson || got.Appointment || !got.ForCitizens || got.ForBusinesses || *got.FeeCents != 9600 ||
			got.LegalBasis != s.LegalBasis || got.Keywords.DE != "Hundemarke" || !got.Published {
			t.Errorf("stored service = %+v, want the fields of %+v", got, s)
		}
		if got.Department.Slug != "kaemmerei" || got.Department.Name != "Kämmerei" {
			t.Errorf("department = %+v, want the Kämmerei", got.Department)
		}
		if len(got.Topics) != 2 || len(got.Life) != 1 || got.Life[0].Slug != "hund" {
			t.Errorf("topics %+v, life situations %+v; want steuern, tiere and hund", got.Topics, got.Life)
		}
		if !got.CreatedAt.Equal(v.clock.Now()) || !got.UpdatedAt.Equal(v.clock.Now()) {
			t.Errorf("times %v, %v; want the clock's %v", got.CreatedAt, got.UpdatedAt, v.clock.Now())
		}
		if n := v.count("SELECT count(*) FROM audit_log WHERE action = 'catalog.service.create' AND object_id = ?", itoa(created.ID)); n != 1 {
			t.Errorf("%d audit entries for the creation, want 1", n)
		}

		// An update replaces the fields and the links, and the audit log
		// names what changed.
		v.clock.Advance(time.Hour)
		s = *got
		s.Name.DE = "Hund zur Hundesteuer anmelden"
		s.FeeCents = nil
		s.Topics = []catalog.Ref{{ID: tax.ID}}
		s.Life = nil
		updated := v.save(s)
		if updated.Name.DE != s.Name.DE || updated.FeeCents != nil || len(updated.Topics) != 1 || len(updated.Life) != 0 {
			t.Errorf("after the update: %+v", updated)
		}
		if !updated.UpdatedAt.Equal(v.clock.Now()) || updated.CreatedAt.Equal(updated.UpdatedAt) {
			t.Errorf("after the update: created %v, updated %v", updated.CreatedAt, updated.UpdatedAt)
		}
		var detail string
		if err := v.db.QueryRow(v.ctx, "SELECT detail FROM audit_log WHERE action = 'catalog.service.update'").Scan(&detail); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"name_de", "fee_cents", "topics", "life_situations"} {
			if !strings.Contains(detail, want) {
				t.Errorf("audit detail %q does not name %s", detail, want)
			}
		}
		if strings.Contains(detail, "leika") {
			t.Errorf("audit detail %q names an unchanged field", detail)
		}
	})
}

func TestSaveRefusesInvalidServicesAndStoresNothing(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		v := newEnv(t, e)
		v.save(v.dog())
		before := v.count("SELECT count(*) FROM audit_log")
		version := v.count("SELECT version FROM catalog_state")
		for _, tc := range []struct {
			name   string
			change func(*catalog.Service)
			field  string
			key    string
		}{
			{"no German name", func(s *catalog.Service) { s.Name.DE = "  " }, "name_de", "field.required"},
			{"name too long", func(s *catalog.Service) { s.Name.DE = strings.Repeat("x", 201) }, "name_de", "field.too_long"},
			{"no description", func(s *catalog.Service) { s.Description.DE = "" }, "description_de", "field.required"},
			{"slug with capitals", func(s *catalog.Service) { s.Slug = "Hund-Anmelden" }, "slug", "field.slug.invalid"},
			{"slug taken", func(s *catalog.Service) {}, "slug", "field.slug.taken"},
			{"LeiKa key too short", func(s *catalog.Service) { s.LeiKaKey = "9910400400100" }, "leika_key", "catalog.field.leika.invalid"},
			{"LeiKa key with letters", func(s *catalog.Service) { s.LeiKaKey = "99104004001OOO" }, "leika_key", "catalog.field.leika.invalid"},
			{"no audience", func(s *catalog.Service) { s.ForCitizens = false }, "audience", "catalog.field.audience.required"},
			{"no channel", func(s *catalog.Service) { s.Online, s.InPerson, s.FormID = false, false, "" }, "channels", "catalog.field.channels.required"},
			{"form without online", func(s *catalog.Service) { s.Online = false }, "channels", "catalog.field.channels.online_form"},
			{"online without form", func(s *catalog.Service) { s.FormID = "" }, "form_id", "catalog.field.form.required"},
			{"form id with a slash", func(s *catalog.Service) { s.FormID = "../admin" }, "form_id", "field.slug.invalid"},
			{"negative fee", func(s *catalog.Service) { n := int64(-1); s.FeeCents = &n }, "fee_amount", "catalog.field.fee.invalid"},
			{"no department", func(s *catalog.Service) { s.Department.ID = 0 }, "department", "field.required"},
			{"unknown department", func(s *catalog.Service) { s.Department.ID = 999999 }, "department", "field.choice.invalid"},
			{"unknown topic", func(s *catalog.Service) { s.Topics = []catalog.Ref{{ID: 999999}} }, "topics", "field.choice.invalid"},
			{"unknown life situation", func(s *catalog.Service) { s.Life = []catalog.Ref{{ID: 999999}} }, "life", "field.choice.invalid"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := v.dog()
				tc.change(&s)
				_, err := v.cat.Save(v.ctx, s, admin)
				e := errs.As(err)
				if e.Code != errs.Invalid {
					t.Fatalf("Save = %v, want invalid", err)
				}
				found := false
				for _, f := range e.Fields {
					found = found || f.Field == tc.field && f.Key == tc.key
				}
				if !found {
					t.Errorf("errors %+v, want %s on %s", e.Fields, tc.key, tc.field)
				}
				if n := v.count("SELECT count(*) FROM catalog_services"); n != 1 {
					t.Errorf("%d services stored, want still 1", n)
				}
				if n := v.count("SELECT count(*) FROM audit_log"); n != before {
					t.Errorf("%d audit entries, want still %d", n, before)
				}
				if n := v.count("SELECT version FROM catalog_state"); n != version {
					t.Errorf("catalog version %d, want still %d", n, version)
				}
			})
		}
	})
}

func TestUpdatingAServiceThatDoesNotExistIsNotFound(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		v := newEnv(t, e)
		s := v.dog()
		s.ID = 4711
		if _, err := v.cat.Save(v.ctx, s, admin); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("Save of an unknown id = %v, want not found", err)
		}
	})
}

func TestTopicsAndLifeSituationsAreAddedAndRenamed(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		v := newEnv(t, e)
		a := v.topic("steuern", "Steuern", "")
		v.topic("bauen", "Bauen", "Building")
		a.Name = catalog.Text{DE: "Steuern und Abgaben", EN: "Taxes and charges"}
		a.SortOrder = -1
		if _, err := v.cat.SaveTopic(v.ctx, a, admin); err != nil {
			t.Fatal(err)
		}
		list, err := v.cat.Topics(v.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name.DE != "Steuern und Abgaben" || list[0].Name.In("en") != "Taxes and charges" {
			t.Errorf("topics = %+v, want the renamed one first", list)
		}
		_, err = v.cat.SaveTopic(v.ctx, catalog.Topic{Slug: "bauen", Name: catalog.Text{DE: "Noch einmal"}}, admin)
		if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Key != "field.slug.taken" {
			t.Errorf("a second topic with slug bauen: %v, want slug taken", err)
		}
		_, err = v.cat.SaveLifeSituation(v.ctx, catalog.LifeSituation{Slug: "Umzug!", Name: catalog.Text{}}, admin)
		if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 2 {
			t.Errorf("a life situation without name and with a bad slug: %v, want two field errors", err)
		}
		v.life("umzug", "Umzug", "Moving house")
		if n := v.count("SELECT count(*) FROM audit_log WHERE action IN ('catalog.topic.create', 'catalog.topic.update', 'catalog.life_situation.create')"); n != 4 {
			t.Errorf("%d audit entries for topics and life situations, want 4", n)
		}
	})
}

func TestPublishedCatalogFollowsChangesPerDatabase(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		v := newEnv(t, e)
		other := newEnv(t, e) // another town: its own database
		draft := v.dog()
		draft.Published = false
		saved := v.save(draft)

		snap, err := v.cat.Published(v.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Services) != 0 {
			t.Fatalf("an unpublished service is in the published catalog: %v", snap.Services)
		}
		again, _ := v.cat.Published(v.ctx)
		if again != snap {
			t.Errorf("an unchanged catalog was rebuilt")
		}

		saved.Published = true
		v.save(*saved)
		snap, err = v.cat.Published(v.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := snap.Service("hund-anmelden"); !ok || len(snap.Search(catalog.Query{Text: "Hundesteuer", Lang: "de"})) != 1 {
			t.Errorf("after publishing, the service is not found: %v", snap.Services)
		}

		// The same catalog value serves another town: it sees its own.
		o, err := v.cat.Published(other.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Services) != 0 || len(o.Search(catalog.Query{Text: "Hund", Lang: "de"})) != 0 {
			t.Errorf("the other town's catalog shows %d services, want none", len(o.Services))
		}

		// A change made elsewhere (another instance) is seen through the
		// version.
		if _, err := v.db.Exec(v.ctx, "UPDATE catalog_services SET name_de = 'Hund melden'"); err != nil {
			t.Fatal(err)
		}
		if _, err := v.db.Exec(v.ctx, "UPDATE catalog_state SET version = version + 1"); err != nil {
			t.Fatal(err)
		}
		snap, _ = v.cat.Published(v.ctx)
		if s, _ := snap.Service("hund-anmelden"); s == nil || s.Name.DE != "Hund melden" {
			t.Errorf("a change by another instance is not seen: %+v", s)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
