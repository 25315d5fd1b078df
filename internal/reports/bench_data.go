package reports

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// BenchData describes synthetic reports for load tests (bench/): N reports
// spread evenly over Area, created between From and To, in categories
// made for them. The same Seed gives the same data.
type BenchData struct {
	N        int
	Area     geo.BBox
	From, To time.Time
	Seed     uint64
}

// benchBatch rows go into one INSERT, benchTx rows into one transaction.
const (
	benchBatch = 500
	benchTx    = 10_000
)

// benchStatuses weights the statuses of recent reports (the last 60 days);
// older ones are nearly all closed, as in a town's real history, where only
// a few stay open for long.
var benchStatuses = []struct {
	status Status
	weight int
}{
	{StatusNew, 8}, {StatusChecking, 4}, {StatusInProgress, 8}, {StatusPlanned, 5},
	{StatusDone, 65}, {StatusNotResponsible, 4}, {StatusRejected, 4}, {StatusDuplicate, 2},
}

// GenerateBenchData inserts spec.N synthetic reports into the database of
// ctx, with a department "bench" and five categories if they are missing.
// The reports have no reporter, photos or history: they are open data as
// a town's archive would be. It inserts in batches, one transaction per
// 10,000 reports, and returns how many it inserted.
func GenerateBenchData(ctx context.Context, spec BenchData) (int, error) {
	d := db.From(ctx)
	if spec.N <= 0 {
		return 0, nil
	}
	if !spec.Area.Valid() || !spec.From.Before(spec.To) {
		return 0, fmt.Errorf("bench data: need a valid area and From before To")
	}
	cats, err := benchCategories(ctx, d)
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	span := spec.To.Sub(spec.From)
	total := 0
	for total < spec.N {
		n := min(benchTx, spec.N-total)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for done := 0; done < n; {
				k := min(benchBatch, n-done)
				if err := benchInsert(ctx, tx, rng, cats, spec, span, total+done, k); err != nil {
					return err
				}
				done += k
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("bench data: %w", err)
		}
		total += n
	}
	return total, nil
}

type benchCategory struct {
	id, department int64
}

func benchCategories(ctx context.Context, d *db.DB) ([]benchCategory, error) {
	now := time.Now().UTC().Truncate(time.Second)
	var out []benchCategory
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var dept int64
		err := tx.QueryRow(ctx, "SELECT id FROM departments WHERE slug = 'bench'").Scan(&dept)
		if err != nil {
			if err := tx.QueryRow(ctx, "INSERT INTO departments (slug, name, email, created_at) VALUES ('bench', 'Bench', '', ?) RETURNING id",
				now).Scan(&dept); err != nil {
				return err
			}
		}
		for i, name := range []string{"Schlagloch", "Illegaler Müll", "Straßenlaterne", "Graffiti", "Spielplatz"} {
			code := fmt.Sprintf("bench-%d", i+1)
			var id int64
			err := tx.QueryRow(ctx, "SELECT id FROM report_categories WHERE code = ?", code).Scan(&id)
			if err != nil {
				if err := tx.QueryRow(ctx, `INSERT INTO report_categories (code, group_de, name_de, department_id, first_reaction_days,
					closure_days, active, sort_order, created_at, updated_at) VALUES (?, 'Bench', ?, ?, 2, 10, TRUE, ?, ?, ?) RETURNING id`,
					code, name, dept, 100+i, now, now).Scan(&id); err != nil {
					return err
				}
			}
			out = append(out, benchCategory{id: id, department: dept})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bench categories: %w", err)
	}
	return out, nil
}

// benchRef maps i one-to-one onto references: multiplying by an odd number
// is a permutation modulo 32^6, so the references look random and never
// repeat within a run.
func benchRef(i int, seed uint64) string {
	const space = 1 << 30 // 32^6
	v := (uint64(i)*0x2545F491 + seed) % space
	b := []byte("M-0000-00")
	for _, p := range []int{8, 7, 5, 4, 3, 2} {
		b[p] = refAlphabet[v%32]
		v /= 32
	}
	return string(b)
}

func benchInsert(ctx context.Context, tx *db.Tx, rng *rand.Rand, cats []benchCategory, spec BenchData, span time.Duration, first, k int) error {
	const cols = 14
	var sb strings.Builder
	sb.WriteString(`INSERT INTO reports (ref, category_id, department_id, status, lat, lon, address, description, created_at,
		updated_at, closed_at, first_reaction_due, closure_due, first_reaction_at) VALUES `)
	args := make([]any, 0, k*cols)
	for j := range k {
		i := first + j
		if j > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(" + placeholders(cols) + ")")
		cat := cats[rng.IntN(len(cats))]
		// Spread creation evenly and in id order, as real reports come in.
		created := spec.From.Add(time.Duration(float64(span) * (float64(i) + rng.Float64()) / float64(spec.N))).UTC().Truncate(time.Second)
		st := benchStatus(rng)
		if spec.To.Sub(created) > 60*24*time.Hour && !st.Closed() && rng.IntN(25) > 0 {
			st = StatusDone
		}
		updated := created
		var closed, reacted any
		if st != StatusNew {
			updated = created.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
			if to := spec.To.UTC().Truncate(time.Second); updated.After(to) {
				updated = to
			}
			reacted = updated
		}
		if st.Closed() {
			closed = updated
		}
		lat := spec.Area.MinLat + rng.Float64()*(spec.Area.MaxLat-spec.Area.MinLat)
		lon := spec.Area.MinLon + rng.Float64()*(spec.Area.MaxLon-spec.Area.MinLon)
		args = append(args, benchRef(i, spec.Seed), cat.id, cat.department, string(st), lat, lon,
			fmt.Sprintf("Musterweg %d", 1+rng.IntN(200)), fmt.Sprintf("Synthetische Meldung %d", i),
			created, updated, closed, created.Add(2*24*time.Hour), created.Add(14*24*time.Hour), reacted)
	}
	sb.WriteString(" ON CONFLICT (ref) DO NOTHING")
	if _, err := tx.Exec(ctx, sb.String(), args...); err != nil {
		return fmt.Errorf("insert reports %d–%d: %w", first, first+k, err)
	}
	return nil
}

func benchStatus(rng *rand.Rand) Status {
	n := rng.IntN(100)
	for _, s := range benchStatuses {
		if n < s.weight {
			return s.status
		}
		n -= s.weight
	}
	return StatusDone
}
