package catalog_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// site is a running town hall with a small catalog: the dog registration
// (published, with an online form), the resident parking permit (published,
// without a form, for businesses too) and a draft.
type site struct {
	srv            *testkit.Server
	kasse, ordnung auth.Department
	tax            catalog.Topic
	dogLife        catalog.LifeSituation
	dog, parking   *catalog.Service
	draft          *catalog.Service
}

func newSite(t *testing.T, e testkit.Engine) *site {
	t.Helper()
	srv := testkit.NewServer(t, e)
	ctx, cat := srv.Ctx(), srv.App.Catalog
	s := &site{srv: srv}
	var err error
	if s.kasse, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "kaemmerei", Name: "Kämmerei", Email: "kasse@example.org"}); err != nil {
		t.Fatal(err)
	}
	if s.ordnung, err = srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
		t.Fatal(err)
	}
	if s.tax, err = cat.SaveTopic(ctx, catalog.Topic{Slug: "steuern", Name: catalog.Text{DE: "Steuern und Abgaben", EN: "Taxes and charges"}}, admin); err != nil {
		t.Fatal(err)
	}
	if s.dogLife, err = cat.SaveLifeSituation(ctx, catalog.LifeSituation{Slug: "hund", Name: catalog.Text{DE: "Ein Hund zieht ein", EN: "Getting a dog"}}, admin); err != nil {
		t.Fatal(err)
	}
	// The dog registration's online form is in service.
	s.installForm(t, "hund-anmelden", "kaemmerei")
	v := &env{t: t, ctx: ctx, cat: cat, kasse: s.kasse, ordnung: s.ordnung}
	dog := v.dog()
	dog.Topics = []catalog.Ref{{ID: s.tax.ID}}
	dog.Life = []catalog.Ref{{ID: s.dogLife.ID}}
	s.dog = v.save(dog)
	s.parking = v.save(catalog.Service{
		Slug: "bewohnerparkausweis", Name: catalog.Text{DE: "Bewohnerparkausweis beantragen", EN: "Resident parking permit"},
		Description: catalog.Text{DE: "Parken in Ihrer Bewohnerzone.", EN: "Park in your resident zone."},
		Procedure:   catalog.Text{DE: "Bringen Sie den Fahrzeugschein ins Ordnungsamt.", EN: "Bring the vehicle registration to the public order office."},
		Fees:        catalog.Text{DE: "30,70 Euro pro Jahr"}, // no English on purpose
		ForCitizens: true, ForBusinesses: true, Appointment: true, Department: catalog.Department{ID: s.ordnung.ID},
		Published: true,
	})
	s.draft = v.save(catalog.Service{
		Slug: "entwurf", Name: catalog.Text{DE: "Geheimer Entwurf"}, Description: catalog.Text{DE: "Noch nicht fertig."},
		ForCitizens: true, InPerson: true, Department: catalog.Department{ID: s.ordnung.ID},
	})
	return s
}

var adminSeq atomic.Int64

// adminClient is a client signed in as a new administrator.
func (s *site) adminClient(t *testing.T) (*testkit.Client, auth.User) {
	t.Helper()
	u := s.srv.CreateUser(fmt.Sprintf("admin-%d@example.org", adminSeq.Add(1)), "Admin-Passwort-2026", auth.RoleAdmin)
	c := s.srv.Client()
	c.Login(u.Email, "Admin-Passwort-2026")
	return c, u
}

// installForm puts the online form id of department into service.
func (s *site) installForm(t *testing.T, id, department string) {
	t.Helper()
	if _, err := s.srv.App.Forms.Install(s.srv.Ctx(), []byte(testkit.GuestForm(id, department)), 0); err != nil {
		t.Fatalf("install form %s: %v", id, err)
	}
}
