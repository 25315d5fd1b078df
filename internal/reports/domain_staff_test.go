package reports_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var confirmLink = regexp.MustCompile(`/reports/subscription/([A-Za-z0-9_-]+)/confirm`)

// follow subscribes email to report id and confirms it, as the citizen
// would by clicking the link in the mail.
func (env *domainEnv) follow(t *testing.T, id int64, email string) {
	t.Helper()
	if err := env.svc.Subscribe(env.ctx, id, email, "en"); err != nil {
		t.Fatal(err)
	}
	mails := env.mails(t)
	m := confirmLink.FindStringSubmatch(mails[len(mails)-1].text)
	if m == nil || mails[len(mails)-1].to != email {
		t.Fatalf("no confirmation mail to %s: %+v", email, mails[len(mails)-1])
	}
	if _, err := env.svc.ConfirmSubscription(env.ctx, m[1]); err != nil {
		t.Fatal(err)
	}
}

func TestStaffActionsRecordHistoryAuditAndMail(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, _ := env.create(t, validPothole())
		env.follow(t, r.ID, "fan@example.org")
		people := []string{"erika@example.org", "fan@example.org"}
		moved := geo.Point{Lat: 52.40, Lon: 9.80}
		steps := []struct {
			name    string
			quiet   bool // the public report does not change: updated_at stays
			do      func() error
			event   reports.EventKind
			public  bool
			audit   string
			mailsTo []string
			check   func(t *testing.T, r reports.Report)
		}{
			{"accept", false, func() error { return env.svc.Accept(env.ctx, r.ID, env.staffR) },
				reports.EventAccepted, true, "report.accept", people, func(t *testing.T, r reports.Report) {
					if r.Status != reports.StatusChecking || r.FirstReactionAt.IsZero() || r.Light() != reports.Yellow {
						t.Errorf("after accept: %s, reacted %s", r.Status, r.FirstReactionAt)
					}
				}},
			{"status with notes", false, func() error {
				return env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusInProgress,
					PublicNote: "Wir kommen am Montag.", InternalNote: "Kolonne 3"}, env.staffR)
			}, reports.EventStatus, true, "report.status", people, func(t *testing.T, r reports.Report) {
				if r.Status != reports.StatusInProgress || r.PublicNote != "Wir kommen am Montag." {
					t.Errorf("after status: %s %q", r.Status, r.PublicNote)
				}
			}},
			{"internal note", true, func() error { return env.svc.AddNote(env.ctx, r.ID, "", "Material bestellt", env.staffR) },
				reports.EventNote, false, "report.note", nil, nil},
			{"public note", false, func() error { return env.svc.AddNote(env.ctx, r.ID, "Material ist bestellt.", "", env.staffR) },
				reports.EventNote, true, "report.note", people, nil},
			{"move", false, func() error { return env.svc.Move(env.ctx, r.ID, &moved, "Marktstraße 3", env.staffR) },
				reports.EventMoved, true, "report.move", nil, func(t *testing.T, r reports.Report) {
					if r.Location == nil || *r.Location != moved || r.Address != "Marktstraße 3" {
						t.Errorf("after move: %+v %q", r.Location, r.Address)
					}
				}},
			{"hide", false, func() error { return env.svc.SetPublished(env.ctx, r.ID, false, env.staffR) },
				reports.EventHidden, false, "report.hide", nil, func(t *testing.T, r reports.Report) {
					if _, err := env.svc.PublicReport(env.ctx, r.Ref); errs.CodeOf(err) != errs.NotFound {
						t.Errorf("hidden report is public: %v", err)
					}
				}},
			{"publish", false, func() error { return env.svc.SetPublished(env.ctx, r.ID, true, env.staffR) },
				reports.EventPublished, false, "report.publish", nil, nil},
			{"recategorise", false, func() error { return env.svc.Recategorise(env.ctx, r.ID, "muell", env.staffR) },
				reports.EventRerouted, true, "report.recategorise", nil, func(t *testing.T, r reports.Report) {
					want := time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC) // 2 working days after 30 April
					if r.CategoryCode != "muell" || r.DepartmentID != env.order || !r.FirstReactionDue.Equal(want) {
						t.Errorf("after recategorise: %s dept %d due %s", r.CategoryCode, r.DepartmentID, r.FirstReactionDue)
					}
					if err := env.svc.AddNote(env.ctx, r.ID, "", "x", env.staffR); errs.CodeOf(err) != errs.Forbidden {
						t.Errorf("old department still acts: %v", err)
					}
				}},
			{"reroute", false, func() error { return env.svc.Reroute(env.ctx, r.ID, env.roads, env.staffO) },
				reports.EventRerouted, true, "report.reroute", nil, func(t *testing.T, r reports.Report) {
					if r.DepartmentID != env.roads || r.CategoryCode != "muell" {
						t.Errorf("after reroute: dept %d category %s", r.DepartmentID, r.CategoryCode)
					}
				}},
			{"done", false, func() error {
				return env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDone, PublicNote: "Erledigt."}, env.staffR)
			}, reports.EventStatus, true, "report.status", people, func(t *testing.T, r reports.Report) {
				if !r.ClosedAt.Equal(env.clock.Now()) || r.Light() != reports.Green || r.Open() {
					t.Errorf("after done: closed %s light %s", r.ClosedAt, r.Light())
				}
			}},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				env.clock.Advance(time.Hour)
				before := len(env.mails(t))
				if err := s.do(); err != nil {
					t.Fatal(err)
				}
				got := env.staffView(t, r.ID)
				if got.UpdatedAt.Equal(env.clock.Now()) == s.quiet {
					t.Errorf("updated_at %s, want %s", got.UpdatedAt, env.clock.Now())
				}
				ev := lastEvent(t, env.history(t, r.ID))
				if ev.Kind != s.event || ev.Public != s.public || !ev.At.Equal(env.clock.Now()) || ev.By != reports.ByStaff || ev.ActorID == 0 {
					t.Errorf("last event %+v, want %s public=%v", ev, s.event, s.public)
				}
				audits := env.audits(t)
				if !slices.ContainsFunc(audits, func(a auditRow) bool { return a.action == s.audit && a.actor != 0 }) {
					t.Errorf("no audit entry %s in %+v", s.audit, audits)
				}
				if to := env.recipients(t, before); !slices.Equal(to, s.mailsTo) {
					t.Errorf("mailed %v, want %v", to, s.mailsTo)
				}
				if s.check != nil {
					s.check(t, got)
				}
			})
		}
		// The public sees the town's notes, never the internal ones.
		pub, err := env.svc.PublicEvents(env.ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, e := range pub {
			if e.InternalNote != "" || e.ActorName != "" || e.Kind == reports.EventHidden {
				t.Errorf("public event shows staff matters: %+v", e)
			}
			if e.PublicNote != "" {
				notes = append(notes, e.PublicNote)
			}
		}
		if want := []string{"Wir kommen am Montag.", "Material ist bestellt.", "Erledigt."}; !slices.Equal(notes, want) {
			t.Errorf("public notes %v, want %v", notes, want)
		}
		var statusMail string
		for _, m := range env.mails(t) {
			if m.to == "fan@example.org" && strings.Contains(m.text, "Wir kommen am Montag.") {
				statusMail = m.text
			}
		}
		if !strings.Contains(statusMail, "in progress") || !strings.Contains(statusMail, "/reports/subscription/") || strings.Contains(statusMail, "Kolonne") {
			t.Errorf("subscriber's status mail (English, unsubscribe link, no internal note):\n%s", statusMail)
		}
	})
}

func TestStaffActionsRefuseWrongInput(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		r, _ := env.create(t, validPothole())
		outside := geo.Point{Lat: 1, Lon: 1}
		before := len(env.history(t, r.ID))
		cases := []struct {
			name string
			err  error
			code errs.Code
			key  string // field error key, or the error's key
		}{
			{"other department", env.svc.Accept(env.ctx, r.ID, env.staffO), errs.Forbidden, ""},
			{"nobody", env.svc.Accept(env.ctx, r.ID, reports.Actor{}), errs.Forbidden, ""},
			{"unknown report", env.svc.Accept(env.ctx, 9999, env.staffR), errs.NotFound, ""},
			{"duplicate by status", env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusDuplicate}, env.staffR), errs.Invalid, "reports.status.use_merge"},
			{"unknown status", env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: "fixed"}, env.staffR), errs.Invalid, "field.choice.invalid"},
			{"same status, no note", env.svc.SetStatus(env.ctx, r.ID, reports.StatusChange{Status: reports.StatusNew}, env.staffR), errs.Invalid, "reports.status.unchanged"},
			{"empty note", env.svc.AddNote(env.ctx, r.ID, " ", "", env.staffR), errs.Invalid, "field.required"},
			{"move outside", env.svc.Move(env.ctx, r.ID, &outside, "", env.staffR), errs.Invalid, "reports.location.outside"},
			{"move nowhere", env.svc.Move(env.ctx, r.ID, nil, "", env.staffR), errs.Invalid, "reports.location.missing"},
			{"recategorise unknown", env.svc.Recategorise(env.ctx, r.ID, "nix", env.staffR), errs.Invalid, "reports.category.unknown"},
			{"recategorise not our job", env.svc.Recategorise(env.ctx, r.ID, "autobahn", env.staffR), errs.Invalid, "reports.category.not_our_job"},
			{"reroute unknown department", env.svc.Reroute(env.ctx, r.ID, 9999, env.staffR), errs.Invalid, "reports.department.unknown"},
			{"reroute same department", env.svc.Reroute(env.ctx, r.ID, env.roads, env.staffR), errs.Invalid, "reports.department.unchanged"},
			{"merge into itself", env.svc.Merge(env.ctx, r.ID, r.ID, env.staffR), errs.Invalid, "reports.merge.self"},
			{"photo of another report", env.svc.ReleasePhoto(env.ctx, r.ID, 9999, env.staffR), errs.NotFound, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if errs.CodeOf(c.err) != c.code {
					t.Fatalf("got %v, want %s", c.err, c.code)
				}
				if c.code == errs.Invalid {
					var found bool
					for _, k := range fieldKeys(t, c.err) {
						found = found || k == c.key
					}
					if !found {
						t.Errorf("got %v, want field error %s", fieldKeys(t, c.err), c.key)
					}
				}
			})
		}
		if after := len(env.history(t, r.ID)); after != before {
			t.Errorf("refused actions left %d history entries", after-before)
		}
		if got := env.staffView(t, r.ID); got.Status != reports.StatusNew || got.Location == nil || *got.Location != inTown {
			t.Errorf("refused actions changed the report: %+v", got)
		}
	})
}

func TestPhotosAreReleasedHiddenAndAddedByStaff(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		n := validPothole()
		n.Photos = testPhotos(t, 2)
		r, _ := env.create(t, n)
		public := func() []reports.Photo {
			p, err := env.svc.PublicReport(env.ctx, r.Ref)
			if err != nil {
				t.Fatal(err)
			}
			return p.Photos
		}
		if len(public()) != 0 {
			t.Fatal("citizen photos public before release")
		}
		if err := env.svc.ReleasePhoto(env.ctx, r.ID, r.Photos[1].ID, env.staffR); err != nil {
			t.Fatal(err)
		}
		if p := public(); len(p) != 1 || p[0].ID != r.Photos[1].ID {
			t.Errorf("after release: %+v", p)
		}
		if a := env.lastAudit(t); a.action != "report.photo.release" {
			t.Errorf("audit %+v", a)
		}
		if err := env.svc.HidePhoto(env.ctx, r.ID, r.Photos[1].ID, env.staffR); err != nil {
			t.Fatal(err)
		}
		if p := public(); len(p) != 0 {
			t.Errorf("after hide: %+v", p)
		}
		if ev := lastEvent(t, env.history(t, r.ID)); ev.Kind != reports.EventPhotoHidden || ev.Public {
			t.Errorf("hide event %+v", ev)
		}
		if _, err := env.svc.AddPhoto(env.ctx, r.ID, testPhoto(t, 200), env.staffO); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("other department added a photo: %v", err)
		}
		ph, err := env.svc.AddPhoto(env.ctx, r.ID, testPhoto(t, 200), env.staffR)
		if err != nil {
			t.Fatal(err)
		}
		if p := public(); len(p) != 1 || p[0].ID != ph.ID || !p[0].ByStaff {
			t.Errorf("staff photo not public at once: %+v", p)
		}
		if _, _, err := env.blobs.Open(env.ctx, ph.Key); err != nil {
			t.Errorf("staff photo file: %v", err)
		}
	})
}

func testPhotos(t *testing.T, n int) []*photo.Result {
	var out []*photo.Result
	for i := range n {
		out = append(out, testPhoto(t, uint8(20+40*i)))
	}
	return out
}
