package forms_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// pngFile is n bytes that sniff as PNG.
func pngFile(n int) []byte {
	b := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, max(0, n-16))...)
	return b[:max(n, 16)]
}

func TestUploads(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(auth.User{})
		first := tw.begin(c, "alle-felder")
		if !strings.Contains(c.Get(first).Body, `enctype="multipart/form-data"`) {
			t.Fatal("a page with a file field is not sent as multipart")
		}
		for _, tc := range []struct {
			name     string
			file     upload
			mentions string
		}{
			{"oversize_names_the_limit", upload{"nachweis", "gross.png", pngFile(1<<20 + 1)}, "1 MB"},
			{"wrong_type_names_the_allowed_types", upload{"nachweis", "brief.pdf", []byte("Nur Text, kein PDF.")}, "PDF"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := postMultipart(t, c, first, goodAnswers(), "upload", tc.file)
				if r.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
				}
				p := parse(t, r.Body)
				if msg := p.fieldError(t, "nachweis"); !strings.Contains(msg, tc.mentions) {
					t.Errorf("error next to the file %q, want %q named", msg, tc.mentions)
				}
				if p.value("name") != "Erika Mustermann" {
					t.Error("the other answers were not kept")
				}
				if strings.Contains(r.Body, tc.file.name) {
					t.Error("the refused file is listed as uploaded")
				}
			})
		}

		t.Run("accepted_file_is_listed_sent_and_removable", func(t *testing.T) {
			r := follow(t, c, postMultipart(t, c, first, goodAnswers(), "upload", upload{"nachweis", "nachweis.png", pngFile(2000)}))
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "nachweis.png") {
				t.Fatalf("status %d, want the page listing the file:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			if !strings.Contains(r.Body, `value="remove-file:nachweis"`) {
				t.Error("no button to remove the file")
			}
			// Replaced by another file, then removed.
			r = follow(t, c, postMultipart(t, c, first, goodAnswers(), "upload", upload{"nachweis", "zweiter.png", pngFile(3000)}))
			if strings.Contains(r.Body, "nachweis.png") || !strings.Contains(r.Body, "zweiter.png") {
				t.Error("the second upload did not replace the first")
			}
			r = follow(t, c, postMultipart(t, c, first, goodAnswers(), "remove-file:nachweis"))
			if strings.Contains(r.Body, "zweiter.png") {
				t.Error("the file is still listed after removing it")
			}
			r = postMultipart(t, c, first, goodAnswers(), "", upload{"nachweis", "nachweis.png", pngFile(2000)})
			check := location(t, r, "continue with a file")
			if !strings.Contains(c.Get(check).Body, "nachweis.png") {
				t.Error("the check page does not name the file")
			}
			location(t, c.Post(strings.TrimSuffix(check, "check")+"send", nil), "send")
			subs := tw.submissions()
			if len(subs) != 1 || len(subs[0].Files) != 1 {
				t.Fatalf("submissions %d, want 1 with one file", len(subs))
			}
			f := subs[0].Files[0]
			if f.Name != "nachweis.png" || f.ContentType != "image/png" || f.Size != 2000 || f.Path != "nachweis" {
				t.Errorf("file %+v", f)
			}
			rc, _, err := tw.srv.App.Blobs.Open(tw.srv.Ctx(), f.Blob)
			if err != nil {
				t.Fatalf("the sent file is not in the blob store: %v", err)
			}
			rc.Close()
		})

		t.Run("body_over_the_route_limit_is_refused_with_the_limit", func(t *testing.T) {
			c := tw.client(auth.User{})
			first := tw.begin(c, "alle-felder")
			big := pngFile(int(tw.srv.App.Config.MaxUploadBytes)*2 + 2<<20)
			r := postMultipart(t, c, first, goodAnswers(), "upload", upload{"nachweis", "riesig.png", big})
			if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "MB") {
				t.Errorf("status %d, want 413 naming the limit:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
		})
	})
}

// TestPurgeDeletesExpiredDraftsWithTheirFiles: an unsent draft's files go
// with it when it expires; content a sent form handed to a case stays.
func TestPurgeDeletesExpiredDraftsWithTheirFiles(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		tw.srv.App.Forms.Submitter = tw.cases
		ctx, blobs := tw.srv.Ctx(), tw.srv.App.Blobs
		keyOf := func() string {
			t.Helper()
			var key string
			if err := tw.srv.App.DB.QueryRow(ctx, `SELECT blob FROM draft_files ORDER BY id DESC LIMIT 1`).Scan(&key); err != nil {
				t.Fatal(err)
			}
			return key
		}
		// A sent draft whose file the case keeps.
		sender := tw.client(auth.User{})
		first := tw.begin(sender, "alle-felder")
		postMultipart(t, sender, first, goodAnswers(), "upload", upload{"nachweis", "behalten.png", pngFile(1500)})
		kept := keyOf()
		check := location(t, post(t, sender, first, goodAnswers(), ""), "continue")
		location(t, sender.Post(strings.TrimSuffix(check, "check")+"send", nil), "send")
		// An abandoned draft with a file of its own.
		c := tw.client(auth.User{})
		first = tw.begin(c, "alle-felder")
		postMultipart(t, c, first, goodAnswers(), "upload", upload{"nachweis", "weg.png", pngFile(2500)})
		gone := keyOf()

		tw.clock.Advance(8 * 24 * time.Hour)
		n, err := tw.srv.App.Forms.PurgeExpired(ctx)
		if err != nil || n != 2 {
			t.Fatalf("purged %d drafts (%v), want 2 (the expired and the sent one)", n, err)
		}
		if rc, _, err := blobs.Open(ctx, gone); err == nil {
			rc.Close()
			t.Error("the abandoned draft's file is still stored")
		}
		rc, _, err := blobs.Open(ctx, kept)
		if err != nil {
			t.Fatalf("the file the case keeps was deleted: %v", err)
		}
		rc.Close()
	})
}
