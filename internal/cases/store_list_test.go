package cases_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// inboxFixture files cases a day apart: three of the Ordnungsamt (one
// claimed by Otto, one closed, one overdue by the end) and one of the
// Bürgerbüro.
type inboxFixture struct {
	env                         *domainEnv
	anna, bernd, closed, citOff cases.Case
}

func newInboxFixture(t *testing.T, e testkit.Engine) *inboxFixture {
	t.Helper()
	env := newDomainEnv(t, e)
	f := &inboxFixture{env: env}
	f.anna, _ = env.intake(t, dogIntake("Anna Amsel", ""))
	env.clock.Advance(24 * time.Hour)
	f.bernd, _ = env.intake(t, dogIntake("Bernd Buche", ""))
	env.clock.Advance(24 * time.Hour)
	f.closed, _ = env.intake(t, dogIntake("Carla Closed", ""))
	in := dogIntake("Dora Dienst", "")
	in.Department, in.FormID, in.Title = "buergerbuero", "meldebescheinigung", cases.Text{"de": "Meldebescheinigung"}
	env.clock.Advance(24 * time.Hour)
	f.citOff, _ = env.intake(t, in)
	if err := env.svc.Claim(env.ctx, f.bernd.ID, env.staffO); err != nil {
		t.Fatal(err)
	}
	if err := env.svc.SetStatus(env.ctx, f.closed.ID, cases.StatusChange{Status: "approved", PublicNote: "Genehmigt."}, env.staffO); err != nil {
		t.Fatal(err)
	}
	// Anna's deadline (5 working days from Mon 4 May: Mon 11 May) has
	// passed on Tue 12 May; Bernd's (Tue 12 May) has not, until the hour.
	env.clock.Advance(5 * 24 * time.Hour) // Thu 7 → Tue 12 May
	return f
}

func refs(cs []cases.Case) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ApplicantName)
	}
	return strings.Join(out, ",")
}

func TestInboxList(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		f := newInboxFixture(t, e)
		env := f.env
		order := []int64{env.order}
		for _, tc := range []struct {
			name   string
			filter cases.Filter
			actor  cases.Actor
			want   string
		}{
			{"open cases of the department by deadline", cases.Filter{Departments: order, Sort: cases.SortDeadline}, env.staffO, "Anna Amsel,Bernd Buche"},
			{"newest first", cases.Filter{Departments: order, Sort: cases.SortNewest}, env.staffO, "Bernd Buche,Anna Amsel"},
			{"closed", cases.Filter{Departments: order, State: cases.StateClosed}, env.staffO, "Carla Closed"},
			{"all, oldest first", cases.Filter{Departments: order, State: cases.StateAll, Sort: cases.SortOldest}, env.staffO, "Anna Amsel,Bernd Buche,Carla Closed"},
			{"one status", cases.Filter{Departments: order, State: cases.StateAll, Status: "approved"}, env.staffO, "Carla Closed"},
			{"mine", cases.Filter{Departments: order, Assignee: env.staffO.UserID}, env.staffO, "Bernd Buche"},
			{"unassigned", cases.Filter{Departments: order, Unassigned: true}, env.staffO, "Anna Amsel"},
			{"overdue", cases.Filter{Departments: order, Overdue: true}, env.staffO, "Anna Amsel"},
			{"text in the name, any case", cases.Filter{Departments: order, State: cases.StateAll, Text: "buche"}, env.staffO, "Bernd Buche"},
			{"the reference as typed", cases.Filter{Departments: order, Text: strings.ToLower(strings.ReplaceAll(f.anna.Reference, "-", " "))}, env.staffO, "Anna Amsel"},
			{"LIKE wildcards are text", cases.Filter{Departments: order, Text: "%"}, env.staffO, ""},
			{"service (form)", cases.Filter{State: cases.StateAll, Form: "meldebescheinigung"}, env.admin, "Dora Dienst"},
			{"another department is cut away", cases.Filter{Departments: []int64{env.citOff}}, env.staffO, ""},
			{"no department lists nothing for staff", cases.Filter{}, env.staffO, ""},
			{"an admin sees all departments", cases.Filter{Sort: cases.SortOldest}, env.admin, "Anna Amsel,Bernd Buche,Dora Dienst"},
			{"staff of both departments asked for both", cases.Filter{Departments: []int64{env.order, env.citOff}, Sort: cases.SortOldest},
				cases.Actor{UserID: env.staffO.UserID, Departments: []int64{env.order, env.citOff}}, "Anna Amsel,Bernd Buche,Dora Dienst"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				l, err := env.svc.List(env.ctx, tc.filter, tc.actor)
				if err != nil {
					t.Fatal(err)
				}
				if got := refs(l.Cases); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
				n, more, err := env.svc.Count(env.ctx, tc.filter, tc.actor)
				if err != nil {
					t.Fatal(err)
				}
				if more || n != len(l.Cases) {
					t.Errorf("count %d (more %v) for %d listed", n, more, len(l.Cases))
				}
			})
		}

		t.Run("pages", func(t *testing.T) {
			l, err := env.svc.List(env.ctx, cases.Filter{Departments: order, State: cases.StateAll, Sort: cases.SortOldest, PageSize: 2}, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			if refs(l.Cases) != "Anna Amsel,Bernd Buche" || !l.More {
				t.Errorf("page 1: %s more %v", refs(l.Cases), l.More)
			}
			l, err = env.svc.List(env.ctx, cases.Filter{Departments: order, State: cases.StateAll, Sort: cases.SortOldest, PageSize: 2, Page: 2}, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			if refs(l.Cases) != "Carla Closed" || l.More || l.Page != 2 {
				t.Errorf("page 2: %s more %v", refs(l.Cases), l.More)
			}
		})

		t.Run("forms of the department for the filters", func(t *testing.T) {
			fs, err := env.svc.Forms(env.ctx, order)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 || fs[0].ID != "hund-anmelden" || len(fs[0].Statuses) != 4 || fs[0].Title.In("en") != "Register a dog" {
				t.Errorf("forms %+v", fs)
			}
		})

		t.Run("CSV of the filtered list, audited", func(t *testing.T) {
			var buf bytes.Buffer
			n, err := env.svc.ExportCSV(env.ctx, cases.Filter{Departments: order, State: cases.StateAll, Sort: cases.SortOldest}, env.staffO, &buf)
			if err != nil {
				t.Fatal(err)
			}
			// German Excel splits at semicolons; a comma-separated file
			// would read as one column per row.
			if first, _, _ := strings.Cut(buf.String(), "\n"); strings.Count(first, ";") != 13 || strings.Contains(first, ",") {
				t.Errorf("header line %q is not semicolon-separated", first)
			}
			cr := csv.NewReader(&buf)
			cr.Comma = ';'
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 || len(rows) != 4 {
				t.Fatalf("%d rows: %v", n, rows)
			}
			if got := strings.Join(rows[0][:3], "|"); got != "Vorgangsnummer|Formular-ID|Leistung/Titel" {
				t.Errorf("header %v", rows[0])
			}
			anna := rows[1]
			if anna[0] != f.anna.Reference || anna[1] != "hund-anmelden" || anna[2] != "Hund anmelden" || anna[3] != "Ordnungsamt" || anna[4] != "Eingegangen" ||
				anna[6] != "Anna Amsel" || anna[8] != "2026-05-04" || anna[9] != "2026-05-11" || anna[10] != "ja" {
				t.Errorf("row %v", anna)
			}
			if rows[3][13] != "2026-05-07" || rows[3][10] != "nein" {
				t.Errorf("closed row %v", rows[3])
			}
			if got := env.audits(t, ""); len(got) != 1 || got[0] != "case.export_csv" {
				t.Errorf("audit %v", got)
			}
		})
	})
}

func TestCSVDefusesFormulas(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		env.intake(t, dogIntake("=HYPERLINK(\"http://evil\")", ""))
		env.intake(t, dogIntake("Müller; Anna", ""))
		var buf bytes.Buffer
		if _, err := env.svc.ExportCSV(env.ctx, cases.Filter{Departments: []int64{env.order}}, env.staffO, &buf); err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(&buf)
		cr.Comma = ';'
		rows, _ := cr.ReadAll()
		// The quote inside the name is doubled and a name with the
		// separator quoted (RFC 4180), the formula defused.
		names := map[string]bool{}
		for _, row := range rows[1:] {
			names[row[6]] = true
		}
		if len(rows) != 3 || !names[`'=HYPERLINK("http://evil")`] || !names["Müller; Anna"] {
			t.Errorf("rows %v", rows)
		}
	})
}

func TestInboxSearchFoldsUnicodeCase(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		env.intake(t, dogIntake("Ümit Öztürk", ""))
		env.intake(t, dogIntake("Anna Amsel", ""))
		kuntzer, _ := env.intake(t, dogIntake("Karl Kuntzer", ""))
		// "kuntzer" has the shape of a reference (KUN-TZER); no case has
		// it, so the names are searched.
		l, err := env.svc.List(env.ctx, cases.Filter{Departments: []int64{env.order}, Text: "kuntzer"}, env.staffO)
		if err != nil || refs(l.Cases) != "Karl Kuntzer" {
			t.Errorf("name like a reference: %q (%v)", refs(l.Cases), err)
		}
		if n, _, err := env.svc.Count(env.ctx, cases.Filter{Departments: []int64{env.order}, Text: kuntzer.Reference}, env.staffO); n != 1 || err != nil {
			t.Errorf("count by reference: %d (%v)", n, err)
		}
		for _, q := range []string{"ümit", "ÖZTÜRK", "Ümit Ö"} {
			l, err := env.svc.List(env.ctx, cases.Filter{Departments: []int64{env.order}, Text: q}, env.staffO)
			if err != nil {
				t.Fatal(err)
			}
			if got := refs(l.Cases); got != "Ümit Öztürk" {
				t.Errorf("search %q found %q", q, got)
			}
		}
	})
}
