package cases_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestReceiptPDFHasTheReferenceAndEveryAnswer downloads the receipt of a
// dog registration over HTTP and reads its text back.
func TestReceiptPDFHasTheReferenceAndEveryAnswer(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		c, _ := town.intake(&town.owner)
		g, gtoken := town.intake(nil)
		for _, tc := range []struct {
			name, path, lang, ref string
			wantURL               bool
		}{
			{"account, German", "/my/cases/" + c.Reference + "/receipt.pdf", "de", c.Reference, true},
			{"account, English", "/my/cases/" + c.Reference + "/receipt.pdf?lang=en", "en", c.Reference, true},
			{"guest", "/case/" + gtoken + "/receipt.pdf", "de", g.Reference, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cl := town.client(&town.owner)
				r := cl.Get(tc.path)
				if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
					t.Fatalf("status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
				}
				if !strings.Contains(r.Header.Get("Content-Disposition"), tc.ref+".pdf") {
					t.Errorf("file name: %q", r.Header.Get("Content-Disposition"))
				}
				text := words(pdfText(t, []byte(r.Body)))
				want := []string{tc.ref, "ImpfpassBärbel.pdf"}
				name := town.owner.Name
				if tc.name == "guest" {
					name = "Gast Gastmann"
				}
				for _, l := range demoSummary(name)[tc.lang] {
					want = append(want, l.Label, l.Value)
				}
				if tc.wantURL {
					want = append(want, town.srv.URL+"/my/cases/"+c.Reference)
				}
				for _, w := range want {
					if !strings.Contains(text, words(w)) {
						t.Errorf("receipt lacks %q:\n%s", w, text)
					}
				}
				if !tc.wantURL && strings.Contains(text, gtoken) {
					t.Error("the guest's private link is printed on the receipt")
				}
				if !strings.Contains(r.Body, "/Lang (de-DE)") && !strings.Contains(r.Body, "/Lang (en-GB)") {
					t.Error("receipt has no document language")
				}
			})
		}
	})
}
