package reports_test

import (
	"bytes"
	"crypto/rand"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestStaffRerouteMovesTheReportToTheOtherInbox(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		r := o.report(t, reports.NewReport{CategoryCode: "muell", Description: "Eigentlich ein Schlagloch"})
		staffWantContains(t, o.clientA.Get("/staff/reports"), r.Ref)
		staffWantLacks(t, o.clientB.Get("/staff/reports"), r.Ref)

		resp := o.clientA.Post(staffPath(r.ID, "/department"), url.Values{"department": {strconv.FormatInt(o.deptB.ID, 10)}})
		staffWantStatus(t, resp, http.StatusSeeOther)

		staffWantLacks(t, o.clientA.Get("/staff/reports"), r.Ref)
		staffWantContains(t, o.clientB.Get("/staff/reports"), r.Ref)
		staffWantStatus(t, o.clientA.Get(staffPath(r.ID, "")), http.StatusForbidden)
		page := o.clientB.Get(staffPath(r.ID, ""))
		staffWantStatus(t, page, http.StatusOK)
		staffWantContains(t, page, "An einen anderen Fachbereich weitergeleitet", "Vorher: Ordnungsamt – jetzt: Tiefbauamt")
	})
}

func TestStaffMergeClosesTheDuplicateIntoTheOriginal(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		original := o.report(t, reports.NewReport{CategoryCode: "muell", Description: "Sofa am Spielplatz"})
		dup := o.report(t, reports.NewReport{CategoryCode: "muell", Description: "Da steht ein Sofa", Email: "zweite@example.org"})

		// The reference may be typed loosely, as read out on the phone.
		resp := o.clientA.Post(staffPath(dup.ID, "/merge"), url.Values{"target": {" " + original.Ref[2:] + " "}})
		staffWantStatus(t, resp, http.StatusSeeOther)

		d := o.stored(t, dup.ID)
		if d.Status != reports.StatusDuplicate || d.MergedInto != original.ID {
			t.Fatalf("duplicate after merge: status %s, merged into %d; want duplicate of %d", d.Status, d.MergedInto, original.ID)
		}
		if got := o.stored(t, original.ID).Supporters; got != 1 {
			t.Errorf("original's supporters after merge: %d, want 1", got)
		}
		page := o.clientA.Get(staffPath(dup.ID, ""))
		staffWantContains(t, page, "Duplikat von", original.Ref)
		staffWantLacks(t, page, `action="`+staffPath(dup.ID, "/merge")+`"`)
		staffWantContains(t, o.clientA.Get(staffPath(original.ID, "")), "Eine doppelte Meldung wurde hier zusammengeführt", dup.Ref)
		if n := o.auditCount(t, "report.merge", "report", dup.ID); n != 1 {
			t.Errorf("merge audit entries: %d", n)
		}

		// Merging again is a conflict shown on the page, not a second merge.
		again := o.clientA.Post(staffPath(dup.ID, "/merge"), url.Values{"target": {original.Ref}})
		staffWantStatus(t, again, http.StatusConflict)
	})
}

func TestStaffPhotosAreServedToTheDepartmentOnly(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		r := o.report(t, reports.NewReport{CategoryCode: "muell", Photos: []*photo.Result{staffPhoto(t)}})
		ph := r.Photos[0]
		path := staffPath(r.ID, "/photos/"+strconv.FormatInt(ph.ID, 10))

		page := o.clientA.Get(staffPath(r.ID, ""))
		staffWantContains(t, page, `src="`+path+`?size=thumb"`, "Foto 1 zur Meldung "+r.Ref, "nicht freigegeben", "Foto 1 freigeben")
		for _, p := range []string{path, path + "?size=thumb"} {
			resp := o.clientA.Get(p)
			staffWantStatus(t, resp, http.StatusOK)
			if ct := resp.Header.Get("Content-Type"); ct != "image/jpeg" || !strings.HasPrefix(resp.Body, "\xff\xd8\xff") {
				t.Errorf("GET %s: %s, %d bytes; want a JPEG", p, ct, len(resp.Body))
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
				t.Errorf("GET %s: Cache-Control %q, want private", p, cc)
			}
		}
		staffWantStatus(t, o.clientB.Get(path), http.StatusForbidden)
		staffWantStatus(t, o.clientCitizen.Get(path), http.StatusForbidden)
		staffWantStatus(t, o.clientA.Get(staffPath(r.ID, "/photos/999999")), http.StatusNotFound)
		staffWantStatus(t, o.clientA.Get(staffPath(r.ID, "/photos/abc")), http.StatusNotFound)
	})
}

func TestStaffPhotoUploadsOverTheLimitAreRefused(t *testing.T) {
	t.Parallel()
	o := newStaffOffice(t, testkit.SQLite, func(c *config.Config, _ *app.Options) { c.MaxUploadBytes = 64 << 10 })
	r := o.report(t, reports.NewReport{CategoryCode: "muell"})
	// Noise does not compress: a PNG of it is larger than the limit.
	img := image.NewNRGBA(image.Rect(0, 0, 200, 200))
	rand.Read(img.Pix)
	var big bytes.Buffer
	if err := png.Encode(&big, img); err != nil {
		t.Fatal(err)
	}
	if big.Len() <= 64<<10 {
		t.Fatalf("test photo has only %d bytes", big.Len())
	}
	// Over the photo limit: the page says so next to the field.
	resp := staffUpload(t, o.clientA, staffPath(r.ID, "/photos"), nil, big.Bytes())
	staffWantStatus(t, resp, http.StatusRequestEntityTooLarge)
	staffWantContains(t, resp, `id="f-photo-error"`, "Das Foto ist zu groß")
	// Over the body limit of the route: refused before it is read.
	huge := bytes.Repeat(big.Bytes(), 20)
	resp = staffUpload(t, o.clientA, staffPath(r.ID, "/close"), nil, huge)
	staffWantStatus(t, resp, http.StatusRequestEntityTooLarge)
	if got := o.stored(t, r.ID); len(got.Photos) != 0 || got.Status != reports.StatusNew {
		t.Errorf("refused uploads changed the report: %d photos, %s", len(got.Photos), got.Status)
	}
}
