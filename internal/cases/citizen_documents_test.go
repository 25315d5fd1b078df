package cases_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDocumentRequestIsFulfilledByUpload(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		const limit = 64 << 10 // 64 KB
		town := newCitizenTown(t, e, limit, true)
		ctx := town.srv.Ctx()
		c, _ := town.intake(&town.owner)
		if err := town.svc.RequestDocument(ctx, c.ID, "Bitte den Impfpass von Bärbel.", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		req := view.Requests[0].ID
		field := fmt.Sprintf("document-%d", req)
		path := fmt.Sprintf("/my/cases/%s/documents/%d", c.Reference, req)
		cl := town.client(&town.owner)
		page := cl.Get("/my/cases/" + c.Reference).Body
		mustContain(t, "case page", page, "Bitte den Impfpass von Bärbel.", `enctype="multipart/form-data"`,
			`type="file" id="f-`+field+`" name="`+field+`"`, "PDF, JPEG oder PNG, höchstens 64 KB.")

		big := append(testPDF("groß"), bytes.Repeat([]byte("x"), limit)...)
		huge := append(testPDF("riesig"), bytes.Repeat([]byte("x"), 2<<20)...)
		for _, tc := range []struct {
			name, field, file string
			content           []byte
			status            int
			want              string
		}{
			{"no file", "", "", nil, http.StatusUnprocessableEntity, "Bitte wählen Sie eine Datei aus."},
			{"wrong type", field, "brief.txt", []byte("Nur ein Text, kein PDF."), http.StatusUnprocessableEntity, "PDF, JPEG, PNG"},
			{"over the limit", field, "gross.pdf", big, http.StatusRequestEntityTooLarge, "höchstens 64 KB"},
			{"far over the limit", field, "riesig.pdf", huge, http.StatusRequestEntityTooLarge, "höchstens 64 KB"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := upload(t, cl, path, tc.field, tc.file, tc.content)
				if r.StatusCode != tc.status {
					t.Fatalf("status %d, want %d\n%s", r.StatusCode, tc.status, testkit.Excerpt(r.Body))
				}
				mustContain(t, "refused upload", r.Body, tc.want, `href="#f-`+field+`"`, `id="f-`+field+`-error"`)
			})
		}
		if v, _ := town.svc.StaffView(ctx, c.ID, town.staffActor()); v.Requests[0].Fulfilled() || len(v.Documents) != 1 {
			t.Fatalf("a refused upload changed the case: %+v %+v", v.Requests, v.Documents)
		}

		r := upload(t, cl, path, field, "Impfpass Bärbel (Seite 1).png", testPNG(t))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		after := cl.Get("/my/cases/" + c.Reference).Body
		mustContain(t, "case page after the upload", after, "Vielen Dank. Ihre Unterlage ist angekommen.", "Erledigt",
			"Eingereicht am 02.03.2026", "Impfpass Bärbel (Seite 1).png", "Unterlage eingereicht")
		mustNotContain(t, "case page after the upload", after, `type="file"`)

		v, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if !v.Requests[0].Fulfilled() || len(v.Documents) != 2 {
			t.Fatalf("request %+v, documents %+v", v.Requests, v.Documents)
		}
		d := v.Documents[1]
		if d.Kind != cases.DocRequest || d.RequestID != req || d.ContentType != "image/png" || d.Name != "Impfpass Bärbel (Seite 1).png" {
			t.Errorf("document %+v", d)
		}
		if f := cl.Get(fmt.Sprintf("/my/cases/%s/files/%d", c.Reference, d.ID)); f.StatusCode != http.StatusOK || f.Body != string(testPNG(t)) {
			t.Errorf("download of the upload: %d", f.StatusCode)
		}
		kinds := ""
		for _, ev := range v.Events {
			kinds += ev.Kind + " "
		}
		if !strings.Contains(kinds, cases.EventDocumentUploaded) {
			t.Errorf("timeline %q lacks the upload", kinds)
		}
		m := town.waitMail(town.deptBox, "Unterlage eingegangen: "+c.Reference)
		mustContain(t, "mail to the department", m.Text(), "Bitte den Impfpass von Bärbel.", fmt.Sprintf("/staff/cases/%d", c.ID))

		again := upload(t, cl, path, field, "nochmal.pdf", testPDF("nochmal"))
		if again.StatusCode != http.StatusConflict {
			t.Errorf("second upload for a fulfilled request: %d, want 409", again.StatusCode)
		}
	})
}

// TestClosedCaseTakesNoUploads: closing withdraws an open request, the page
// says it is no longer needed, and a form still open in another tab is
// refused with a clear 409, for accounts and guests alike; reopened, the
// case does not take a file for the withdrawn request either.
func TestClosedCaseTakesNoUploads(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		owned, _ := town.intake(&town.owner)
		guest, token := town.intake(nil)
		for _, tc := range []struct {
			name string
			c    cases.Case
			cl   *testkit.Client
			base string
		}{
			{"account", owned, town.client(&town.owner), "/my/cases/" + owned.Reference},
			{"guest", guest, town.client(nil), "/case/" + token},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := town.svc.RequestDocument(ctx, tc.c.ID, "Impfpass von Bärbel", town.staffActor()); err != nil {
					t.Fatal(err)
				}
				view, err := town.svc.StaffView(ctx, tc.c.ID, town.staffActor())
				if err != nil {
					t.Fatal(err)
				}
				req := view.Requests[0].ID
				path, field := fmt.Sprintf("%s/documents/%d", tc.base, req), fmt.Sprintf("document-%d", req)
				mustContain(t, "open case", tc.cl.Get(tc.base).Body, `type="file"`)
				mustContain(t, "staff page", town.client(&town.staff).Get(cases.StaffPath(tc.c.ID)).Body, "Noch offene Nachforderungen werden zurückgenommen")
				if err := town.svc.SetStatus(ctx, tc.c.ID, cases.StatusChange{Status: "angemeldet", PublicNote: "Ihr Hund ist angemeldet."}, town.staffActor()); err != nil {
					t.Fatal(err)
				}
				page := tc.cl.Get(tc.base).Body
				mustContain(t, "closed case", page, "Nicht mehr nötig:", "Impfpass von Bärbel", "Unterlage wird nicht mehr gebraucht")
				mustNotContain(t, "closed case", page, `type="file"`, "<strong>Offen</strong>")

				for _, step := range []struct {
					name, status, note, want string
				}{
					{"closed", "", "", "Der Antrag ist abgeschlossen; Unterlagen können nicht mehr eingereicht werden."},
					{"reopened", "pruefung", "Wir prüfen noch einmal.", "Diese Unterlage brauchen wir nicht mehr. Sie müssen nichts mehr einreichen."},
				} {
					if step.status != "" {
						if err := town.svc.SetStatus(ctx, tc.c.ID, cases.StatusChange{Status: step.status, PublicNote: step.note}, town.staffActor()); err != nil {
							t.Fatal(err)
						}
					}
					r := upload(t, tc.cl, path, field, "impfpass.pdf", testPDF("spät"))
					if r.StatusCode != http.StatusConflict {
						t.Fatalf("%s: upload %d, want 409\n%s", step.name, r.StatusCode, testkit.Excerpt(r.Body))
					}
					mustContain(t, step.name+": refused upload", r.Body, step.want, "error-summary")
					// The file control is gone, so the summary links nowhere.
					mustNotContain(t, step.name+": refused upload", r.Body, `href="#f-`+field+`"`, `type="file"`)
				}
				if v, _ := town.svc.StaffView(ctx, tc.c.ID, town.staffActor()); len(v.Documents) != 1 || !v.Requests[0].Cancelled() {
					t.Errorf("a refused upload changed the case: %+v %+v", v.Requests, v.Documents)
				}
			})
		}
	})
}
