package cases

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/workdays"
)

// BenchData describes synthetic cases for load tests (bench/cases): N cases
// of one department (Department, a slug, made if missing), created between
// From and To, from three forms made for them, some assigned to Assignees.
// The same Seed gives the same data.
type BenchData struct {
	N          int
	Department string
	From, To   time.Time
	Assignees  []int64
	Seed       uint64
}

// benchStatuses are the bench forms' statuses.
var benchStatuses = []Status{
	{Key: "eingegangen", Label: Text{"de": "Eingegangen", "en": "Received"}},
	{Key: "in_pruefung", Label: Text{"de": "In Prüfung", "en": "Being checked"}},
	{Key: "unterlagen_angefordert", Label: Text{"de": "Unterlagen angefordert", "en": "Documents requested"}},
	{Key: "genehmigt", Label: Text{"de": "Genehmigt", "en": "Approved"}, Closing: true},
	{Key: "abgelehnt", Label: Text{"de": "Abgelehnt", "en": "Refused"}, Closing: true},
}

var benchForms = []struct{ id, de, en string }{
	{"bench-hund", "Hund anmelden", "Register a dog"},
	{"bench-parken", "Bewohnerparkausweis", "Resident parking permit"},
	{"bench-gewerbe", "Gewerbe anmelden", "Register a business"},
}

var (
	benchFirst = []string{"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hans", "Ida", "Jonas", "Karla", "Lukas",
		"Mia", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tina", "Ümit", "Vera", "Willi", "Yusuf", "Zoe"}
	benchLast = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
		"Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Yılmaz", "Krüger", "Hartmann"}
)

// benchBatch rows go into one INSERT, benchTx rows into one transaction.
const (
	benchBatch = 250
	benchTx    = 10_000
)

// GenerateBenchData inserts spec.N synthetic cases into the database of
// ctx and returns how many it inserted. Cases of the last 60 days are
// mostly open (some paused, some overdue); older ones are nearly all
// closed, as in a real archive. They have answers and a summary of a
// typical size but no files, messages or history.
func GenerateBenchData(ctx context.Context, spec BenchData) (int, error) {
	d := db.From(ctx)
	if spec.N <= 0 {
		return 0, nil
	}
	if spec.Department == "" || !spec.From.Before(spec.To) {
		return 0, fmt.Errorf("bench cases: need a department and From before To")
	}
	dept, err := benchDepartment(ctx, d, spec.Department)
	if err != nil {
		return 0, err
	}
	cal, err := workdays.New("NI")
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))
	statuses, _ := marshalColumn(benchStatuses)
	span := spec.To.Sub(spec.From)
	total := 0
	for total < spec.N {
		n := min(benchTx, spec.N-total)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for done := 0; done < n; {
				k := min(benchBatch, n-done)
				rows := make([]benchRow, k)
				for j := range rows {
					rows[j] = newBenchRow(rng, cal, spec, span, total+done+j)
				}
				if err := benchInsert(ctx, tx, dept, statuses, rows); err != nil {
					return err
				}
				done += k
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("bench cases: %w", err)
		}
		total += n
	}
	return total, nil
}

func benchDepartment(ctx context.Context, d *db.DB, slug string) (int64, error) {
	now := time.Now().UTC().Truncate(time.Second)
	var dept int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT id FROM departments WHERE slug = ?", slug).Scan(&dept); err != nil {
			if err := tx.QueryRow(ctx, "INSERT INTO departments (slug, name, email, created_at) VALUES (?, ?, '', ?) RETURNING id",
				slug, "Bench "+slug, now).Scan(&dept); err != nil {
				return err
			}
		}
		statuses, _ := marshalColumn(benchStatuses)
		for _, f := range benchForms {
			if _, err := tx.Exec(ctx, `INSERT INTO case_forms (form_id, department_id, service, title_de, title_en, statuses, updated_at)
				VALUES (?, ?, '', ?, ?, ?, ?) ON CONFLICT (form_id) DO NOTHING`, f.id, dept, f.de, f.en, statuses, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench department: %w", err)
	}
	return dept, nil
}

type benchRow struct {
	ref, form, title, titleEN, name, email, answers, summary, status string
	assignee                                                         int64
	created, due, paused, closed                                     time.Time
}

func newBenchRow(rng *rand.Rand, cal *workdays.Calendar, spec BenchData, span time.Duration, i int) benchRow {
	// Times grow with i, so the newest cases are the last inserted.
	created := spec.From.Add(time.Duration(float64(span) * (float64(i) + rng.Float64()) / float64(spec.N))).UTC().Truncate(time.Second)
	f := benchForms[rng.IntN(len(benchForms))]
	name := benchFirst[rng.IntN(len(benchFirst))] + " " + benchLast[rng.IntN(len(benchLast))]
	r := benchRow{ref: benchRef(i, spec.Seed), form: f.id, title: f.de, titleEN: f.en, name: name, created: created,
		email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org",
		due:   cal.AddWorkdays(created, 20).UTC().Truncate(time.Second)}
	r.answers = fmt.Sprintf(`{"name":%q,"addr":{"street":"Musterweg","house_number":"%d","postal_code":"12345","city":"Musterstadt"},"note":"Synthetischer Vorgang %d für Lasttests."}`,
		name, rng.IntN(200)+1, i)
	r.summary = fmt.Sprintf(`{"de":[{"label":"Name","value":%q,"path":"name"},{"label":"Anschrift","value":"Musterweg %d, 12345 Musterstadt","path":"addr"}],"en":[{"label":"Name","value":%q,"path":"name"},{"label":"Address","value":"Musterweg %d, 12345 Musterstadt","path":"addr"}]}`,
		name, rng.IntN(200)+1, name, rng.IntN(200)+1)
	age := spec.To.Sub(created)
	open := rng.IntN(100) < 3 // old cases: nearly all closed
	if age < 60*24*time.Hour {
		open = rng.IntN(100) < 70
	}
	if open {
		r.status = benchStatuses[rng.IntN(3)].Key
		if r.status == "unterlagen_angefordert" && rng.IntN(2) == 0 {
			r.paused = created.Add(time.Duration(rng.IntN(5*24)) * time.Hour)
		}
	} else {
		r.status = benchStatuses[3+rng.IntN(2)].Key
		r.closed = created.Add(time.Duration(rng.IntN(30*24)+1) * time.Hour)
	}
	if len(spec.Assignees) > 0 && (r.status != "eingegangen" || !open) {
		r.assignee = spec.Assignees[rng.IntN(len(spec.Assignees))]
	}
	return r
}

func benchInsert(ctx context.Context, tx *db.Tx, dept int64, statuses string, rows []benchRow) error {
	const cols = 21
	var b strings.Builder
	b.WriteString(`INSERT INTO cases (reference, form_id, form_version, service, title_de, title_en, department_id,
		applicant_name, search_name, applicant_email, lang, answers, summary, statuses, status, assignee_id, due_at,
		paused_at, created_at, updated_at, closed_at) VALUES `)
	args := make([]any, 0, len(rows)*cols)
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?" + strings.Repeat(", ?", cols-1) + ")")
		args = append(args, r.ref, r.form, 1, "", r.title, r.titleEN, dept, r.name, searchName(r.name), r.email, "de", r.answers, r.summary,
			statuses, r.status, nullID(r.assignee), r.due, nullTime(r.paused), r.created, r.created, nullTime(r.closed))
	}
	_, err := tx.Exec(ctx, b.String(), args...)
	return err
}

// benchRef maps i one-to-one onto references: multiplying by an odd number
// is a permutation modulo 32^7, so the references look random and never
// repeat within a run.
func benchRef(i int, seed uint64) string {
	const space = 1 << 35 // 32^7
	v := (uint64(i)*0x2545F491 + seed) % space
	b := []byte("000-0000")
	for _, p := range []int{7, 6, 5, 4, 2, 1, 0} {
		b[p] = ReferenceAlphabet[v%32]
		v /= 32
	}
	return string(b)
}
