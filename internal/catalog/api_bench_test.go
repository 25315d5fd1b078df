package catalog_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// BenchmarkCatalogHTTP answers searches through the whole handler (shell,
// version check on SQLite, search, JSON or template, gzip) over the demo
// size plus 500 services, without the network.
//
//	go test ./internal/catalog -run '^$' -bench CatalogHTTP -benchtime=200x
func BenchmarkCatalogHTTP(b *testing.B) {
	srv := testkit.NewServer(b, testkit.SQLite)
	ctx := srv.Ctx()
	d, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range catalog.BenchServices(500, []int64{d.ID}) {
		if _, err := srv.App.Catalog.Save(ctx, s, admin); err != nil {
			b.Fatal(err)
		}
	}
	token, err := srv.App.Auth.StartSession(ctx, srv.CreateUser("bench@example.org", "Bench-Passwort-2026", auth.RoleCitizen).ID)
	if err != nil {
		b.Fatal(err)
	}
	queries := []string{"hund", "Hundesteuer", "Hund%20anmelden", "Gewerbeanmeldung", "Meldebescheinigung", "Umzug",
		"Personalausweis%20verl%C3%A4ngern", "Parkausweis", "Buergerbuero", "Xylophon"}
	for _, tc := range []struct {
		name, path string
		session    bool
	}{
		{"api", "/api/v1/services?q=", false},
		{"page_signed_in", "/services?q=", true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, tc.path+queries[i%len(queries)], nil)
				req.Header.Set("Accept-Encoding", "gzip")
				if tc.session {
					req.AddCookie(&http.Cookie{Name: "rathaus_session", Value: token})
				}
				rec := httptest.NewRecorder()
				srv.App.Handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", req.URL, rec.Code)
				}
				i++
			}
		})
	}
}
