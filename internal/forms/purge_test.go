package forms_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestPurgeDeletesFilesOfDraftsThatWentOtherwise: drafts deleted with their
// account (by ON DELETE CASCADE, past any Go code) leave no file in the blob
// store after the next purge; content another draft still has stays.
func TestPurgeDeletesFilesOfDraftsThatWentOtherwise(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		ctx, blobs, d := tw.srv.Ctx(), tw.srv.App.Blobs, tw.srv.App.DB
		stored := func(key string) bool {
			rc, _, err := blobs.Open(ctx, key)
			if err == nil {
				rc.Close()
			}
			return err == nil
		}
		keyOf := func() string {
			t.Helper()
			var key string
			if err := d.QueryRow(ctx, `SELECT blob FROM draft_files ORDER BY id DESC LIMIT 1`).Scan(&key); err != nil {
				t.Fatal(err)
			}
			return key
		}
		released := func() int {
			t.Helper()
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM draft_blobs_released`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		t.Run("files_of_drafts_deleted_with_the_account", func(t *testing.T) {
			// Erika has a draft with a file of her own and one whose
			// content a guest's draft has too.
			erika := tw.client(tw.citizen)
			postMultipart(t, erika, tw.begin(erika, "alle-felder"), goodAnswers(), "upload", upload{"nachweis", "eigen.png", pngFile(2600)})
			own := keyOf()
			postMultipart(t, erika, tw.begin(erika, "alle-felder"), goodAnswers(), "upload", upload{"nachweis", "geteilt.png", pngFile(1700)})
			guest := tw.client(auth.User{})
			postMultipart(t, guest, tw.begin(guest, "alle-felder"), goodAnswers(), "upload", upload{"nachweis", "auch.png", pngFile(1700)})
			shared := keyOf()

			r := erika.Post("/account/delete", url.Values{"delete_password": {password}})
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("delete account: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
			}
			var drafts int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM drafts WHERE account_id = ?`, tw.citizen.ID).Scan(&drafts); err != nil || drafts != 0 {
				t.Fatalf("%d drafts of the deleted account (%v)", drafts, err)
			}
			if !stored(own) {
				t.Fatal("the file went before the purge; this test no longer shows the purge at work")
			}
			if _, err := tw.srv.App.Forms.PurgeExpired(ctx); err != nil {
				t.Fatal(err)
			}
			if stored(own) {
				t.Error("the file of a draft deleted with its account is still stored")
			}
			if !stored(shared) {
				t.Error("content the guest's draft still has was deleted")
			}
			if n := released(); n != 0 {
				t.Errorf("%d released keys left after the purge, want 0", n)
			}
		})

		t.Run("released_keys_are_worked_off_in_batches", func(t *testing.T) {
			obj, err := blobs.Put(ctx, bytes.NewReader(pngFile(3100)), blob.PutOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// 401 keys of files already gone (more than two batches of
			// 200), sorted before the stored one.
			for i := range 401 {
				if _, err := d.Exec(ctx, `INSERT INTO draft_blobs_released (blob) VALUES (?)`, fmt.Sprintf("%064x", i)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.Exec(ctx, `INSERT INTO draft_blobs_released (blob) VALUES (?)`, obj.Key); err != nil {
				t.Fatal(err)
			}
			if _, err := tw.srv.App.Forms.PurgeExpired(ctx); err != nil {
				t.Fatal(err)
			}
			if stored(obj.Key) {
				t.Error("the content named in the third batch is still stored")
			}
			if n := released(); n != 0 {
				t.Errorf("%d released keys left after the purge, want 0", n)
			}
		})
	})
}
