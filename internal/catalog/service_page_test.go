package catalog_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// installAccountForm puts version of the online form id of department into
// service for people with an account only.
func (s *site) installAccountForm(t *testing.T, id, department string, version int) {
	t.Helper()
	src := strings.Replace(testkit.GuestForm(id, department), "guests: true", fmt.Sprintf("guests: false\nversion: %d", version), 1)
	if _, err := s.srv.App.Forms.Install(s.srv.Ctx(), []byte(src), 0); err != nil {
		t.Fatalf("install form %s: %v", id, err)
	}
}

func TestServicePageSaysWhetherTheOnlineFormNeedsAnAccount(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		v := &env{t: t, ctx: s.srv.Ctx(), cat: s.srv.App.Catalog}
		// The business registration's form is for account holders only.
		v.save(catalog.Service{
			Slug: "gewerbe-anmelden", Name: catalog.Text{DE: "Gewerbe anmelden", EN: "Register a business"},
			Description: catalog.Text{DE: "Wer ein Gewerbe beginnt, meldet es an."}, ForBusinesses: true,
			Department: catalog.Department{ID: s.ordnung.ID}, Online: true, Appointment: true, FormID: "gewerbe-anmelden",
			Published: true,
		})
		s.installAccountForm(t, "gewerbe-anmelden", "ordnungsamt", 1)
		town := s.srv.App.Pages.TownName(s.srv.Ctx())
		citizen := s.srv.CreateUser("buerger@example.org", "Buerger-Passwort-2026", auth.RoleCitizen)
		signedIn := s.srv.Client()
		signedIn.Login(citizen.Email, "Buerger-Passwort-2026")

		login := `href="/login?next=%2Fforms%2Fgewerbe-anmelden"`
		register := `href="/register?next=%2Fforms%2Fgewerbe-anmelden"`
		for _, tc := range []struct {
			name, path string
			client     *testkit.Client
			want, not  []string
		}{
			{name: "a form for account holders says so and leads to an account and back",
				path: "/services/gewerbe-anmelden",
				want: []string{"Für diesen Antrag brauchen Sie ein Konto im Online-Rathaus " + town + ".",
					login + ">Anmelden</a>", register + ">Konto anlegen</a>",
					`<a class="button" href="/forms/gewerbe-anmelden">Online beantragen</a>`},
				not: []string{"ohne Konto"}},
			{name: "in English too", path: "/services/gewerbe-anmelden?lang=en",
				want: []string{"For this application you need an account with the online town hall of " + town + ".",
					login + ">Sign in</a>", register + ">Create an account</a>"}},
			{name: "a form open to guests says no account is needed", path: "/services/hund-anmelden",
				want: []string{"Das geht auch ohne Konto.", `href="/forms/hund-anmelden"`},
				not:  []string{"brauchen Sie ein Konto", "/login?next=", "/register?next="}},
			{name: "a signed-in visitor is not asked to sign in", path: "/services/gewerbe-anmelden", client: signedIn,
				want: []string{`href="/forms/gewerbe-anmelden"`},
				not:  []string{"brauchen Sie ein Konto", "/login?next=", "/register?next="}},
			{name: "a service without a form says nothing about accounts", path: "/services/bewohnerparkausweis",
				not: []string{"ohne Konto", "brauchen Sie ein Konto", "/login?next="}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := tc.client
				if c == nil {
					c = s.srv.Client()
				}
				r := c.Get(tc.path)
				if r.StatusCode != 200 {
					t.Fatalf("GET %s: %d", tc.path, r.StatusCode)
				}
				online := between(r.Body, `id="online-title"`, "</section>")
				for _, w := range tc.want {
					if !strings.Contains(online, w) {
						t.Errorf("the online section lacks %q:\n%s", w, testkit.Excerpt(r.Body))
					}
				}
				for _, n := range tc.not {
					if strings.Contains(r.Body, n) {
						t.Errorf("page has %q", n)
					}
				}
			})
		}

		t.Run("the links lead back to the form", func(t *testing.T) {
			for _, path := range []string{"/login?next=%2Fforms%2Fgewerbe-anmelden", "/register?next=%2Fforms%2Fgewerbe-anmelden"} {
				r := s.srv.Client().Get(path)
				if r.StatusCode != 200 || !strings.Contains(r.Body, `name="next" value="/forms/gewerbe-anmelden"`) {
					t.Errorf("GET %s: %d, next not kept:\n%s", path, r.StatusCode, testkit.Excerpt(r.Body))
				}
			}
		})

		accountRequired := func(slug string) any {
			t.Helper()
			r := s.srv.Client().Get("/api/v1/services/" + slug)
			var b map[string]any
			if err := json.Unmarshal([]byte(r.Body), &b); err != nil || r.StatusCode != 200 {
				t.Fatalf("API %s: %d %v", slug, r.StatusCode, err)
			}
			v, ok := b["form_account_required"]
			if !ok {
				t.Fatalf("API %s lacks form_account_required:\n%s", slug, r.Body)
			}
			return v
		}
		t.Run("the API says whether the form needs an account", func(t *testing.T) {
			for slug, want := range map[string]any{"gewerbe-anmelden": true, "hund-anmelden": false, "bewohnerparkausweis": nil} {
				if got := accountRequired(slug); got != want {
					t.Errorf("%s: form_account_required = %v, want %v", slug, got, want)
				}
			}
		})

		t.Run("a new version of the form changes the answer at once", func(t *testing.T) {
			s.installAccountForm(t, "hund-anmelden", "kaemmerei", 2)
			if got := accountRequired("hund-anmelden"); got != true {
				t.Errorf("after the form needs an account: form_account_required = %v, want true", got)
			}
			s.srv.App.Site.PurgeCache()
			if r := s.srv.Client().Get("/services/hund-anmelden"); !strings.Contains(r.Body, "brauchen Sie ein Konto") {
				t.Errorf("the page still says no account is needed:\n%s", testkit.Excerpt(r.Body))
			}
		})
		noMissingMessages(t, s)
	})
}

func TestServicePageSaysHowElseAndWhomToAsk(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		v := &env{t: t, ctx: s.srv.Ctx(), cat: s.srv.App.Catalog}
		// A parking ban for a move: online only, with a form in service.
		v.save(catalog.Service{
			Slug: "halteverbot", Name: catalog.Text{DE: "Halteverbot für den Umzug"}, Description: catalog.Text{DE: "Platz für den Umzugswagen."},
			ForCitizens: true, Department: catalog.Department{ID: s.kasse.ID}, Online: true, FormID: "halteverbot",
			Published: true,
		})
		s.installForm(t, "halteverbot", "kaemmerei")
		for _, tc := range []struct {
			name, path string
			want, not  []string
		}{
			{name: "other ways do not repeat the online form", path: "/services/hund-anmelden",
				want: []string{"Andere Wege", "Persönlich ohne Termin zu den Öffnungszeiten.", "Wenden Sie sich bitte an: Kämmerei.",
					`E-Mail: <a href="mailto:kasse@example.org">kasse@example.org</a>`},
				not: []string{"Online mit dem Antrag auf dieser Seite."}},
			{name: "a service done online alone names whom to ask otherwise", path: "/services/halteverbot",
				want: []string{"Andere Wege", "Wenden Sie sich bitte an: Kämmerei.", `href="mailto:kasse@example.org"`},
				not:  []string{"Online mit dem Antrag auf dieser Seite.", "<ul></ul>"}},
			{name: "the procedure and the department's way come first", path: "/services/bewohnerparkausweis",
				want: []string{"So geht&#39;s", "Bringen Sie den Fahrzeugschein ins Ordnungsamt.", "Mit Termin im Rathaus.",
					"Zuständig ist: Ordnungsamt."},
				not: []string{"E-Mail:"}}, // the public order office has no address in this town
			{name: "the department after a procedure, in English", path: "/services/bewohnerparkausweis?lang=en",
				want: []string{"Bring the vehicle registration to the public order office.", "Responsible office: Ordnungsamt."}},
			{name: "in English", path: "/services/hund-anmelden?lang=en",
				want: []string{"Other ways", "Please contact: Kämmerei.", `E-mail: <a href="mailto:kasse@example.org">`},
				not:  []string{"Online with the application on this page."}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := s.srv.Client().Get(tc.path)
				if r.StatusCode != 200 {
					t.Fatalf("GET %s: %d", tc.path, r.StatusCode)
				}
				how := between(r.Body, `id="how-title"`, "</section>")
				for _, w := range tc.want {
					if !strings.Contains(how, w) {
						t.Errorf("the section on how to apply lacks %q:\n%s", w, how)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(how, n) {
						t.Errorf("the section on how to apply has %q:\n%s", n, how)
					}
				}
			})
		}
		noMissingMessages(t, s)
	})
}
