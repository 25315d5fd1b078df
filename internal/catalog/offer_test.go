package catalog_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// between returns the part of body from the first from to the next to.
func between(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestServiceOffersItsOnlineFormOnlyWhileTheFormIsInService(t *testing.T) {
	schemas := openAPISchemas(t)
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		v := &env{t: t, ctx: s.srv.Ctx(), cat: s.srv.App.Catalog}
		// Bulky waste: online or with an appointment; its form is not loaded.
		v.save(catalog.Service{
			Slug: "sperrmuell", Name: catalog.Text{DE: "Sperrmüll anmelden", EN: "Book a bulky waste collection"},
			Description: catalog.Text{DE: "Wir holen Ihren Sperrmüll ab."}, ForCitizens: true,
			Department: catalog.Department{ID: s.ordnung.ID}, Online: true, Appointment: true, FormID: "sperrmuell-anmelden",
			Published: true,
		})
		// Noise: online only; its form is not loaded either.
		v.save(catalog.Service{
			Slug: "laerm-melden", Name: catalog.Text{DE: "Lärm melden"}, Description: catalog.Text{DE: "Zu laut?"},
			ForCitizens: true, Department: catalog.Department{ID: s.ordnung.ID}, Online: true, FormID: "laerm-melden",
			Published: true,
		})
		base := s.srv.URL
		api := func(slug string) map[string]any {
			t.Helper()
			r := s.srv.Client().Get("/api/v1/services/" + slug)
			if r.StatusCode != 200 {
				t.Fatalf("API %s: %d\n%s", slug, r.StatusCode, r.Body)
			}
			inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
			if err := schemas["GET /api/v1/services/{slug} 200"].Validate(inst); err != nil {
				t.Errorf("API %s does not match the document: %v\n%s", slug, err, r.Body)
			}
			var b map[string]any
			json.Unmarshal([]byte(r.Body), &b)
			return b
		}
		listed := func(slug string) map[string]any {
			t.Helper()
			r := s.srv.Client().Get("/api/v1/services?limit=500")
			var b struct{ Services []map[string]any }
			json.Unmarshal([]byte(r.Body), &b)
			for _, x := range b.Services {
				if x["slug"] == slug {
					return x
				}
			}
			t.Fatalf("the list lacks %s:\n%s", slug, r.Body)
			return nil
		}
		page := func(path string) string {
			t.Helper()
			s.srv.App.Site.PurgeCache() // the anonymous page cache would keep the last answer for seconds
			r := s.srv.Client().Get(path)
			if r.StatusCode != 200 {
				t.Fatalf("GET %s: %d", path, r.StatusCode)
			}
			return r.Body
		}

		t.Run("a missing form is not offered", func(t *testing.T) {
			body := page("/services/sperrmuell")
			for _, not := range []string{"/forms/sperrmuell-anmelden", "Online beantragen", "Online mit dem Antrag"} {
				if strings.Contains(body, not) {
					t.Errorf("page offers %q although the form is not in service", not)
				}
			}
			for _, want := range []string{"So geht&#39;s", "Online können Sie diese Leistung zurzeit nicht beantragen.", "Mit Termin im Rathaus."} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for name, b := range map[string]map[string]any{"service": api("sperrmuell"), "list": listed("sperrmuell")} {
				for _, k := range []string{"form_id", "form_url", "form_schema_url"} {
					if b[k] != nil {
						t.Errorf("%s: %s = %v, want null", name, k, b[k])
					}
				}
				if ch := fmt.Sprint(b["channels"]); ch != "[appointment]" {
					t.Errorf("%s: channels %s, want [appointment]", name, ch)
				}
			}
			if item := between(page("/services"), `href="/services/sperrmuell"`, "</li>"); item == "" || strings.Contains(item, "Online möglich") {
				t.Errorf("A–Z list item %q marks it online", item)
			}
			if item := between(page("/services"), `href="/services/hund-anmelden"`, "</li>"); !strings.Contains(item, "Online möglich") {
				t.Errorf("A–Z list item %q does not mark the dog registration online", item)
			}
			if item := between(page("/services?q=Sperrm%C3%BCll"), `href="/services/sperrmuell"`, "</li>"); item == "" || strings.Contains(item, "Online möglich") {
				t.Errorf("search result %q marks it online", item)
			}
		})

		t.Run("a service done online alone sends people to its department", func(t *testing.T) {
			body := page("/services/laerm-melden")
			for _, want := range []string{"Online können Sie diese Leistung zurzeit nicht beantragen.", "Wenden Sie sich bitte an: Ordnungsamt.",
				"Bitte fragen Sie bei der zuständigen Stelle nach."} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(body, "/forms/") {
				t.Error("page links a form that is not in service")
			}
			if b := api("laerm-melden"); fmt.Sprint(b["channels"]) != "[]" || b["form_url"] != nil {
				t.Errorf("API: channels %v, form_url %v; want none", b["channels"], b["form_url"])
			}
		})

		t.Run("once the form is installed it is offered", func(t *testing.T) {
			s.installForm(t, "sperrmuell-anmelden", "ordnungsamt")
			body := page("/services/sperrmuell")
			if !strings.Contains(body, `<a class="button" href="/forms/sperrmuell-anmelden">Online beantragen</a>`) ||
				strings.Contains(body, "zurzeit nicht") {
				t.Errorf("page does not offer the installed form:\n%s", testkit.Excerpt(body))
			}
			for name, b := range map[string]map[string]any{"service": api("sperrmuell"), "list": listed("sperrmuell")} {
				if b["form_url"] != base+"/forms/sperrmuell-anmelden" || b["form_schema_url"] != base+"/forms/sperrmuell-anmelden/schema.json" ||
					fmt.Sprint(b["channels"]) != "[online appointment]" {
					t.Errorf("%s: form_url %v, form_schema_url %v, channels %v", name, b["form_url"], b["form_schema_url"], b["channels"])
				}
			}
			// The other service's form is still missing.
			if b := api("laerm-melden"); b["form_url"] != nil {
				t.Errorf("laerm-melden: form_url %v", b["form_url"])
			}
		})
	})
}
