package pages_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func feedbackCount(t *testing.T, srv *testkit.Server) int {
	t.Helper()
	ctx := srv.Ctx()
	var n int
	if err := db.From(ctx).QueryRow(ctx, "SELECT count(*) FROM accessibility_feedback").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFeedbackIsStoredMailedToAdminsAndClosed(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		visitor := tw.as(t, "")
		r := visitor.Post("/barrierefreiheit/feedback", url.Values{
			"message": {"Der Knopf „Senden“ ist mit der Tastatur nicht erreichbar."},
			"name":    {"Erika Muster"},
			"email":   {"Erika@Example.org"},
			"page":    {"/login"},
		})
		wantRedirect(t, r, "/barrierefreiheit")
		wantContains(t, visitor.Get("/barrierefreiheit"), "Vielen Dank! Ihre Rückmeldung ist angekommen.")
		if n := feedbackCount(t, tw.srv); n != 1 {
			t.Fatalf("stored feedback = %d, want 1", n)
		}

		// Every active admin gets a mail; the disabled one and the citizen do not.
		var to []string
		for _, m := range outbox(t, tw.srv) {
			to = append(to, m.To)
			if !strings.Contains(m.Text, "Der Knopf „Senden“ ist mit der Tastatur nicht erreichbar.") ||
				!strings.Contains(m.Text, "erika@example.org") || !strings.Contains(m.Text, tw.srv.URL+"/admin/feedback") {
				t.Errorf("mail to %s lacks the feedback or the link:\n%s", m.To, m.Text)
			}
		}
		want := []string{tw.admin.Email, tw.admin2.Email}
		slices.Sort(to)
		slices.Sort(want)
		if !slices.Equal(to, want) {
			t.Errorf("mails to %v, want %v", to, want)
		}

		admin := tw.as(t, tw.admin.Email)
		r = admin.Get("/admin/feedback")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, "Offene Rückmeldungen: 1", "Der Knopf „Senden“ ist mit der Tastatur nicht erreichbar.", "Erika Muster", "/login")

		ctx := tw.srv.Ctx()
		var id int64
		if err := db.From(ctx).QueryRow(ctx, "SELECT id FROM accessibility_feedback").Scan(&id); err != nil {
			t.Fatal(err)
		}
		done := "/admin/feedback/" + itoa(id) + "/done"
		wantStatus(t, tw.as(t, tw.citizen.Email).Post(done, nil), http.StatusForbidden)
		wantRedirect(t, admin.Post(done, nil), "/admin/feedback")
		wantRedirect(t, admin.Post(done, nil), "/admin/feedback") // again: no change, no error
		r = admin.Get("/admin/feedback")
		wantContains(t, r, "Offene Rückmeldungen: 0", "erledigt")
		if n := auditCount(t, tw.srv, "feedback.done", "accessibility_feedback", itoa(id)); n != 1 {
			t.Errorf("audit entries feedback.done = %d, want 1", n)
		}
		wantStatus(t, admin.Post("/admin/feedback/99999/done", nil), http.StatusNotFound)
		wantStatus(t, admin.Post("/admin/feedback/abc/done", nil), http.StatusNotFound)
	})
}

func TestFeedbackRejectsBadInputAndKeepsIt(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		tests := []struct {
			name      string
			form      url.Values
			wantError string
			kept      string
		}{
			{"message missing", url.Values{"message": {"  "}, "name": {"Erika <Muster>"}}, `id="f-message-error"`, `value="Erika &lt;Muster&gt;"`},
			{"e-mail invalid", url.Values{"message": {"Kontrast zu gering"}, "email": {"erika@"}}, `id="f-email-error"`, "Kontrast zu gering"},
			{"message too long", url.Values{"message": {strings.Repeat("x", 5001)}, "page": {"/x"}}, "höchstens 5000 Zeichen", `value="/x"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tw.as(t, "").Post("/barrierefreiheit/feedback?lang=de", tt.form)
				wantStatus(t, r, http.StatusUnprocessableEntity)
				wantContains(t, r, tt.wantError, tt.kept, "<h1>Erklärung zur Barrierefreiheit</h1>")
			})
		}
		if n := feedbackCount(t, tw.srv); n != 0 {
			t.Errorf("stored feedback = %d, want 0", n)
		}
	})
}

func TestFeedbackFormNamesThePageTheVisitorCameFrom(t *testing.T) {
	t.Parallel()
	tw := newTown(t, testkit.SQLite)
	c := tw.as(t, "")
	req, _ := http.NewRequest(http.MethodGet, tw.srv.URL+"/barrierefreiheit", nil)
	req.Header.Set("Referer", tw.srv.URL+"/impressum?lang=de")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := new(strings.Builder)
	if _, err := io.Copy(body, resp.Body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body.String(), `value="/impressum?lang=de"`) {
		t.Errorf("page field not filled from the referer:\n%s", testkit.Excerpt(body.String()))
	}
}
