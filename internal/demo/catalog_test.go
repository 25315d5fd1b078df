package demo_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/demo"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// The demo catalog: about 25 services in both languages, the five demo
// forms each named by the service of the same slug and department, and at
// least five life situations.
func TestSeedFillsTheCatalogWithTheDemoServices(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	ctx := srv.Ctx()
	if _, err := demo.Seed(ctx, srv.App); err != nil {
		t.Fatal(err)
	}
	snap, err := srv.App.Catalog.Published(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snap.Services); n < 20 || n > 40 {
		t.Errorf("%d demo services, want about 25", n)
	}
	if n := len(snap.LifeInUse()); n < 5 {
		t.Errorf("%d life situations with services, want at least 5", n)
	}
	leika := regexp.MustCompile(`^99[0-9]{12}$`)
	for _, s := range snap.Services {
		if !leika.MatchString(s.LeiKaKey) || s.Name.EN == "" || s.Description.EN == "" || len(s.Topics) == 0 {
			t.Errorf("%s: LeiKa %q, English name %q, %d topics; want a key, English texts and a topic", s.Slug, s.LeiKaKey, s.Name.EN, len(s.Topics))
		}
	}
	forms, err := fs.Glob(demo.Forms, "forms/*.yaml")
	if err != nil || len(forms) != 5 {
		t.Fatalf("demo forms %v, %v; want five", forms, err)
	}
	withForm := 0
	for _, s := range snap.Services {
		if s.HasForm() {
			withForm++
		}
	}
	if withForm != len(forms) {
		t.Errorf("%d demo services have an online form, want %d", withForm, len(forms))
	}
	field := func(src, name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `:\s*(\S+)`).FindStringSubmatch(src)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, f := range forms {
		src, _ := fs.ReadFile(demo.Forms, f)
		id, service, dept := field(string(src), "id"), field(string(src), "service"), field(string(src), "department")
		s, ok := snap.Service(service)
		if !ok {
			t.Errorf("%s: the form's service %q is not in the catalog", f, service)
			continue
		}
		if s.FormID != id || s.Department.Slug != dept || !s.Online {
			t.Errorf("%s: catalog entry has form %q, department %q, online %v; want %q, %q, true", f, s.FormID, s.Department.Slug, s.Online, id, dept)
		}
	}
	if got := snap.Search(catalog.Query{Text: "Hundesteuer", Lang: "de"}); len(got) == 0 || got[0].Slug != "hund-anmelden" {
		t.Errorf("searching the demo for Hundesteuer does not find the dog registration first")
	}
	if r := srv.Client().Get("/services/hund-anmelden"); !strings.Contains(r.Body, `href="/forms/hund-anmelden"`) {
		t.Errorf("the demo dog registration has no link to its form:\n%s", testkit.Excerpt(r.Body))
	}
}
