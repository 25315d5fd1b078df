package reports_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestCreateRefusesBadReportsAndStoresNothing(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		inactive := env.dumping
		inactive.ID, inactive.Code, inactive.Active = 0, "alt", false
		env.category(t, inactive)
		outside := geo.Point{Lat: 48.1, Lon: 11.5}
		cases := []struct {
			name  string
			edit  func(n *reports.NewReport)
			field string
			key   string
		}{
			{"missing description", func(n *reports.NewReport) { n.Description = "  \n " }, "description", "field.required"},
			{"description too long", func(n *reports.NewReport) { n.Description = strings.Repeat("a", reports.MaxDescription+1) }, "description", "field.too_long"},
			{"no place at all", func(n *reports.NewReport) { n.Location, n.Address = nil, "" }, "location", "reports.location.missing"},
			{"place outside the town", func(n *reports.NewReport) { n.Location = &outside }, "location", "reports.location.outside"},
			{"invalid coordinates", func(n *reports.NewReport) { n.Location = &geo.Point{Lat: 100, Lon: 9} }, "location", "reports.location.outside"},
			{"unknown category", func(n *reports.NewReport) { n.CategoryCode = "gibtsnicht" }, "category", "reports.category.unknown"},
			{"inactive category", func(n *reports.NewReport) { n.CategoryCode = "alt" }, "category", "reports.category.unknown"},
			{"not the town's job", func(n *reports.NewReport) { n.CategoryCode = "autobahn" }, "category", "reports.category.not_our_job"},
			{"required attribute missing", func(n *reports.NewReport) { n.Answers = nil }, "attribute[size]", "field.required"},
			{"attribute value not in the list", func(n *reports.NewReport) { n.Answers = open311.Answers{"size": {"huge"}} }, "attribute[size]", "field.choice.invalid"},
			{"four photos", func(n *reports.NewReport) {
				n.Photos = []*photo.Result{testPhoto(t, 1), testPhoto(t, 2), testPhoto(t, 3)}
				n.MediaURLs = []string{"https://example.org/a.jpg"}
			}, "photos", "reports.photos.too_many"},
			{"media URL not http", func(n *reports.NewReport) { n.MediaURLs = []string{"javascript:alert(1)"} }, "photos", "reports.photos.url"},
			{"invalid e-mail", func(n *reports.NewReport) { n.Email = "erika@" }, "email", "field.email.invalid"},
			{"name too long", func(n *reports.NewReport) { n.Name = strings.Repeat("x", reports.MaxName+1) }, "name", "field.too_long"},
			{"address too long", func(n *reports.NewReport) { n.Address = strings.Repeat("x", reports.MaxAddress+1) }, "address", "field.too_long"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := validPothole()
				c.edit(&n)
				_, _, err := env.svc.Create(env.ctx, n)
				if got := fieldKeys(t, err)[c.field]; got != c.key {
					t.Errorf("field %s: got %q, want %q (all: %v)", c.field, got, c.key, fieldKeys(t, err))
				}
			})
		}
		var n int
		if err := env.db.QueryRow(env.ctx, "SELECT (SELECT COUNT(*) FROM reports) + (SELECT COUNT(*) FROM report_photos) + (SELECT COUNT(*) FROM mail_outbox)").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("refused reports left %d rows behind", n)
		}
	})
}

func TestCreateFilesReportWithDeadlinesMailsAndPrivateData(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		n := validPothole()
		n.Description = "Loch\r\nmit \x00Steuerzeichen\u202e"
		n.Photos = []*photo.Result{testPhoto(t, 10)}
		r, token, err := env.svc.Create(env.ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^M-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}$`).MatchString(r.Ref) {
			t.Errorf("reference %q is not like M-7KQ3-XP", r.Ref)
		}
		if r.Status != reports.StatusNew || r.Light() != reports.Red || r.DepartmentID != env.roads || r.DepartmentName != "Tiefbauamt" {
			t.Errorf("new report: status %s light %s department %d %q", r.Status, r.Light(), r.DepartmentID, r.DepartmentName)
		}
		if r.Description != "Loch\nmit Steuerzeichen" {
			t.Errorf("description stored as %q", r.Description)
		}
		// Thursday 30 April: Friday is the 1st of May, then the weekend.
		wantFirst := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
		wantClosure := time.Date(2026, 5, 8, 8, 0, 0, 0, time.UTC)
		if !r.FirstReactionDue.Equal(wantFirst) || !r.ClosureDue.Equal(wantClosure) {
			t.Errorf("deadlines %s / %s, want %s / %s", r.FirstReactionDue, r.ClosureDue, wantFirst, wantClosure)
		}
		if got := r.Answers["size"]; len(got) != 1 || got[0] != "large" {
			t.Errorf("answers %v", r.Answers)
		}
		if len(r.Photos) != 1 || r.Photos[0].Released || r.Photos[0].Key == "" || r.Photos[0].ThumbKey == "" {
			t.Errorf("photos %+v", r.Photos)
		}
		if token == "" {
			t.Fatal("no manage token")
		}
		var stored string
		env.db.QueryRow(env.ctx, "SELECT manage_token_hash FROM reports WHERE id = ?", r.ID).Scan(&stored)
		if stored == token || stored == "" {
			t.Errorf("manage token stored as %q", stored)
		}

		mails := env.mails(t)
		if len(mails) != 2 {
			t.Fatalf("want confirmation and department mail, got %+v", mails)
		}
		if mails[0].to != "erika@example.org" || !strings.Contains(mails[0].text, "https://rathaus.example"+reports.ManagePath(token)) ||
			!strings.Contains(mails[0].subject, r.Ref) || !strings.Contains(mails[0].text, "Musterstadt") {
			t.Errorf("confirmation mail %+v", mails[0])
		}
		if mails[1].to != "tiefbau@musterstadt.example" || !strings.Contains(mails[1].text, reports.StaffPath(r.ID)) {
			t.Errorf("department mail %+v", mails[1])
		}

		pub, err := env.svc.PublicReport(env.ctx, strings.ToLower(strings.ReplaceAll(r.Ref, "-", " ")))
		if err != nil {
			t.Fatal(err)
		}
		if !pub.Reporter.IsZero() || len(pub.Photos) != 0 {
			t.Errorf("public view shows reporter %+v or unreleased photos %+v", pub.Reporter, pub.Photos)
		}
		if _, err := env.svc.StaffReport(env.ctx, r.ID, env.staffO); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("staff of another department: %v", err)
		}
		staff, err := env.svc.StaffReport(env.ctx, r.ID, env.staffR)
		if err != nil || staff.Reporter.Email != "erika@example.org" || staff.Reporter.Name != "Erika Muster" {
			t.Errorf("staff view: %+v, %v", staff.Reporter, err)
		}
		if a := env.audits(t); a[len(a)-1].action != "report.view" || a[len(a)-1].actor != env.staffR.UserID {
			t.Errorf("viewing personal data audited as %+v", a)
		}
		mine, events, err := env.svc.ManagedReport(env.ctx, token)
		if err != nil || mine.ID != r.ID || mine.Reporter.Email == "" || len(mine.Photos) != 1 || len(events) != 1 || events[0].Kind != reports.EventCreated {
			t.Errorf("managed view: %+v %+v %v", mine, events, err)
		}
		if _, _, err := env.svc.ManagedReport(env.ctx, "wrong"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("wrong token: %v", err)
		}
	})
}

func TestCreateAnonymousAndAPIReports(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		n := validPothole()
		n.Name, n.Email, n.Location = "", "", nil
		r, _ := env.create(t, n)
		if r.Location != nil || r.Address != "Marktstraße 1" {
			t.Errorf("address-only report: %+v %q", r.Location, r.Address)
		}
		if got := env.recipients(t, 0); len(got) != 1 || got[0] != "tiefbau@musterstadt.example" {
			t.Errorf("anonymous report mailed %v", got)
		}
		client, key, err := env.svc.CreateAPIClient(env.ctx, "FixMyStreet", env.admin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.svc.APIClientByKey(env.ctx, key); err != nil {
			t.Fatal(err)
		}
		api := validPothole()
		api.Description, api.Source, api.APIClientID = "", reports.SourceAPI, client.ID
		api.MediaURLs = []string{"https://example.org/photo.jpg"}
		ar, _ := env.create(t, api)
		if ar.Source != reports.SourceAPI || ar.APIClient != "FixMyStreet" || len(ar.Photos) != 1 || ar.Photos[0].URL == "" {
			t.Errorf("API report %+v", ar)
		}
		sr := ar.ServiceRequest("en", nil)
		if sr.ServiceRequestID != ar.Ref || sr.ServiceCode != "schlagloch" || sr.ServiceName != "Pothole" ||
			sr.Status != open311.Open || sr.Lat == nil || sr.AgencyResponsible != "Tiefbauamt" {
			t.Errorf("Open311 mapping %+v", sr)
		}
		if err := env.svc.RevokeAPIClient(env.ctx, client.ID, env.admin); err != nil {
			t.Fatal(err)
		}
		if _, err := env.svc.APIClientByKey(env.ctx, key); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("revoked key: %v", err)
		}
		if _, _, err := env.svc.CreateAPIClient(env.ctx, "FixMyStreet", env.admin); fieldKeys(t, err)["name"] != "reports.apiclient.name.taken" {
			t.Errorf("duplicate client name: %v", err)
		}
		if _, _, err := env.svc.CreateAPIClient(env.ctx, "X", env.staffR); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("staff created an API client: %v", err)
		}
	})
}

func TestDeadlinesSkipHolidaysOfTheLand(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		cases := []struct {
			name      string
			at        time.Time
			wantFirst time.Time
		}{
			// Ascension Day 2026 is Thursday 14 May.
			{"over Ascension Day", time.Date(2026, 5, 13, 8, 0, 0, 0, time.UTC), time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC)},
			{"filed on a Saturday", time.Date(2026, 5, 16, 8, 0, 0, 0, time.UTC), time.Date(2026, 5, 18, 8, 0, 0, 0, time.UTC)},
			// Whit Monday 2026 is 25 May.
			{"over Whit Monday", time.Date(2026, 5, 22, 8, 0, 0, 0, time.UTC), time.Date(2026, 5, 26, 8, 0, 0, 0, time.UTC)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				env.clock.Advance(c.at.Sub(env.clock.Now()))
				r, _ := env.create(t, validPothole())
				if !r.FirstReactionDue.Equal(c.wantFirst) {
					t.Errorf("first reaction due %s, want %s", r.FirstReactionDue, c.wantFirst)
				}
			})
		}
	})
}
