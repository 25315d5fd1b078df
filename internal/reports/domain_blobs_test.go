package reports_test

import (
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestErasingAPhotoKeepsAFileAnotherReportShares(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		// The same picture in two reports (one person sent it twice):
		// equal content, one file.
		n := validPothole()
		n.Photos = []*photo.Result{testPhoto(t, 77)}
		a, _ := env.create(t, n)
		b, _ := env.create(t, n)
		if a.Photos[0].Key != b.Photos[0].Key {
			t.Fatalf("equal photos got two files: %s, %s", a.Photos[0].Key, b.Photos[0].Key)
		}
		n.Photos = []*photo.Result{testPhoto(t, 33)}
		c, _ := env.create(t, n)

		for _, id := range []int64{a.ID, c.ID} {
			if err := env.svc.ErasePersonalData(env.ctx, id, env.staffR); err != nil {
				t.Fatal(err)
			}
		}
		open := func(key string) error {
			rc, _, err := env.blobs.Open(env.ctx, key)
			if err == nil {
				rc.Close()
			}
			return err
		}
		for _, k := range []string{b.Photos[0].Key, b.Photos[0].ThumbKey} {
			if err := open(k); err != nil {
				t.Errorf("the file %s report B still shows is gone: %v", k, err)
			}
		}
		// The photo no other report has goes with the erasure, not a day later.
		for _, k := range []string{c.Photos[0].Key, c.Photos[0].ThumbKey} {
			if err := open(k); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("the erased photo's file %s is still there: %v", k, err)
			}
		}
		// Nor does the sweep take B's file later.
		env.clock.Advance(2 * reports.OrphanAge)
		if _, err := env.svc.SweepBlobs(env.ctx); err != nil {
			t.Fatal(err)
		}
		if err := open(b.Photos[0].Key); err != nil {
			t.Errorf("the sweep deleted the file report B shows: %v", err)
		}
	})
}

func TestPhotoFiledAgainAfterErasureKeepsItsFile(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		// Report A's photo is erased, its file due at once; B with the
		// same picture is filed a moment later and must keep its file.
		n := validPothole()
		n.Photos = []*photo.Result{testPhoto(t, 61)}
		a, _ := env.create(t, n)
		if err := env.svc.ErasePersonalData(env.ctx, a.ID, env.staffR); err != nil {
			t.Fatal(err)
		}
		env.clock.Advance(time.Second)
		b, _ := env.create(t, n)
		if _, err := env.svc.SweepBlobs(env.ctx); err != nil {
			t.Fatal(err)
		}
		env.clock.Advance(2 * reports.OrphanAge)
		if _, err := env.svc.SweepBlobs(env.ctx); err != nil {
			t.Fatal(err)
		}
		rc, _, err := env.blobs.Open(env.ctx, b.Photos[0].Key)
		if err != nil {
			t.Fatalf("report B's photo file: %v", err)
		}
		rc.Close()
	})
}
