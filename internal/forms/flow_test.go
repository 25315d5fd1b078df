package forms_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// dogForm fills hund-anmelden page by page as c, from the first page's
// path, and returns the check page's path.
func (tw *town) dogForm(c *testkit.Client, first string) string {
	t := tw.t
	t.Helper()
	r := post(t, c, first, url.Values{
		"name": {"Erika Mustermann"}, "birth_date": {"27.03.1980"},
		"address.street": {"Marktplatz"}, "address.house_number": {"1"}, "address.postal_code": {"31535"}, "address.city": {"Musterstadt"},
		"email": {"erika@example.org"}, "phone": {"0511 1234567"},
	}, "")
	dogs := location(t, r, "page halter")
	r = post(t, c, dogs, url.Values{
		"dogs.0.dog_name": {"Bello"}, "dogs.0.breed": {"Mischling"}, "dogs.0.sex": {"male"}, "dogs.0.kept_since": {"2026-05-01"},
		"dogs.0.dangerous": {"no"},
	}, "")
	tax := location(t, r, "page hunde")
	r = post(t, c, tax, url.Values{"reduction": {"no"}, "payment": {"transfer"}}, "")
	// The check page asks for the declaration ("Mit dem Absenden
	// bestätigen Sie …"); the form has no extra consent page.
	return location(t, r, "page steuer")
}

func TestSendDogRegistration(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		first := tw.begin(c, "hund-anmelden")
		p := parse(t, c.Get(first).Body)
		if got := p.value("name"); got != "Erika Mustermann" {
			t.Errorf("name prefilled with %q, want the account's name", got)
		}
		check := tw.dogForm(c, first)
		if !strings.HasSuffix(check, "/check") {
			t.Fatalf("after the last page: %s, want the check page", check)
		}
		r := c.Get(check)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Bello") || !strings.Contains(r.Body, "96,00") {
			t.Fatalf("check page %d:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		send := strings.TrimSuffix(check, "check") + "send"
		done := location(t, c.Post(send, nil), "send")
		again := c.Post(send, nil)
		if location(t, again, "send again") != done {
			t.Errorf("second send went to %s, want %s", again.Header.Get("Location"), done)
		}
		r = c.Get(done)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "TST-0001") {
			t.Fatalf("done page %d:\n%s", r.StatusCode, testkit.Excerpt(r.Body))
		}
		subs := tw.submissions()
		if len(subs) != 1 {
			t.Fatalf("%d submissions, want exactly 1", len(subs))
		}
		s := subs[0]
		if s.AccountID != tw.citizen.ID || s.Name != "Erika Mustermann" || s.Email != "erika@example.org" || s.Department != "kaemmerei" {
			t.Errorf("submission %+v", s)
		}
		if len(s.Summary["de"]) == 0 || len(s.Summary["en"]) == 0 {
			t.Errorf("summary %v", s.Summary)
		}
	})
}

// TestConcurrentSendsCreateOneSubmission presses "send" five times at once
// (a double click, two tabs): one submission, every answer the
// confirmation.
func TestConcurrentSendsCreateOneSubmission(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		check := tw.dogForm(c, tw.begin(c, "hund-anmelden"))
		send := strings.TrimSuffix(check, "check") + "send"
		form := url.Values{web.CSRFField: {c.CSRF()}}
		var wg sync.WaitGroup
		results := make([]string, 5)
		for i := range results {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodPost, c.Base+send, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := c.Do(req)
				if err != nil {
					results[i] = err.Error()
					return
				}
				resp.Body.Close()
				results[i] = fmt.Sprint(resp.StatusCode, " ", resp.Header.Get("Location"))
			})
		}
		wg.Wait()
		want := "303 " + strings.TrimSuffix(check, "check") + "done"
		for i, got := range results {
			if got != want {
				t.Errorf("send %d: %s, want %s", i, got, want)
			}
		}
		if n := len(tw.submissions()); n != 1 {
			t.Errorf("%d submissions, want exactly 1", n)
		}
	})
}

// TestFailedSubmitLeavesTheDraftUnsent: when case handling fails, nothing
// is stored and the draft can be sent again.
func TestFailedSubmitLeavesTheDraftUnsent(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		tw := newTown(t, e)
		c := tw.client(tw.citizen)
		check := tw.dogForm(c, tw.begin(c, "hund-anmelden"))
		send := strings.TrimSuffix(check, "check") + "send"
		tw.sub.mu.Lock()
		tw.sub.fail = errors.New("case handling down")
		tw.sub.mu.Unlock()
		if r := c.Post(send, nil); r.StatusCode != http.StatusInternalServerError {
			t.Fatalf("send with failing intake: %d, want 500", r.StatusCode)
		}
		if n := len(tw.submissions()); n != 0 {
			t.Fatalf("%d submissions stored after a failed send, want 0 (one transaction)", n)
		}
		if r := c.Get(check); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Bello") {
			t.Fatalf("check page after the failure: %d", r.StatusCode)
		}
		tw.sub.mu.Lock()
		tw.sub.fail = nil
		tw.sub.mu.Unlock()
		location(t, c.Post(send, nil), "send again")
		if n := len(tw.submissions()); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
	})
}
