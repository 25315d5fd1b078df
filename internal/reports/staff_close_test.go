package reports_test

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestFieldCloseWithPhotoIsDoneAndPhotographedTogether(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		r := o.report(t, reports.NewReport{CategoryCode: "muell", Email: "melder@example.org"})
		resp := staffUpload(t, o.clientA, staffPath(r.ID, "/close"), url.Values{"public_note": {"Abgeholt."}}, staffPNG(t))
		staffWantStatus(t, resp, http.StatusSeeOther)
		got := o.stored(t, r.ID)
		if got.Status != reports.StatusDone || got.PublicNote != "Abgeholt." || len(got.Photos) != 1 ||
			!got.Photos[0].Released || !got.Photos[0].ByStaff {
			t.Fatalf("after closing with a photo: %s %q, photos %+v", got.Status, got.PublicNote, got.Photos)
		}
		var kinds []reports.EventKind
		for _, ev := range o.events(t, r.ID) {
			kinds = append(kinds, ev.Kind)
			if ev.Kind != reports.EventCreated && ev.ActorID != o.staffA.ID {
				t.Errorf("%s event by user %d, want %d", ev.Kind, ev.ActorID, o.staffA.ID)
			}
		}
		if want := []reports.EventKind{reports.EventCreated, reports.EventPhotoAdded, reports.EventStatus}; !slices.Equal(kinds, want) {
			t.Errorf("history %v, want %v", kinds, want)
		}
		if n := o.auditCount(t, "report.photo.add", "report", r.ID); n != 1 {
			t.Errorf("%d photo audit entries", n)
		}
	})
}

func TestCloseChangesNothingWhenThePhotoCannotBeStored(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, _ := env.create(t, validPothole())
		// A store whose disk went away: the photo cannot be written.
		dir := filepath.Join(t.TempDir(), "blobs")
		disk, err := blob.NewDisk(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		broken := reports.New(reports.Deps{Clock: env.clock, Audit: &audit.Log{Clock: env.clock}, Mail: &mail.Outbox{Clock: env.clock},
			Blobs: disk, Logger: slog.New(slog.DiscardHandler)})
		if err := broken.Close(env.ctx, r.ID, "Erledigt", testPhoto(t, 90), env.staffR); err == nil {
			t.Fatal("closing with a photo that cannot be stored succeeded")
		}
		got := env.staffView(t, r.ID)
		if got.Status != reports.StatusNew || got.PublicNote != "" || len(got.Photos) != 0 {
			t.Errorf("a failed close left the report %s %q with %d photos", got.Status, got.PublicNote, len(got.Photos))
		}
		if kinds := env.history(t, r.ID); len(kinds) != 1 {
			t.Errorf("a failed close wrote history: %+v", kinds)
		}
	})
}

func TestCloseOfADoneReportAddsThePhotoOnly(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, _ := env.create(t, validPothole())
		if err := env.svc.Close(env.ctx, r.ID, "Verfüllt.", nil, env.staffR); err != nil {
			t.Fatal(err)
		}
		mails := len(env.mails(t))
		if err := env.svc.Close(env.ctx, r.ID, "", testPhoto(t, 70), env.staffR); err != nil {
			t.Fatalf("adding a photo to a done report: %v", err)
		}
		got := env.staffView(t, r.ID)
		if got.Status != reports.StatusDone || got.PublicNote != "Verfüllt." || len(got.Photos) != 1 {
			t.Errorf("after the second close: %s %q, %d photos", got.Status, got.PublicNote, len(got.Photos))
		}
		if n := len(env.mails(t)); n != mails {
			t.Errorf("a photo alone sent %d mails", n-mails)
		}
		// Done again without photo or note says so.
		if err := env.svc.Close(env.ctx, r.ID, "", nil, env.staffR); fieldKeys(t, err)["status"] != "reports.status.unchanged" {
			t.Errorf("closing a done report with nothing: %v", err)
		}
		// Staff of another department may not close, and no file is written.
		ph := testPhoto(t, 50)
		if err := env.svc.Close(env.ctx, r.ID, "", ph, env.staffO); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("staff of another department closing: %v, want forbidden", err)
		}
		sum := sha256.Sum256(ph.JPEG)
		if _, _, err := env.blobs.Open(env.ctx, hex.EncodeToString(sum[:])); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a refused close wrote the photo file: %v", err)
		}
	})
}
