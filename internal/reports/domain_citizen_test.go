package reports_test

import (
	"slices"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestNearbySupportAndSubscriptions(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		at := func(metres float64, edit func(n *reports.NewReport)) reports.Report {
			p := geo.Destination(inTown, 90, metres)
			n := validPothole()
			n.Location = &p
			if edit != nil {
				edit(&n)
			}
			r, _ := env.create(t, n)
			return r
		}
		near40 := at(40, nil)
		near10 := at(10, nil)
		at(60, nil)
		closed := at(5, nil)
		env.svc.SetStatus(env.ctx, closed.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffR)
		hidden := at(5, nil)
		env.svc.SetPublished(env.ctx, hidden.ID, false, env.staffR)
		at(5, func(n *reports.NewReport) { n.CategoryCode, n.Answers = "muell", nil })

		got, err := env.svc.Nearby(env.ctx, "schlagloch", inTown, 0)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, n := range got {
			refs = append(refs, n.Report.Ref)
			if !n.Report.Reporter.IsZero() {
				t.Errorf("nearby report shows its reporter")
			}
		}
		if want := []string{near10.Ref, near40.Ref}; !slices.Equal(refs, want) {
			t.Errorf("nearby %v, want %v (10 m, 40 m)", refs, want)
		}
		if got[0].Metres < 9 || got[0].Metres > 11 {
			t.Errorf("distance %f", got[0].Metres)
		}

		supporters := func() int { return env.staffView(t, near10.ID).Supporters }
		if err := env.svc.Support(env.ctx, near10.ID, "", "de"); err != nil {
			t.Fatal(err)
		}
		mailsBefore := len(env.mails(t))
		if err := env.svc.Support(env.ctx, near10.ID, "Nachbar@Example.org", "de"); err != nil {
			t.Fatal(err)
		}
		if err := env.svc.Support(env.ctx, near10.ID, "nachbar@example.org", "de"); err != nil {
			t.Fatal(err)
		}
		if n := supporters(); n != 2 {
			t.Errorf("supporters %d, want 2 (anonymous + one address once)", n)
		}
		if to := env.recipients(t, mailsBefore); !slices.Equal(to, []string{"nachbar@example.org"}) {
			t.Errorf("support mailed %v, want one confirmation request", to)
		}
		if err := env.svc.Support(env.ctx, hidden.ID, "", "de"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("supporting a hidden report: %v", err)
		}
		if err := env.svc.Support(env.ctx, near10.ID, "kaputt@", "de"); fieldKeys(t, err)["email"] != "field.email.invalid" {
			t.Errorf("bad address: %v", err)
		}

		// Unconfirmed followers get no status mail; confirmed ones do,
		// until they unsubscribe.
		statusMailTo := func() []string {
			before := len(env.mails(t))
			env.clock.Advance(time.Minute)
			if err := env.svc.AddNote(env.ctx, near10.ID, "Neuigkeit", "", env.staffR); err != nil {
				t.Fatal(err)
			}
			return env.recipients(t, before)
		}
		if to := statusMailTo(); !slices.Equal(to, []string{"erika@example.org"}) {
			t.Errorf("with an unconfirmed follower mailed %v", to)
		}
		m := confirmLink.FindStringSubmatch(env.mails(t)[mailsBefore].text)
		ref, err := env.svc.ConfirmSubscription(env.ctx, m[1])
		if err != nil || ref != near10.Ref {
			t.Fatalf("confirm: %q %v", ref, err)
		}
		if to := statusMailTo(); !slices.Equal(to, []string{"erika@example.org", "nachbar@example.org"}) {
			t.Errorf("with a confirmed follower mailed %v", to)
		}
		if _, err := env.svc.Unsubscribe(env.ctx, m[1]); err != nil {
			t.Fatal(err)
		}
		if to := statusMailTo(); !slices.Equal(to, []string{"erika@example.org"}) {
			t.Errorf("after unsubscribing mailed %v", to)
		}
		if _, err := env.svc.Unsubscribe(env.ctx, m[1]); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("second unsubscribe: %v", err)
		}
	})
}

func TestMergeMovesSupportersAndFollowers(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		target, _ := env.create(t, validPothole())
		n := validPothole()
		n.Email, n.Lang = "zweite@example.org", "en"
		dup, _ := env.create(t, n)
		env.svc.Support(env.ctx, dup.ID, "", "de")
		env.follow(t, dup.ID, "fan@example.org")
		env.follow(t, target.ID, "fan@example.org") // follows both: one mail later, not two
		before := len(env.mails(t))
		env.clock.Advance(time.Hour)
		if err := env.svc.Merge(env.ctx, dup.ID, target.ID, env.staffO); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("other department merged: %v", err)
		}
		if err := env.svc.Merge(env.ctx, dup.ID, target.ID, env.staffR); err != nil {
			t.Fatal(err)
		}
		if to := env.recipients(t, before); !slices.Equal(to, []string{"fan@example.org", "zweite@example.org"}) {
			t.Errorf("merge mailed %v, want the duplicate's reporter and follower", to)
		}
		d := env.staffView(t, dup.ID)
		if d.Status != reports.StatusDuplicate || d.MergedInto != target.ID || d.MergedIntoRef != target.Ref || d.ClosedAt.IsZero() {
			t.Errorf("duplicate after merge: %+v", d)
		}
		tg := env.staffView(t, target.ID)
		if tg.Supporters != 2 {
			t.Errorf("target supporters %d, want 2 (the duplicate's supporter and its reporter)", tg.Supporters)
		}
		if ev := lastEvent(t, env.history(t, dup.ID)); ev.Kind != reports.EventMergedInto || ev.RelatedRef != target.Ref || !ev.Public {
			t.Errorf("duplicate's history %+v", ev)
		}
		if ev := lastEvent(t, env.history(t, target.ID)); ev.Kind != reports.EventMergedFrom || ev.RelatedRef != dup.Ref {
			t.Errorf("target's history %+v", ev)
		}
		if a := env.lastAudit(t); a.action != "report.merge" || a.actor != env.staffR.UserID {
			t.Errorf("audit %+v", a)
		}
		// From now on the target's news reach everyone who reported or followed.
		before = len(env.mails(t))
		if err := env.svc.SetStatus(env.ctx, target.ID, reports.StatusChange{Status: reports.StatusPlanned}, env.staffR); err != nil {
			t.Fatal(err)
		}
		if to := env.recipients(t, before); !slices.Equal(to, []string{"erika@example.org", "fan@example.org", "zweite@example.org"}) {
			t.Errorf("target's status mailed %v", to)
		}
		pub, err := env.svc.PublicReport(env.ctx, dup.Ref)
		if err != nil || pub.MergedIntoRef != target.Ref {
			t.Errorf("public duplicate: %+v %v", pub, err)
		}
		wantCode(t, env.svc.Merge(env.ctx, dup.ID, target.ID, env.staffR), errs.Conflict, "reports.merge.already")
		third, _ := env.create(t, validPothole())
		if err := env.svc.Merge(env.ctx, third.ID, dup.ID, env.staffR); fieldKeys(t, err)["target"] != "reports.merge.target_duplicate" {
			t.Errorf("merge into a duplicate: %v", err)
		}
	})
}

func TestReporterReopensWithinTheWindowOnly(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, token := env.create(t, validPothole())
		done := func() {
			t.Helper()
			if err := env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffR); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, env.svc.Reopen(env.ctx, token, "Noch da"), errs.Conflict, "reports.reopen.not_done")
		done()
		if err := env.svc.Reopen(env.ctx, token, " "); fieldKeys(t, err)["reason"] != "field.required" {
			t.Errorf("reopen without reason: %v", err)
		}
		wantCode(t, env.svc.Reopen(env.ctx, "falsch", "Noch da"), errs.NotFound, "")

		env.clock.Advance(13 * 24 * time.Hour) // Wednesday 13 May
		before := len(env.mails(t))
		if err := env.svc.Reopen(env.ctx, token, "Das Loch ist noch da."); err != nil {
			t.Fatal(err)
		}
		got := env.staffView(t, r.ID)
		if got.Status != reports.StatusNew || !got.ClosedAt.IsZero() || !got.FirstReactionAt.IsZero() {
			t.Errorf("after reopen: %s closed %s reacted %s", got.Status, got.ClosedAt, got.FirstReactionAt)
		}
		// Counted anew from the reopening, over Ascension Day (14 May).
		if want := time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC); !got.FirstReactionDue.Equal(want) {
			t.Errorf("first reaction due %s, want %s", got.FirstReactionDue, want)
		}
		ev := lastEvent(t, env.history(t, r.ID))
		if ev.Kind != reports.EventReopened || ev.By != reports.ByReporter || ev.Comment != "Das Loch ist noch da." || !ev.Public {
			t.Errorf("reopen event %+v", ev)
		}
		if to := env.recipients(t, before); !slices.Equal(to, []string{"tiefbau@musterstadt.example"}) {
			t.Errorf("reopening mailed %v, want the department", to)
		}
		pub, _ := env.svc.PublicEvents(env.ctx, r.ID)
		if c := lastEvent(t, pub); c.Kind != reports.EventReopened || c.Comment != "" {
			t.Errorf("public reopen event shows the reporter's words: %+v", c)
		}

		done()
		env.clock.Advance(15 * 24 * time.Hour)
		wantCode(t, env.svc.Reopen(env.ctx, token, "Schon wieder"), errs.Conflict, "reports.reopen.too_late")
		if env.staffView(t, r.ID).Status != reports.StatusDone {
			t.Error("a late reopen changed the status")
		}
	})
}

func TestReporterFeedbackAfterClosing(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, token := env.create(t, validPothole())
		wantCode(t, env.svc.Feedback(env.ctx, token, true, ""), errs.Conflict, "reports.feedback.open")
		env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusRejected}, env.staffR)
		if err := env.svc.Feedback(env.ctx, token, false, "Niemand war da."); err != nil {
			t.Fatal(err)
		}
		ev := lastEvent(t, env.history(t, r.ID))
		if ev.Kind != reports.EventFeedback || ev.Fixed == nil || *ev.Fixed || ev.Comment != "Niemand war da." {
			t.Errorf("feedback event %+v", ev)
		}
		_, mine, err := env.svc.ManagedReport(env.ctx, token)
		if err != nil || lastEvent(t, mine).Comment != "Niemand war da." {
			t.Errorf("reporter does not see their comment: %+v %v", mine, err)
		}
		pub, _ := env.svc.PublicEvents(env.ctx, r.ID)
		if p := lastEvent(t, pub); p.Kind != reports.EventFeedback || p.Fixed == nil || p.Comment != "" {
			t.Errorf("public feedback event %+v", p)
		}
	})
}

// photoRows counts the photo rows of a report.
func (env *domainEnv) photoRows(t *testing.T, id int64) int {
	var n int
	if err := env.db.QueryRow(env.ctx, "SELECT COUNT(*) FROM report_photos WHERE report_id = ?", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (env *domainEnv) subscriberRows(t *testing.T, id int64) int {
	var n int
	if err := env.db.QueryRow(env.ctx, "SELECT COUNT(*) FROM report_subscribers WHERE report_id = ?", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReporterDeletesPersonalData(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		n := validPothole()
		n.Photos = testPhotos(t, 2)
		r, token := env.create(t, n)
		env.svc.ReleasePhoto(env.ctx, r.ID, r.Photos[0].ID, env.staffR)
		env.follow(t, r.ID, "fan@example.org")
		env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffR)
		env.svc.Feedback(env.ctx, token, true, "Danke, Erika aus Nr. 3")
		if err := env.svc.DeletePersonalData(env.ctx, token); err != nil {
			t.Fatal(err)
		}
		got := env.staffView(t, r.ID)
		if !got.Reporter.IsZero() || got.ErasedAt.IsZero() || got.Description == "" {
			t.Errorf("after deletion: reporter %+v erased %s description %q", got.Reporter, got.ErasedAt, got.Description)
		}
		if len(got.Photos) != 1 || got.Photos[0].ID != r.Photos[0].ID {
			t.Errorf("photos after deletion %+v, want only the released one", got.Photos)
		}
		if _, _, err := env.blobs.Open(env.ctx, r.Photos[1].Key); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("unreleased photo file still there: %v", err)
		}
		if _, _, err := env.blobs.Open(env.ctx, r.Photos[0].Key); err != nil {
			t.Errorf("released photo file gone: %v", err)
		}
		if n := env.subscriberRows(t, r.ID); n != 0 {
			t.Errorf("%d subscribers left", n)
		}
		for _, ev := range env.history(t, r.ID) {
			if ev.Comment != "" {
				t.Errorf("reporter's words left in the history: %+v", ev)
			}
		}
		if _, _, err := env.svc.ManagedReport(env.ctx, token); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("manage token still works: %v", err)
		}
		if ev := lastEvent(t, env.history(t, r.ID)); ev.Kind != reports.EventErased || ev.Public {
			t.Errorf("erase event %+v", ev)
		}
		if a := env.lastAudit(t); a.action != "report.erase_by_reporter" {
			t.Errorf("audit %+v", a)
		}
	})
}

func TestRetentionErasesExactlyExpiredPersonalData(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		file := func() (reports.Report, string) {
			n := validPothole()
			n.Photos = testPhotos(t, 2)
			r, token := env.create(t, n)
			env.svc.ReleasePhoto(env.ctx, r.ID, r.Photos[0].ID, env.staffR)
			env.follow(t, r.ID, "fan@example.org")
			return r, token
		}
		closeIt := func(r reports.Report) {
			if err := env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDone}, env.staffR); err != nil {
				t.Fatal(err)
			}
		}
		erasedEarlier, earlyToken := file()
		expired, _ := file()
		closeIt(erasedEarlier)
		closeIt(expired)
		env.svc.DeletePersonalData(env.ctx, earlyToken)
		env.svc.Support(env.ctx, erasedEarlier.ID, "spaet@example.org", "de") // a follower after the deletion
		env.clock.Advance(10 * 24 * time.Hour)
		recent, _ := file()
		closeIt(recent)
		stillOpen, _ := file()
		staffPhoto, err := env.svc.AddPhoto(env.ctx, expired.ID, testPhoto(t, 99), env.staffR)
		if err != nil {
			t.Fatal(err)
		}
		// 91 days after the first two were closed, 81 after the third.
		env.clock.Advance(81*24*time.Hour + time.Hour)
		n, err := env.svc.EraseExpired(env.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("erased %d reports, want 1", n)
		}
		x := env.staffView(t, expired.ID)
		if !x.Reporter.IsZero() || x.ErasedAt.IsZero() || env.subscriberRows(t, expired.ID) != 0 {
			t.Errorf("expired report keeps personal data: %+v", x.Reporter)
		}
		var keep []int64
		for _, p := range x.Photos {
			keep = append(keep, p.ID)
		}
		if want := []int64{expired.Photos[0].ID, staffPhoto.ID}; !slices.Equal(keep, want) {
			t.Errorf("photos kept %v, want the released and the staff photo %v", keep, want)
		}
		if pub, err := env.svc.PublicReport(env.ctx, expired.Ref); err != nil || pub.Description == "" || pub.Status != reports.StatusDone {
			t.Errorf("expired report is no longer open data: %+v %v", pub, err)
		}
		if env.subscriberRows(t, erasedEarlier.ID) != 0 {
			t.Error("a follower of an erased report outlived the retention period")
		}
		for _, r := range []reports.Report{recent, stillOpen} {
			got := env.staffView(t, r.ID)
			if got.Reporter.Email == "" || env.subscriberRows(t, r.ID) != 1 || env.photoRows(t, r.ID) != 2 {
				t.Errorf("report %s lost data before its time: %+v", r.Ref, got.Reporter)
			}
		}
		if a := env.lastAudit(t); a.action != "report.erase_expired" || a.actor != 0 {
			t.Errorf("audit %+v", a)
		}
		if n, err := env.svc.EraseExpired(env.ctx); err != nil || n != 0 {
			t.Errorf("second run erased %d, %v", n, err)
		}
	})
}
