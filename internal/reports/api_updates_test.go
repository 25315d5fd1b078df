package reports_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const apiUpdatesPath = reports.APIPrefix + "/servicerequestupdates.json"

// apiPostUpdate posts an update and returns the receipt's update_id, or
// fails unless the answer has status want (then "" for an error answer).
func (town *apiTown) apiPostUpdate(t *testing.T, form url.Values, want int) string {
	t.Helper()
	resp := town.apiForm(t, apiUpdatesPath, form)
	if resp.status != want {
		t.Fatalf("POST servicerequestupdates %v: status %d, want %d: %s", form, resp.status, want, resp.body)
	}
	if want != http.StatusOK {
		return ""
	}
	var rc open311.UpdateReceipts
	if err := open311.Unmarshal(open311.JSON, resp.body, &rc); err != nil || len(rc) != 1 || rc[0].UpdateID == "" {
		t.Fatalf("receipt %s: %v", resp.body, err)
	}
	return rc[0].UpdateID
}

// statusEvents counts the status changes of report id to status.
func (town *apiTown) statusEvents(t *testing.T, id int64, to reports.Status) int {
	t.Helper()
	ev, err := town.svc.StaffEvents(town.ctx, id, reports.SystemActor)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ev {
		if e.Kind == reports.EventStatus && e.ToStatus == to {
			n++
		}
	}
	return n
}

// mailsTo counts the mails to addr in the outbox.
func (town *apiTown) mailsTo(t *testing.T, addr string) int {
	t.Helper()
	var n int
	if err := db.From(town.ctx).QueryRow(town.ctx, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", addr).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpen311UpdateIsAppliedOnceAndNamesTheClient(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		reporter := "max@example.org"
		mailsBefore := town.mailsTo(t, reporter)

		first := town.apiPostUpdate(t, apiUpdateForm(town), http.StatusOK)
		if got := town.mailsTo(t, reporter) - mailsBefore; got != 1 {
			t.Fatalf("%d mails to the reporter after the update, want 1", got)
		}
		// The client did not hear the answer and sends again; then a
		// broken client reuses the id for a different status.
		for _, form := range []url.Values{apiUpdateForm(town), apiUpdateForm(town, "status", "FIXED", "description", "Erledigt.")} {
			if again := town.apiPostUpdate(t, form, http.StatusOK); again != first {
				t.Errorf("repeated update_id answered with update %s, want the first receipt %s", again, first)
			}
		}
		r, err := town.svc.PublicReport(town.ctx, town.open.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != reports.StatusInProgress || r.PublicNote != "Team ist unterwegs." {
			t.Errorf("after the repeats: %s %q, want the first update only", r.Status, r.PublicNote)
		}
		if n := town.statusEvents(t, town.open.ID, reports.StatusInProgress); n != 1 {
			t.Errorf("%d status events, want 1", n)
		}
		if got := town.mailsTo(t, reporter) - mailsBefore; got != 1 {
			t.Errorf("%d mails to the reporter after the repeats, want still 1", got)
		}

		// The history and the audit log name the client, not staff.
		ev, _ := town.svc.StaffEvents(town.ctx, town.open.ID, reports.SystemActor)
		last := ev[len(ev)-1]
		if last.By != reports.ByAPI || last.ActorName != "Melde-App" || last.ActorID != 0 {
			t.Errorf("last event by %q %q (user %d), want the API client Melde-App", last.By, last.ActorName, last.ActorID)
		}
		var detail string
		if err := db.From(town.ctx).QueryRow(town.ctx, "SELECT detail FROM audit_log WHERE action = 'report.status' ORDER BY id DESC LIMIT 1").Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "Melde-App") {
			t.Errorf("audit detail %q does not name the client", detail)
		}
		town.srv.CreateUser("admin@town.example", "Admin-Passwort-2026", auth.RoleAdmin)
		admin := town.srv.Client()
		admin.Login("admin@town.example", "Admin-Passwort-2026")
		page := admin.Get(reports.StaffPath(town.open.ID))
		staffWantStatus(t, page, http.StatusOK)
		staffWantContains(t, page, "Open311-Schnittstelle: Melde-App")

		// The same id for another report is the client's mistake.
		town.apiPostUpdate(t, apiUpdateForm(town, "service_request_id", town.noPlace.Ref), http.StatusBadRequest)
		if n := town.statusEvents(t, town.noPlace.ID, reports.StatusInProgress); n != 0 {
			t.Errorf("the reused update_id changed another report")
		}
		// Ids belong to their client: another client's fms-77 is new.
		_, key2, err := town.svc.CreateAPIClient(town.ctx, "Zweite App", reports.SystemActor)
		if err != nil {
			t.Fatal(err)
		}
		other := town.apiPostUpdate(t, apiUpdateForm(town, "api_key", key2, "status", "ACTION_SCHEDULED"), http.StatusOK)
		if other == first {
			t.Errorf("another client's update got the first client's receipt")
		}
		if r, _ := town.svc.PublicReport(town.ctx, town.open.Ref); r.Status != reports.StatusPlanned {
			t.Errorf("another client's update was not applied: %s", r.Status)
		}
	})
}

func TestOpen311UpdatesSentTwiceAtOnceApplyOnce(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		town := newAPITown(t, e)
		form := apiUpdateForm(town, "service_request_id", town.noPlace.Ref, "update_id", "fms-race", "status", "ACTION_SCHEDULED")
		const n = 6
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				resp, err := http.PostForm(town.srv.URL+apiUpdatesPath, form)
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				var rc open311.UpdateReceipts
				if resp.StatusCode != http.StatusOK {
					t.Errorf("post %d: status %d", i, resp.StatusCode)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				if err := open311.Unmarshal(open311.JSON, body, &rc); err != nil || len(rc) != 1 {
					t.Errorf("post %d: receipt %v %v", i, rc, err)
					return
				}
				ids[i] = rc[0].UpdateID
			})
		}
		wg.Wait()
		for i := range ids {
			if ids[i] != ids[0] {
				t.Errorf("receipts %v differ", ids)
				break
			}
		}
		if got := town.statusEvents(t, town.noPlace.ID, reports.StatusPlanned); got != 1 {
			t.Errorf("%d status events after %d posts of one update, want 1", got, n)
		}
	})
}
