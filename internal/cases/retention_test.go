package cases_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestRetention(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		shared := env.put(t, []byte("shared content of two cases"))
		own := env.put(t, []byte("only the old case has this"))
		in := dogIntake("Anna Amsel", "anna@example.org") // retention 30 days
		in.AccountID = env.citizen
		in.Files = []cases.IntakeFile{
			{Path: "a", Name: "a.txt", ContentType: "text/plain", Size: shared.Size, Blob: shared.Key},
			{Path: "b", Name: "b.txt", ContentType: "text/plain", Size: own.Size, Blob: own.Key},
		}
		old, _ := env.intake(t, in)
		in2 := dogIntake("Bernd Buche", "bernd@example.org")
		in2.Files = []cases.IntakeFile{{Path: "a", Name: "a.txt", ContentType: "text/plain", Size: shared.Size, Blob: shared.Key}}
		open, _ := env.intake(t, in2)
		long := dogIntake("Lena Lang", "")
		long.RetentionDays = 400
		kept, _ := env.intake(t, long)

		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(env.svc.SendMessage(env.ctx, old.ID, "Bitte Chipnummer nennen.", env.staffO))
		must(env.svc.RequestDocument(env.ctx, old.ID, "Impfpass von Anna", env.staffO))
		must(env.svc.SetStatus(env.ctx, old.ID, cases.StatusChange{Status: "approved", PublicNote: "Genehmigt, Anna.", InternalNote: "Anna kennt den Bürgermeister"}, env.staffO))
		must(env.svc.SetStatus(env.ctx, kept.ID, cases.StatusChange{Status: "approved", PublicNote: "Genehmigt."}, env.staffO))

		// 29 days after closing: nothing is due.
		env.clock.Advance(29 * 24 * time.Hour)
		n, err := env.svc.EraseExpired(env.ctx)
		if err != nil || n != 0 {
			t.Fatalf("erased %d (%v) before the retention period ended", n, err)
		}
		env.clock.Advance(24 * time.Hour)
		if n, err = env.svc.EraseExpired(env.ctx); err != nil || n != 1 {
			t.Fatalf("erased %d (%v), want 1", n, err)
		}
		d := env.view(t, old.ID)
		if !d.Erased() || d.ApplicantName != "" || d.ApplicantEmail != "" || len(d.Answers) != 0 ||
			len(d.Summary) != 0 || len(d.Messages) != 0 || len(d.Documents) != 0 || len(d.Requests) != 0 {
			t.Errorf("personal data left: %+v", d)
		}
		// What statistics need stays.
		if d.Reference != old.Reference || d.Status != "approved" || d.FormID != "hund-anmelden" || d.Service != "hundesteuer" ||
			d.DepartmentID != env.order || !d.CreatedAt.Equal(old.CreatedAt) || d.ClosedAt.IsZero() {
			t.Errorf("statistics lost: %+v", d.Case)
		}
		// Closing withdrew the open request; its description goes too.
		if kinds(d.Events) != "submitted,message,document_requested,status,request_cancelled,erased" {
			t.Errorf("events %s", kinds(d.Events))
		}
		for _, ev := range d.Events {
			if ev.PublicNote != "" || ev.InternalNote != "" {
				t.Errorf("timeline keeps personal text: %+v", ev)
			}
		}
		// The account link stays, so the citizen reads that the data was
		// deleted instead of meeting a 404 (it says nothing about them).
		if d.AccountID != env.citizen {
			t.Errorf("account link %d", d.AccountID)
		}
		// The old case's own file is gone; the shared one stays for the
		// open case.
		if _, _, err := env.blobs.Open(env.ctx, own.Key); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("own file still there: %v", err)
		}
		if rc, _, err := env.blobs.Open(env.ctx, shared.Key); err != nil {
			t.Errorf("shared file erased: %v", err)
		} else {
			rc.Close()
		}
		if got := env.view(t, open.ID); got.ApplicantName != "Bernd Buche" || len(got.Documents) != 1 {
			t.Errorf("open case touched: %+v", got.Case)
		}
		if got := env.view(t, kept.ID); got.Erased() {
			t.Error("case with 400 days retention erased after 30")
		}
		if got := env.audits(t, itoa(old.ID)); got[len(got)-1] != "case.erase" {
			t.Errorf("audit %v", got)
		}
		// An erased case takes no changes and a second run finds nothing.
		if err := env.svc.SendMessage(env.ctx, old.ID, "x", env.staffO); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("message to an erased case: %v", err)
		}
		if n, err := env.svc.EraseExpired(env.ctx); err != nil || n != 0 {
			t.Errorf("second run erased %d (%v)", n, err)
		}
		env.clock.Advance(371 * 24 * time.Hour)
		if n, err := env.svc.EraseExpired(env.ctx); err != nil || n != 1 {
			t.Errorf("after 401 days: erased %d (%v)", n, err)
		}
		if !env.view(t, kept.ID).Erased() {
			t.Error("long retention case not erased after its period")
		}
	})
}
