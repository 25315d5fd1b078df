package app_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// The benchmarks run pages through the full handler (middleware, session,
// templates, database) without the network, so a profile shows the town
// hall's own cost:
//
//	go test ./internal/app -run '^$' -bench . -benchmem -cpuprofile cpu.out
//	go tool pprof -top cpu.out

// benchPage serves req through h until the loop ends, failing on another
// status than 200.
func benchPage(b *testing.B, h http.Handler, req *http.Request) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", req.URL.Path, rec.Code)
		}
	}
}

func BenchmarkHomePage(b *testing.B) {
	srv := testkit.NewServer(b, testkit.SQLite)
	b.Run("plain", func(b *testing.B) {
		benchPage(b, srv.App.Handler, httptest.NewRequest(http.MethodGet, "/", nil))
	})
	b.Run("gzip", func(b *testing.B) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		benchPage(b, srv.App.Handler, req)
	})
}

// BenchmarkSignedInPage measures a staff member's start page (/staff), or the
// account page while the staff module is not wired: each request looks up
// the session and the memberships in the database.
func BenchmarkSignedInPage(b *testing.B) {
	srv := testkit.NewServer(b, testkit.SQLite)
	u := srv.CreateUser("staff@example.org", "a-good-password", auth.RoleStaff)
	d, err := srv.App.Auth.SaveDepartment(srv.Ctx(), auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.App.Auth.SetMembership(srv.Ctx(), u.ID, d.ID, false); err != nil {
		b.Fatal(err)
	}
	token, err := srv.App.Auth.StartSession(srv.Ctx(), u.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/staff", "/account"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
		rec := httptest.NewRecorder()
		srv.App.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			continue
		}
		b.Run(path[1:], func(b *testing.B) { benchPage(b, srv.App.Handler, req) })
		return
	}
	b.Skip("neither /staff nor /account answers 200 for a signed-in staff member")
}

// BenchmarkStartup measures app.New on a database that is up to date: what a
// restart costs before the first request can be served (package
// initialisation, which hashes a dummy password once, is not included).
func BenchmarkStartup(b *testing.B) {
	cfg := config.Defaults()
	cfg.DataDir = b.TempDir()
	cfg.Addr = "127.0.0.1:0"
	opts := app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	first, err := app.New(b.Context(), cfg, opts)
	if err != nil {
		b.Fatal(err)
	}
	first.Close()
	b.ReportAllocs()
	for b.Loop() {
		a, err := app.New(b.Context(), cfg, opts)
		if err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
	// The heap a running town hall keeps alive, garbage collected: the
	// floor of its idle memory.
	a, err := app.New(b.Context(), cfg, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MiB-live-heap")
}
