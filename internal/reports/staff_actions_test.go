package reports_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestStaffActionsChangeTheReportWithHistoryAndAudit posts every action of
// a report's page as its department's staff: each changes the report,
// adds its history entry and its audit entry, and comes back to the page
// with a message.
func TestStaffActionsChangeTheReportWithHistoryAndAudit(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		tests := []struct {
			name string
			// photo files the report with a citizen's photo.
			photo bool
			// post sends the action for report r and returns the answer.
			post   func(r reports.Report) *testkit.Response
			event  reports.EventKind
			audit  string
			flash  string
			verify func(t *testing.T, before, after reports.Report)
		}{
			{name: "accept", event: reports.EventAccepted, audit: "report.accept", flash: "angenommen",
				post: func(r reports.Report) *testkit.Response { return o.clientA.Post(staffPath(r.ID, "/accept"), nil) },
				verify: func(t *testing.T, _, r reports.Report) {
					if r.Status != reports.StatusChecking || r.FirstReactionAt.IsZero() {
						t.Errorf("after accept: status %s, first reaction %v", r.Status, r.FirstReactionAt)
					}
				}},
			{name: "status with notes", event: reports.EventStatus, audit: "report.status", flash: "Status und Hinweise",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/status"), url.Values{"status": {"planned"},
						"public_note": {"Die Abholung ist für Freitag geplant."}, "internal_note": {"Bauhof informiert, Auftrag 4711"}})
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.Status != reports.StatusPlanned || r.PublicNote != "Die Abholung ist für Freitag geplant." {
						t.Errorf("after status: %s, note %q", r.Status, r.PublicNote)
					}
					ev := o.events(t, r.ID)
					if last := ev[len(ev)-1]; last.InternalNote != "Bauhof informiert, Auftrag 4711" {
						t.Errorf("internal note not in the history: %+v", last)
					}
					pub, err := o.svc.PublicEvents(o.srv.Ctx(), r.ID)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range pub {
						if strings.Contains(e.InternalNote, "4711") {
							t.Errorf("the internal note is public: %+v", e)
						}
					}
				}},
			{name: "recategorise", event: reports.EventRecategorised, audit: "report.recategorise", flash: "Kategorie ist geändert",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/category"), url.Values{"category": {"schlagloch"}})
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.CategoryCode != "schlagloch" || r.DepartmentID != o.deptB.ID {
						t.Errorf("after recategorise: %s in department %d, want schlagloch in %d", r.CategoryCode, r.DepartmentID, o.deptB.ID)
					}
				}},
			{name: "reroute", event: reports.EventRerouted, audit: "report.reroute", flash: "weitergeleitet",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/department"), url.Values{"department": {strconv.FormatInt(o.deptB.ID, 10)}})
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.DepartmentID != o.deptB.ID {
						t.Errorf("after reroute: department %d, want %d", r.DepartmentID, o.deptB.ID)
					}
				}},
			{name: "move", event: reports.EventMoved, audit: "report.move", flash: "Ort ist gespeichert",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/location"), url.Values{"lat": {"52.3801"}, "lon": {"9.7402"}, "address": {"Am Markt 1"}})
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.Location == nil || r.Location.Lat != 52.3801 || r.Location.Lon != 9.7402 || r.Address != "Am Markt 1" {
						t.Errorf("after move: %v %q", r.Location, r.Address)
					}
				}},
			{name: "hide report", event: reports.EventHidden, audit: "report.hide", flash: "verborgen",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/published"), url.Values{"published": {"false"}})
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.Published {
						t.Error("the report is still published")
					}
					if _, err := o.svc.PublicReport(o.srv.Ctx(), r.Ref); err == nil {
						t.Error("the hidden report is public")
					}
				}},
			{name: "erase personal data", event: reports.EventErased, audit: "report.erase", flash: "persönlichen Daten sind gelöscht",
				post: func(r reports.Report) *testkit.Response { return o.clientA.Post(staffPath(r.ID, "/erase"), nil) },
				verify: func(t *testing.T, before, r reports.Report) {
					if before.Reporter.IsZero() || !r.Reporter.IsZero() || r.ErasedAt.IsZero() {
						t.Errorf("reporter before %+v, after %+v, erased at %v", before.Reporter, r.Reporter, r.ErasedAt)
					}
				}},
			{name: "release photo", photo: true, event: reports.EventPhotoReleased, audit: "report.photo.release", flash: "freigegeben",
				post: func(r reports.Report) *testkit.Response {
					return o.clientA.Post(staffPath(r.ID, "/photos/"+strconv.FormatInt(r.Photos[0].ID, 10)+"/release"), nil)
				},
				verify: func(t *testing.T, before, r reports.Report) {
					if before.Photos[0].Released || !r.Photos[0].Released {
						t.Errorf("released before %v, after %v", before.Photos[0].Released, r.Photos[0].Released)
					}
					pub, err := o.svc.PublicReport(o.srv.Ctx(), r.Ref)
					if err != nil || len(pub.Photos) != 1 {
						t.Errorf("public report after release: %d photos, %v; want the released one", len(pub.Photos), err)
					}
				}},
			{name: "add photo", event: reports.EventPhotoAdded, audit: "report.photo.add", flash: "Foto ist hinzugefügt",
				post: func(r reports.Report) *testkit.Response {
					return staffUpload(t, o.clientA, staffPath(r.ID, "/photos"), nil, staffPNG(t))
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if len(r.Photos) != 1 || !r.Photos[0].ByStaff || !r.Photos[0].Released {
						t.Errorf("photos after adding: %+v", r.Photos)
					}
				}},
			{name: "close in the field", photo: false, event: reports.EventPhotoAdded, audit: "report.status", flash: "erledigt",
				post: func(r reports.Report) *testkit.Response {
					return staffUpload(t, o.clientA, staffPath(r.ID, "/close"), url.Values{"public_note": {"Der Müll ist abgeholt."},
						"next": {"/staff/reports/field?lat=52.37&lon=9.73"}}, staffPNG(t))
				},
				verify: func(t *testing.T, _, r reports.Report) {
					if r.Status != reports.StatusDone || r.PublicNote != "Der Müll ist abgeholt." || len(r.Photos) != 1 || !r.Photos[0].ByStaff {
						t.Errorf("after closing: %s %q, photos %+v", r.Status, r.PublicNote, r.Photos)
					}
				}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				n := reports.NewReport{CategoryCode: "muell", Name: "Erika Muster", Email: "erika@example.org"}
				if tc.photo {
					n.Photos = append(n.Photos, staffPhoto(t))
				}
				before := o.report(t, n)
				events := len(o.events(t, before.ID))
				resp := tc.post(before)
				staffWantStatus(t, resp, http.StatusSeeOther)
				want := staffPath(before.ID, "")
				switch tc.name {
				case "close in the field":
					want = "/staff/reports/field?lat=52.37&lon=9.73"
				case "recategorise", "reroute":
					// Now another department's report: back to the inbox.
					want = "/staff/reports"
				}
				if got := resp.Header.Get("Location"); got != want {
					t.Errorf("redirect to %q, want %q", got, want)
				}
				after := o.stored(t, before.ID)
				tc.verify(t, before, after)
				ev := o.events(t, before.ID)
				if len(ev) <= events || !slices.ContainsFunc(ev[events:], func(e reports.Event) bool { return e.Kind == tc.event }) {
					t.Errorf("history after %s: %v, want a new %s entry", tc.name, staffKinds(ev[events:]), tc.event)
				}
				if n := o.auditCount(t, tc.audit, "report", before.ID); n != 1 {
					t.Errorf("audit entries %s: %d, want 1", tc.audit, n)
				}
				// The message shows on the page the browser goes to.
				page := o.clientA.Get(resp.Header.Get("Location"))
				staffWantStatus(t, page, http.StatusOK)
				staffWantContains(t, page, tc.flash)
			})
		}
	})
}

func staffKinds(ev []reports.Event) []reports.EventKind {
	var out []reports.EventKind
	for _, e := range ev {
		out = append(out, e.Kind)
	}
	return out
}

// TestStaffActionsRefuseBadInputOnThePage checks that wrong input comes
// back on the report's page with the error next to its form, the input
// kept, and nothing changed.
func TestStaffActionsRefuseBadInputOnThePage(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		o := newStaffOffice(t, e)
		r := o.report(t, reports.NewReport{CategoryCode: "muell", Photos: nil})
		other := o.report(t, reports.NewReport{CategoryCode: "schlagloch"})
		accepted := o.report(t, reports.NewReport{CategoryCode: "muell"})
		if err := o.svc.Accept(o.srv.Ctx(), accepted.ID, reports.SystemActor); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			id     int64
			post   func(id int64) *testkit.Response
			status int
			want   []string
		}{
			{"duplicate only by merge", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/status"), url.Values{"status": {"duplicate"}, "public_note": {"Schon gemeldet"}})
			}, http.StatusUnprocessableEntity, []string{"Zusammenführen", `aria-invalid="true"`, "Schon gemeldet</textarea>"}},
			{"same status without a note", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/status"), url.Values{"status": {"new"}})
			}, http.StatusUnprocessableEntity, []string{"Bitte ändern Sie den Status"}},
			{"merge with an unknown number", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/merge"), url.Values{"target": {"M-2222-22"}})
			}, http.StatusUnprocessableEntity, []string{"Eine Meldung mit dieser Nummer gibt es nicht.", `value="M-2222-22"`}},
			{"merge with itself", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/merge"), url.Values{"target": {r.Ref}})
			}, http.StatusUnprocessableEntity, []string{"nicht mit sich selbst"}},
			{"half a position", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/location"), url.Values{"lat": {"52.1"}, "lon": {""}, "address": {"Am Teich"}})
			}, http.StatusUnprocessableEntity, []string{"Breite und Länge", `value="Am Teich"`}},
			{"reroute to the same department", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/department"), url.Values{"department": {strconv.FormatInt(o.deptA.ID, 10)}})
			}, http.StatusUnprocessableEntity, []string{"schon bei diesem Fachbereich"}},
			{"a category that is not our job", r.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/category"), url.Values{"category": {"autobahn"}})
			}, http.StatusUnprocessableEntity, []string{"Autobahn GmbH"}},
			{"accept twice", accepted.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/accept"), nil)
			}, http.StatusConflict, []string{accepted.Ref}},
			{"a file that is no photo", r.ID, func(id int64) *testkit.Response {
				return staffUpload(t, o.clientA, staffPath(id, "/photos"), nil, []byte("%PDF-1.4 not a photo"))
			}, http.StatusUnprocessableEntity, []string{"kein Foto im Format JPEG oder PNG", `id="f-photo-error"`}},
			{"no file", r.ID, func(id int64) *testkit.Response {
				return staffUpload(t, o.clientA, staffPath(id, "/photos"), nil, nil)
			}, http.StatusUnprocessableEntity, []string{"Bitte wählen Sie ein Foto aus."}},
			{"another department's report", other.ID, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/status"), url.Values{"status": {"done"}})
			}, http.StatusForbidden, nil},
			{"another department's photo upload", other.ID, func(id int64) *testkit.Response {
				return staffUpload(t, o.clientA, staffPath(id, "/photos"), nil, staffPNG(t))
			}, http.StatusForbidden, nil},
			{"an unknown report", 999999, func(id int64) *testkit.Response {
				return o.clientA.Post(staffPath(id, "/accept"), nil)
			}, http.StatusNotFound, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				var before []reports.Event
				if tc.id != 999999 {
					before = o.events(t, tc.id)
				}
				resp := tc.post(tc.id)
				staffWantStatus(t, resp, tc.status)
				staffWantContains(t, resp, tc.want...)
				if tc.id != 999999 {
					if after := o.events(t, tc.id); len(after) != len(before) {
						t.Errorf("refused action changed the history: %v", staffKinds(after[len(before):]))
					}
				}
			})
		}
		// CSRF: an action without the token changes nothing.
		resp := o.clientA.Send(http.MethodPost, staffPath(r.ID, "/accept"), url.Values{})
		staffWantStatus(t, resp, http.StatusForbidden)
		if o.stored(t, r.ID).Status != reports.StatusNew {
			t.Error("an action without a CSRF token was carried out")
		}
	})
}
