package cases_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// BenchmarkStaffInbox serves a department's inbox with 100,000 cases (two
// years, CASES_BENCH_N to change it) to a signed-in staff member through
// the whole handler (session, memberships, list, counts, template) and
// reports the latency percentiles:
//
//	go test ./internal/cases -run '^$' -bench StaffInbox -benchtime 2000x
func BenchmarkStaffInbox(b *testing.B) {
	n := 100_000
	if s := os.Getenv("CASES_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	srv := testkit.NewServer(b, testkit.SQLite)
	ctx := srv.Ctx()
	dept, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "bench-inbox", Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	var staff []int64
	for i := range 5 {
		u := srv.CreateUser("bench"+strconv.Itoa(i)+"@example.org", "a-good-password", auth.RoleStaff)
		if err := srv.App.Auth.SetMembership(ctx, u.ID, dept.ID, false); err != nil {
			b.Fatal(err)
		}
		staff = append(staff, u.ID)
	}
	now := time.Now().UTC()
	start := time.Now()
	if _, err := cases.GenerateBenchData(ctx, cases.BenchData{N: n, Department: dept.Slug, From: now.AddDate(-2, 0, 0), To: now,
		Assignees: staff, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d cases in %s", n, time.Since(start).Round(time.Millisecond))
	if _, err := srv.App.DB.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	token, err := srv.App.Auth.StartSession(ctx, staff[0])
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, query string }{
		{"open_by_deadline", ""},
		{"open_newest", "?sort=newest"},
		{"all_newest", "?state=all&sort=newest"},
		{"all_oldest_page_40", "?state=all&sort=oldest&page=40"},
		{"overdue", "?overdue=on"},
		{"mine", "?assignee=mine"},
		{"status", "?state=all&status=abgelehnt"},
		{"name_search", "?state=all&q=m%C3%BCller"},
	} {
		b.Run(q.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/staff/cases"+q.query, nil)
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: token})
			var lat []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				rec := httptest.NewRecorder()
				srv.App.Handler.ServeHTTP(rec, req)
				lat = append(lat, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", req.URL, rec.Code)
				}
			}
			slices.Sort(lat)
			pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
