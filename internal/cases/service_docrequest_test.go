package cases_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestManualStatusWinsOverAnOpenDocumentRequest: what staff set by hand
// while a request waits is never undone by the citizen's upload, and
// closing withdraws what is still open.
func TestManualStatusWinsOverAnOpenDocumentRequest(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		setup := func(t *testing.T) (*domainEnv, cases.Case, string, cases.DocumentRequest) {
			t.Helper()
			env := newDomainEnv(t, e)
			in := dogIntake("Anna", "anna@example.org")
			in.Statuses = documentStatuses
			c, token := env.intake(t, in)
			if err := env.svc.RequestDocument(env.ctx, c.ID, "Impfpass von Bello", env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if d.Status != "unterlagen_angefordert" || len(d.Requests) != 1 {
				t.Fatalf("after the request: %q %+v", d.Status, d.Requests)
			}
			return env, c, token, d.Requests[0]
		}
		send := func(env *domainEnv, token string, req cases.DocumentRequest) error {
			_, err := env.svc.CitizenUpload(env.ctx, cases.Viewer{Token: token}, req.ID,
				cases.Upload{Name: "impfpass.pdf", Body: bytes.NewReader(testPDF("Impfpass"))}, 1<<20, "file")
			return err
		}
		set := func(t *testing.T, env *domainEnv, id int64, ch cases.StatusChange) {
			t.Helper()
			if err := env.svc.SetStatus(env.ctx, id, ch, env.staffO); err != nil {
				t.Fatal(err)
			}
		}

		t.Run("a status set by hand, even back to the documents status, is where the upload leaves it", func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				manual []string
				want   string
				moves  int // status events the upload writes
			}{
				// Staff look at the case while the document is still out.
				{"moved on to checking", []string{"checking"}, "checking", 0},
				// Staff went to checking and chose to wait for documents
				// again: the upload returns to where they came from.
				{"checking, then documents again", []string{"checking", "unterlagen_angefordert"}, "checking", 1},
			} {
				t.Run(tc.name, func(t *testing.T) {
					env, c, token, req := setup(t)
					for _, st := range tc.manual {
						set(t, env, c.ID, cases.StatusChange{Status: st})
					}
					before := len(env.view(t, c.ID).Events)
					if err := send(env, token, req); err != nil {
						t.Fatal(err)
					}
					d := env.view(t, c.ID)
					if d.Status != tc.want {
						t.Errorf("status after the upload %q, want %q", d.Status, tc.want)
					}
					statusEvents := 0
					for _, ev := range d.Events[before:] {
						if ev.Kind == cases.EventStatus {
							statusEvents++
						}
					}
					if statusEvents != tc.moves {
						t.Errorf("the upload wrote %d status events, want %d: %s", statusEvents, tc.moves, kinds(d.Events))
					}
				})
			}
		})

		t.Run("closing withdraws the open request, says so on the timeline and in the one status mail", func(t *testing.T) {
			env, c, token, req := setup(t)
			mailsBefore := len(env.mails(t))
			set(t, env, c.ID, cases.StatusChange{Status: "approved", PublicNote: "Bello ist angemeldet.", InternalNote: "Impfpass egal, Chip geprüft"})
			d := env.view(t, c.ID)
			if !d.Closed() || d.Status != "approved" {
				t.Fatalf("closed %v status %q", d.Closed(), d.Status)
			}
			if r := d.Requests[0]; !r.Cancelled() || r.Fulfilled() || r.Open() {
				t.Errorf("request after closing %+v", r)
			}
			last := d.Events[len(d.Events)-1]
			if got := kinds(d.Events); !strings.HasSuffix(got, "status,request_cancelled") {
				t.Errorf("events %s", got)
			}
			if last.Kind != cases.EventRequestCancelled || !last.Public || last.PublicNote != "Impfpass von Bello" || last.RefID != req.ID {
				t.Errorf("cancel event %+v", last)
			}
			m := env.mails(t)[mailsBefore:]
			if len(m) != 1 {
				t.Fatalf("closing sent %d mails, want 1: %+v", len(m), m)
			}
			mustContain(t, "closing mail", m[0].Text, "Genehmigt", "Bello ist angemeldet.",
				"Die angeforderten Unterlagen brauchen Sie nicht mehr einzureichen.")
			mustNotContain(t, "closing mail", m[0].Text, "Chip geprüft", "Impfpass von Bello")
			if got := strings.Join(env.audits(t, itoa(c.ID)), ","); !strings.Contains(got, "case.status,case.cancel_requests") {
				t.Errorf("audit %s", got)
			}

			cd, err := env.svc.CitizenView(env.ctx, cases.Viewer{Token: token})
			if err != nil {
				t.Fatal(err)
			}
			if cd.OpenRequests() != 0 {
				t.Errorf("citizen sees %d open requests on a closed case", cd.OpenRequests())
			}
			for _, ev := range cd.Events {
				if ev.InternalNote != "" {
					t.Errorf("citizen timeline carries an internal note: %+v", ev)
				}
			}

			// Too late: the upload is refused on its field, as a conflict.
			err = send(env, token, req)
			if fe := errs.As(err); fe.Code != errs.Conflict || len(fe.Fields) != 1 || fe.Fields[0].Key != "cases.citizen.requests.closed" {
				t.Errorf("upload to a closed case: %v", err)
			}

			// Reopened, the case does not ask again for what was withdrawn.
			set(t, env, c.ID, cases.StatusChange{Status: "checking", PublicNote: "Wir prüfen noch einmal."})
			err = send(env, token, req)
			if fe := errs.As(err); fe.Code != errs.Conflict || len(fe.Fields) != 1 || fe.Fields[0].Key != "cases.citizen.requests.cancelled" {
				t.Errorf("upload for a withdrawn request: %v", err)
			}
			d = env.view(t, c.ID)
			if d.Status != "checking" || len(d.Documents) != 0 || d.Requests[0].Fulfilled() {
				t.Errorf("a refused upload changed the case: %q %+v %+v", d.Status, d.Requests, d.Documents)
			}
		})

		t.Run("closing without open requests withdraws nothing", func(t *testing.T) {
			env, c, token, req := setup(t)
			if err := send(env, token, req); err != nil {
				t.Fatal(err)
			}
			set(t, env, c.ID, cases.StatusChange{Status: "approved", PublicNote: "Bello ist angemeldet."})
			d := env.view(t, c.ID)
			if got := kinds(d.Events); strings.Contains(got, cases.EventRequestCancelled) {
				t.Errorf("events %s", got)
			}
			if r := d.Requests[0]; !r.Fulfilled() || r.Cancelled() {
				t.Errorf("request %+v", r)
			}
			m := env.mails(t)
			mustNotContain(t, "closing mail", m[len(m)-1].Text, "nicht mehr einzureichen")
		})
	})
}
