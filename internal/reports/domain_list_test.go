package reports_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestListFilters(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		day := 24 * time.Hour
		file := func(code string, p *geo.Point, description string) reports.Report {
			n := validPothole()
			n.CategoryCode, n.Location, n.Description = code, p, description
			if code == "muell" {
				n.Answers = nil
			}
			r, _ := env.create(t, n)
			env.clock.Advance(day)
			return r
		}
		ne, sw := geo.Point{Lat: 52.44, Lon: 9.88}, geo.Point{Lat: 52.31, Lon: 9.61}
		nearTown := geo.Destination(inTown, 0, 30)
		a := file("schlagloch", &inTown, "Loch in der Fahrbahn")        // 30 April
		b := file("schlagloch", &ne, "Gehweg abgesackt")                // 1 May
		c := file("muell", &sw, "Sofa im Wald")                         // 2 May
		d := file("muell", nil, "Sperrmüll am Bach_% neben der Brücke") // 3 May
		hidden := file("schlagloch", &nearTown, "Versteckt")            // 4 May
		env.svc.SetPublished(env.ctx, hidden.ID, false, env.staffR)
		t0 := domainStart
		env.clock.Advance(t0.Add(5 * day).Sub(env.clock.Now()))
		env.svc.SetStatus(env.ctx, b.ID, reports.StatusChange{Status: reports.StatusInProgress}, env.staffR)
		env.clock.Advance(day)
		env.svc.SetStatus(env.ctx, c.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffO)
		env.clock.Advance(4 * day) // now: 10 May

		small := geo.BBox{MinLat: inTown.Lat - 0.01, MinLon: inTown.Lon - 0.01, MaxLat: inTown.Lat + 0.01, MaxLon: inTown.Lon + 0.01}
		whole := domainTown
		refs := func(rs ...reports.Report) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Ref)
			}
			return out
		}
		cases := []struct {
			name string
			f    reports.Filter
			want []string
		}{
			{"public, newest first", reports.Filter{}, refs(d, c, b, a)},
			{"staff sees hidden ones", reports.Filter{Staff: true}, refs(hidden, d, c, b, a)},
			{"oldest first", reports.Filter{Sort: reports.SortOldest}, refs(a, b, c, d)},
			{"by next deadline", reports.Filter{Sort: reports.SortDeadline}, refs(a, d, b, c)},
			{"recently updated first", reports.Filter{Sort: reports.SortUpdated}, refs(c, b, d, a)},
			{"category", reports.Filter{Categories: []string{"muell"}}, refs(d, c)},
			{"status", reports.Filter{Statuses: []reports.Status{reports.StatusNew}}, refs(d, a)},
			{"open only", reports.Filter{OpenOnly: true}, refs(d, b, a)},
			{"closed only", reports.Filter{ClosedOnly: true}, refs(c)},
			{"department", reports.Filter{Staff: true, DepartmentID: env.order}, refs(d, c)},
			{"period", reports.Filter{CreatedFrom: t0.Add(day), CreatedTo: t0.Add(3 * day)}, refs(c, b)},
			{"updated after", reports.Filter{UpdatedAfter: t0.Add(4*day + time.Hour)}, refs(c, b)},
			{"updated before", reports.Filter{UpdatedBefore: t0.Add(4 * day)}, refs(d, a)},
			{"small bbox (spatial index)", reports.Filter{BBox: &small}, refs(a)},
			{"small bbox, staff", reports.Filter{BBox: &small, Staff: true}, refs(hidden, a)},
			{"bbox over the whole town", reports.Filter{BBox: &whole}, refs(c, b, a)},
			{"radius", reports.Filter{Near: &inTown, Radius: 20, Staff: true}, refs(a)},
			{"wider radius", reports.Filter{Near: &inTown, Radius: 40, Staff: true}, refs(hidden, a)},
			{"text with LIKE characters", reports.Filter{Text: "BACH_%"}, refs(d)},
			{"text in German", reports.Filter{Text: "sperrmüll"}, refs(d)},
			{"text is a reference", reports.Filter{Text: strings.ToLower(b.Ref)}, refs(b)},
			{"overdue", reports.Filter{Overdue: true}, refs(d, b, a)},
			{"references", reports.Filter{Refs: []string{strings.ToLower(a.Ref), "M-2222-22", "junk"}}, refs(a)},
			{"no valid reference", reports.Filter{Refs: []string{"junk"}}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				page, err := env.svc.List(env.ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := refs(page.Reports...); !slices.Equal(got, c.want) {
					t.Errorf("got %v, want %v", got, c.want)
				}
				for _, r := range page.Reports {
					if !r.Reporter.IsZero() {
						t.Errorf("list shows personal data of %s", r.Ref)
					}
				}
				n, err := env.svc.Count(env.ctx, c.f)
				if err != nil || n != len(c.want) {
					t.Errorf("count %d, %v; want %d", n, err, len(c.want))
				}
			})
		}
		p1, _ := env.svc.List(env.ctx, reports.Filter{PageSize: 2})
		p2, _ := env.svc.List(env.ctx, reports.Filter{PageSize: 2, Page: 2})
		if !slices.Equal(refs(p1.Reports...), refs(d, c)) || !p1.More || !slices.Equal(refs(p2.Reports...), refs(b, a)) || p2.More {
			t.Errorf("pages %v (more %v), %v (more %v)", refs(p1.Reports...), p1.More, refs(p2.Reports...), p2.More)
		}
		points, err := env.svc.MapPoints(env.ctx, reports.Filter{Staff: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range points {
			got = append(got, p.Ref)
		}
		if !slices.Equal(got, refs(c, b, a)) || points[2].Lat != inTown.Lat || points[2].Status != reports.StatusNew || points[0].CategoryCode != "muell" {
			t.Errorf("map points %+v", points)
		}
	})
}
