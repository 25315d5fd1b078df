package cases_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestCitizenRoutesAreTheOwnersOnly tries every citizen route of one
// account's case as its owner, another citizen, staff of the case's
// department, an admin and an anonymous visitor: only the owner gets in;
// everyone signed in meets a 404 (never a 403, so references cannot be
// probed), anonymous visitors the sign-in.
func TestCitizenRoutesAreTheOwnersOnly(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		c, _ := town.intake(&town.owner)
		if err := town.svc.RequestDocument(ctx, c.ID, "Bitte den Impfpass als PDF.", town.staffActor()); err != nil {
			t.Fatal(err)
		}
		view, err := town.svc.StaffView(ctx, c.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		doc, req := view.Documents[0].ID, view.Requests[0].ID
		base := "/my/cases/" + c.Reference
		routes := []struct {
			method, path string
			owner        int
		}{
			{"GET", base, http.StatusOK},
			{"GET", fmt.Sprintf("%s/files/%d", base, doc), http.StatusOK},
			{"GET", base + "/receipt.pdf", http.StatusOK},
			{"POST", base + "/messages", http.StatusSeeOther},
			{"POST", fmt.Sprintf("%s/documents/%d", base, req), http.StatusSeeOther},
		}
		who := []struct {
			name   string
			user   *auth.User
			status func(owner int, method string) int
		}{
			{"owner", &town.owner, func(owner int, _ string) int { return owner }},
			{"other citizen", &town.other, func(int, string) int { return http.StatusNotFound }},
			{"staff of the department", &town.staff, func(int, string) int { return http.StatusNotFound }},
			{"admin", &town.admin, func(int, string) int { return http.StatusNotFound }},
			{"anonymous", nil, func(_ int, method string) int {
				if method == "GET" {
					return http.StatusSeeOther // to the sign-in
				}
				return http.StatusUnauthorized
			}},
		}
		// The owner goes last: their upload fulfils the request.
		for i := len(who) - 1; i >= 0; i-- {
			w := who[i]
			t.Run(w.name, func(t *testing.T) {
				cl := town.client(w.user)
				for _, rt := range routes {
					var resp *testkit.Response
					switch {
					case rt.method == "GET":
						resp = cl.Get(rt.path)
					case strings.Contains(rt.path, "/documents/"):
						resp = upload(t, cl, rt.path, fmt.Sprintf("document-%d", req), "impfpass.pdf", testPDF("Impfpass"))
					default:
						resp = cl.Post(rt.path, url.Values{"body": {"Guten Tag, hier meine Frage."}})
					}
					want := w.status(rt.owner, rt.method)
					if resp.StatusCode != want {
						t.Errorf("%s %s: status %d, want %d\n%s", rt.method, rt.path, resp.StatusCode, want, testkit.Excerpt(resp.Body))
					}
					if want == http.StatusSeeOther && w.user == nil && !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
						t.Errorf("%s %s: sent to %q, not to the sign-in", rt.method, rt.path, resp.Header.Get("Location"))
					}
				}
			})
		}
	})
}

// TestCitizenFilesOfAnotherCaseAreNotFound checks that a file number of
// another case, even one's own, is not found under a case.
func TestCitizenFilesOfAnotherCaseAreNotFound(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newCitizenTown(t, e, 0, false)
		ctx := town.srv.Ctx()
		mine, _ := town.intake(&town.owner)
		theirs, _ := town.intake(&town.other)
		view, err := town.svc.StaffView(ctx, theirs.ID, town.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		cl := town.client(&town.owner)
		for _, path := range []string{
			fmt.Sprintf("/my/cases/%s/files/%d", mine.Reference, view.Documents[0].ID),
			fmt.Sprintf("/my/cases/%s/files/%d", theirs.Reference, view.Documents[0].ID),
			fmt.Sprintf("/my/cases/%s/files/abc", mine.Reference),
			"/my/cases/ZZZ-ZZZZ",
			"/my/cases/not-a-reference",
		} {
			if r := cl.Get(path); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, r.StatusCode)
			}
		}
	})
}

// TestCitizenReferenceTypedLooselyRedirects sends "k7m 3pq9" to the page's
// one address.
func TestCitizenReferenceTypedLooselyRedirects(t *testing.T) {
	town := newCitizenTown(t, testkit.SQLite, 0, false)
	c, _ := town.intake(&town.owner)
	r := town.client(&town.owner).Get("/my/cases/" + url.PathEscape(strings.ToLower(strings.ReplaceAll(c.Reference, "-", " "))))
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/my/cases/"+c.Reference {
		t.Errorf("status %d to %q, want 301 to /my/cases/%s", r.StatusCode, r.Header.Get("Location"), c.Reference)
	}
}
