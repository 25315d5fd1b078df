package cases_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var referencePattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{4}$`)

func TestNewReferenceHasNoConfusableCharacters(t *testing.T) {
	seen := map[string]bool{}
	for range 20000 {
		ref := cases.NewReference()
		if !referencePattern.MatchString(ref) || strings.ContainsAny(ref, "IO01") {
			t.Fatalf("reference %q uses a confusable character or the wrong shape", ref)
		}
		if seen[ref] {
			t.Fatalf("reference %q made twice in 20000", ref)
		}
		seen[ref] = true
	}
}

func TestNormalizeReference(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"K7M-3PQ9", "K7M-3PQ9"},
		{" k7m 3pq9 ", "K7M-3PQ9"},
		{"k7m3pq9", "K7M-3PQ9"},
		{"K7M-3PQ", ""},
		{"K7M-3PQ99", ""},
		{"KOM-3PQ9", ""}, // O is not in the alphabet
		{"K1M-3PQ9", ""},
		{"K7M/3PQ9", ""},
		{"", ""},
	} {
		if got := cases.NormalizeReference(tc.in); got != tc.want {
			t.Errorf("NormalizeReference(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIntake(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("creates the case with status, deadline, files, event and guest link", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("Gerda Gast", "gerda@example.org")
			photo := env.put(t, []byte("\x89PNG\r\n\x1a\nnot really a png but bytes"))
			in.Files = []cases.IntakeFile{{Path: "dog.photo", Name: "bello.png", ContentType: "image/png", Size: photo.Size, Blob: photo.Key}}
			c, token := env.intake(t, in)
			if !referencePattern.MatchString(c.Reference) {
				t.Errorf("reference %q", c.Reference)
			}
			if c.Status != "received" || c.Closed() || c.Paused() {
				t.Errorf("status %q closed %v paused %v", c.Status, c.Closed(), c.Paused())
			}
			// 5 working days from Monday 4 May 2026: Tue 5 … Mon 11 May
			// (the weekend skipped), same time of day.
			if want := time.Date(2026, 5, 11, 8, 0, 0, 0, time.UTC); !c.DueAt.Equal(want) {
				t.Errorf("due %v, want %v", c.DueAt, want)
			}
			if c.DepartmentID != env.order || c.DepartmentName != "Ordnungsamt" || c.AccountID != 0 {
				t.Errorf("department %d %q account %d", c.DepartmentID, c.DepartmentName, c.AccountID)
			}
			if c.Answers["tax"] != "120.00" || c.Summary["en"][1].Label != "Dog's name" || len(c.Statuses) != 4 {
				t.Errorf("answers %v summary %v statuses %v", c.Answers, c.Summary, c.Statuses)
			}
			if token == "" {
				t.Fatal("a guest gets a private link token")
			}
			var stored string
			if err := env.db.QueryRow(env.ctx, "SELECT access_hash FROM cases WHERE id = ?", c.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if stored != auth.HashToken(token) || strings.Contains(stored, token) {
				t.Errorf("stored access hash %q is not the token's SHA-256", stored)
			}
			d := env.view(t, c.ID)
			if len(d.Documents) != 1 || d.Documents[0].Kind != cases.DocAnswer || d.Documents[0].Field != "dog.photo" || d.Documents[0].Blob != photo.Key {
				t.Errorf("documents %+v", d.Documents)
			}
			if kinds(d.Events) != "submitted" || !d.Events[0].Public || d.Events[0].Status != "received" {
				t.Errorf("events %+v", d.Events)
			}
			m := env.mails(t)
			if len(m) != 1 || m[0].To != "gerda@example.org" || !strings.Contains(m[0].Subject, c.Reference) {
				t.Fatalf("mails %+v", m)
			}
			if !strings.Contains(m[0].Text, "https://rathaus.example/case/"+token) || !strings.Contains(m[0].Text, "„Hund anmelden“") ||
				!strings.Contains(m[0].Text, "Ihre Stadtverwaltung Musterstadt") {
				t.Errorf("confirmation mail:\n%s", m[0].Text)
			}
		})

		t.Run("an account gets its Mein Rathaus link and no token", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("Clara Citizen", "clara@example.org")
			in.AccountID, in.Lang = env.citizen, "en"
			c, token := env.intake(t, in)
			if token != "" || c.AccountID != env.citizen || c.Lang != "en" {
				t.Errorf("token %q account %d lang %q", token, c.AccountID, c.Lang)
			}
			m := env.mails(t)
			if len(m) != 1 || !strings.Contains(m[0].Text, "https://rathaus.example/my/cases/"+c.Reference) ||
				!strings.Contains(m[0].Subject, "We have received your application") {
				t.Errorf("mail %+v", m)
			}
		})

		t.Run("a guest without e-mail gets no mail", func(t *testing.T) {
			env := newDomainEnv(t, e)
			env.intake(t, dogIntake("Gerd ohne Mail", ""))
			if m := env.mails(t); len(m) != 0 {
				t.Errorf("mails %+v", m)
			}
		})

		t.Run("a reference collision is retried", func(t *testing.T) {
			env := newDomainEnv(t, e)
			refs := []string{"AAA-AAAA", "AAA-AAAA", "AAA-AAAA", "BBB-BBBB"}
			cases.SetReferenceSource(env.svc, func() string { r := refs[0]; refs = refs[1:]; return r })
			a, _ := env.intake(t, dogIntake("Erste", ""))
			b, _ := env.intake(t, dogIntake("Zweite", ""))
			if a.Reference != "AAA-AAAA" || b.Reference != "BBB-BBBB" {
				t.Errorf("references %q %q", a.Reference, b.Reference)
			}
		})

		t.Run("joins the caller's transaction and rolls back with it", func(t *testing.T) {
			env := newDomainEnv(t, e)
			boom := errors.New("draft could not be marked sent")
			err := env.db.InTx(env.ctx, func(tx *db.Tx) error {
				if _, _, err := env.svc.Intake(db.WithTx(env.ctx, tx), dogIntake("Rolf Rollback", "rolf@example.org")); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err %v", err)
			}
			var n int
			if err := env.db.QueryRow(env.ctx, "SELECT COUNT(*) FROM cases").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 || len(env.mails(t)) != 0 {
				t.Errorf("%d cases and %d mails after the rollback", n, len(env.mails(t)))
			}
		})

		t.Run("refuses a submission without statuses or with an unknown department", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("X", "")
			in.Statuses = nil
			if _, _, err := env.svc.Intake(env.ctx, in); err == nil {
				t.Error("intake without statuses worked")
			}
			in = dogIntake("X", "")
			in.Department = "gibt-es-nicht"
			if _, _, err := env.svc.Intake(env.ctx, in); err == nil {
				t.Error("intake for an unknown department worked")
			}
		})

		t.Run("defaults: 20 working days, 365 days retention", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("D", "")
			in.DeadlineDays, in.RetentionDays = 0, 0
			c, _ := env.intake(t, in)
			// 20 working days from 4 May 2026 in Lower Saxony skip
			// Ascension (14 May) and Whit Monday (25 May): 3 June.
			if want := time.Date(2026, 6, 3, 8, 0, 0, 0, time.UTC); !c.DueAt.Equal(want) || c.RetentionDays != 365 {
				t.Errorf("due %v (want %v), retention %d", c.DueAt, want, c.RetentionDays)
			}
			if got := env.audits(t, strconv.FormatInt(c.ID, 10)); strings.Join(got, ",") != "case.create" {
				t.Errorf("audit %v", got)
			}
		})
	})
}
