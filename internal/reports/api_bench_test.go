package reports_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// BenchmarkAPIRequests runs GET requests.json through the whole handler
// (middleware, Open311, Service, SQLite) without the network, on a town of
// 50,000 synthetic reports, so a profile shows the API's own cost:
//
//	go test ./internal/reports -run '^$' -bench APIRequests -cpuprofile cpu.out
//
// bench/reports/run.sh measures the same over HTTP with a million reports.
func BenchmarkAPIRequests(b *testing.B) {
	srv := testkit.NewServer(b, testkit.SQLite)
	now := time.Now().UTC()
	town := geo.BBox{MinLat: 52.30, MinLon: 9.60, MaxLat: 52.45, MaxLon: 9.90}
	if _, err := reports.GenerateBenchData(srv.Ctx(), reports.BenchData{N: 50_000, Area: town,
		From: now.AddDate(-2, 0, 0), To: now, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	serve := func(b *testing.B, url string) {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		rec := httptest.NewRecorder()
		srv.App.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", url, rec.Code, rec.Body.String())
		}
	}
	list := reports.APIPrefix + "/requests.json?page_size=50"
	b.Run("newest50/cached", func(b *testing.B) {
		for b.Loop() {
			serve(b, list)
		}
	})
	b.Run("newest50/uncached", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			serve(b, fmt.Sprintf("%s&nocache=%d", list, n))
		}
	})
	b.Run("bbox/uncached", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			// A different 1 × 1 km box each time, walking over the town.
			w, s := 9.61+float64(n%27)*0.01, 52.31+float64(n%13)*0.01
			serve(b, fmt.Sprintf("%s/requests.json?bbox=%.3f,%.3f,%.3f,%.3f", reports.APIPrefix, w, s, w+0.014, s+0.009))
		}
	})
}
