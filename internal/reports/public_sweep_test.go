package reports_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var keepRe = regexp.MustCompile(`name="photo_keep" value="([0-9a-f]{64})\.([0-9a-f]{64})\.`)

// draftPhotos sends the reporting form without a description, so it comes
// back with the photos stored and carried, and returns their blob keys
// (image and thumbnail of each).
func (town *publicTown) draftPhotos(t *testing.T, photos ...[]byte) (keys []string) {
	t.Helper()
	r := publicMultipart(t, town.srv.Client(), "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt 1"}},
		map[string][][]byte{"photos": photos})
	publicWantStatus(t, r, http.StatusUnprocessableEntity)
	for _, m := range keepRe.FindAllStringSubmatch(r.Body, -1) {
		keys = append(keys, m[1], m[2])
	}
	if len(keys) != 2*len(photos) {
		t.Fatalf("the form carries %d photo files, want %d", len(keys), 2*len(photos))
	}
	return keys
}

// stored reports whether the blob store has key.
func (town *publicTown) stored(t *testing.T, key string) bool {
	t.Helper()
	rc, _, err := town.srv.App.Blobs.Open(town.srv.Ctx(), key)
	if err == nil {
		rc.Close()
		return true
	}
	if errs.CodeOf(err) != errs.NotFound {
		t.Fatal(err)
	}
	return false
}

func TestPhotosOfDraftsNeverSentAreSweptAfterADay(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newPublicTown(t, e)
		ctx := town.srv.Ctx()
		shared := publicJPEG(t, 30, nil)
		keys := town.draftPhotos(t, publicJPEG(t, 90, nil), shared)
		own, sharedKeys := keys[:2], keys[2:]
		// Someone else sends a report with the very same picture.
		sent := publicMultipart(t, town.srv.Client(), "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt 2"},
			"description": {"Sofa am Straßenrand"}}, map[string][][]byte{"photos": {shared}})
		ref := publicSentRef(t, sent)

		town.clock.Advance(reports.OrphanAge - time.Hour)
		if n, err := town.svc.SweepBlobs(ctx); err != nil || n != 0 {
			t.Fatalf("sweep within a day deleted %d files: %v", n, err)
		}
		for _, k := range keys {
			if !town.stored(t, k) {
				t.Fatalf("a draft's photo file %s went within a day", k)
			}
		}

		town.clock.Advance(2 * time.Hour)
		// The town hall's own job may sweep first; either way the draft's
		// files go and the shared ones stay.
		if _, err := town.svc.SweepBlobs(ctx); err != nil {
			t.Fatal(err)
		}
		for _, k := range own {
			if town.stored(t, k) {
				t.Errorf("the draft's photo file %s is still there", k)
			}
		}
		for _, k := range sharedKeys {
			if !town.stored(t, k) {
				t.Errorf("the file %s a sent report shares was deleted", k)
			}
		}
		rep, err := town.svc.StaffReport(ctx, mustReportID(t, town, ref), reports.SystemActor)
		if err != nil || len(rep.Photos) != 1 || rep.Photos[0].Key != sharedKeys[0] {
			t.Fatalf("the sent report's photo %+v (%v)", rep.Photos, err)
		}
		if n, err := town.svc.SweepBlobs(ctx); err != nil || n != 0 {
			t.Errorf("a second sweep deleted %d files (%v)", n, err)
		}
		// The form sent later with the swept photo asks for it again.
		late := publicMultipart(t, town.srv.Client(), "/reports/new", url.Values{"category": {"muell"}, "address": {"Am Markt 1"},
			"description": {"Später abgeschickt"}, "photo_keep": {own[0] + "." + own[1] + ".00"}}, nil)
		publicWantStatus(t, late, http.StatusUnprocessableEntity)
	})
}

func mustReportID(t *testing.T, town *publicTown, ref string) int64 {
	t.Helper()
	id, err := town.svc.ReportID(town.srv.Ctx(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPhotoSweepRunsAsBackgroundJob(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		// The town hall's job runner (started by the test server, on the
		// town's clock) runs the sweep every hour.
		town := newPublicTown(t, e)
		keys := town.draftPhotos(t, publicJPEG(t, 120, nil))
		town.clock.Advance(reports.OrphanAge + time.Hour)
		deadline := time.Now().Add(15 * time.Second)
		for town.stored(t, keys[0]) || town.stored(t, keys[1]) {
			if time.Now().After(deadline) {
				t.Fatal("the sweep job did not delete the draft's photo files")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
