package cases_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestClosingStatusNeedsAPublicNote(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		for _, tc := range []struct {
			name, status, note string
			wantErr            bool
			wantAsk            bool // the mail points to the department for questions
		}{
			{"refusal without a note", "rejected", "", true, false},
			{"refusal with blanks only", "rejected", " \n ", true, false},
			{"approval without a note", "approved", "", true, false},
			{"refusal with a reason", "rejected", "Der Hund ist nicht gechipt.", false, true},
			{"approval with a note", "approved", "Die Steuermarke kommt per Post.", false, false},
			{"open status without a note", "checking", "", false, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				env := newDomainEnv(t, e)
				c, _ := env.intake(t, dogIntake("Anna", "anna@example.org"))
				err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: tc.status, PublicNote: tc.note, InternalNote: "intern"}, env.staffO)
				d := env.view(t, c.ID)
				if tc.wantErr {
					if fe := errs.As(err); fe.Code != errs.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Field != "public_note" ||
						fe.Fields[0].Key != "cases.status.note_required" {
						t.Fatalf("want an error on public_note, got %v", err)
					}
					if d.Status != "received" || d.Closed() || len(d.Events) != 1 || len(env.mails(t)) != 1 {
						t.Errorf("a refused change left traces: %q %+v", d.Status, d.Events)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				m := env.mails(t)
				last := m[len(m)-1].Text
				asks := strings.Contains(last, "Wenn Sie Fragen zu dieser Entscheidung haben, wenden Sie sich bitte an Ordnungsamt") &&
					strings.Contains(last, c.Reference)
				if asks != tc.wantAsk || (tc.note != "" && !strings.Contains(last, tc.note)) {
					t.Errorf("status mail (want the pointer to the department: %v):\n%s", tc.wantAsk, last)
				}
			})
		}
	})
}

// documentStatuses are the dog registration's statuses with one for
// requested documents, as the demo forms have it.
var documentStatuses = []cases.Status{
	{Key: "received", Label: cases.Text{"de": "Eingegangen", "en": "Received"}},
	{Key: "checking", Label: cases.Text{"de": "In Prüfung", "en": "Being checked"}},
	{Key: "unterlagen_angefordert", Label: cases.Text{"de": "Unterlagen angefordert", "en": "Documents requested"}},
	{Key: "approved", Label: cases.Text{"de": "Genehmigt", "en": "Approved"}, Closing: true},
}

func TestDocumentRequestsMoveTheStatusThereAndBack(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("request moves to documents requested, the last upload moves back", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("Anna", "anna@example.org")
			in.Statuses = documentStatuses
			c, token := env.intake(t, in)
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking"}, env.staffO))
			must(env.svc.RequestDocument(env.ctx, c.ID, "Impfpass", env.staffO))
			must(env.svc.RequestDocument(env.ctx, c.ID, "Chipnummer", env.staffO))
			d := env.view(t, c.ID)
			if d.Status != "unterlagen_angefordert" {
				t.Fatalf("status after the requests: %q", d.Status)
			}
			if got := kinds(d.Events); got != "submitted,status,status,document_requested,document_requested" {
				t.Errorf("events %s", got)
			}
			if ev := d.Events[2]; ev.FromStatus != "checking" || ev.Status != "unterlagen_angefordert" || !ev.Public || ev.ActorName != "Otto Ordnung" {
				t.Errorf("status event %+v", ev)
			}
			if got := strings.Join(env.audits(t, itoa(c.ID)), ","); !strings.Contains(got,
				"case.status,case.guest_link,case.status,case.request_document,case.guest_link,case.request_document,case.guest_link") {
				t.Errorf("audit %s", got)
			}
			send := func(req cases.DocumentRequest) {
				t.Helper()
				_, err := env.svc.CitizenUpload(env.ctx, cases.Viewer{Token: token}, req.ID,
					cases.Upload{Name: req.Description + ".pdf", Body: bytes.NewReader(testPDF(req.Description))}, 1<<20, "file")
				must(err)
			}
			send(d.Requests[0])
			if d := env.view(t, c.ID); d.Status != "unterlagen_angefordert" {
				t.Errorf("status with one request still open: %q", d.Status)
			}
			send(d.Requests[1])
			d = env.view(t, c.ID)
			if d.Status != "checking" {
				t.Fatalf("status after every document came: %q", d.Status)
			}
			ev := d.Events[len(d.Events)-1]
			if ev.Kind != cases.EventStatus || ev.FromStatus != "unterlagen_angefordert" || ev.Status != "checking" || !ev.Public ||
				ev.ActorKind != cases.ActorSystem {
				t.Errorf("return event %+v", ev)
			}
			if got := strings.Join(env.audits(t, itoa(c.ID)), ","); !strings.Contains(got, "case.citizen.document,case.status") {
				t.Errorf("audit %v", got)
			}
		})

		t.Run("from the first status it returns there; a form without the status keeps its status", func(t *testing.T) {
			env := newDomainEnv(t, e)
			in := dogIntake("Anna", "")
			in.Statuses = documentStatuses
			c, token := env.intake(t, in)
			if err := env.svc.RequestDocument(env.ctx, c.ID, "Impfpass", env.staffO); err != nil {
				t.Fatal(err)
			}
			d := env.view(t, c.ID)
			if d.Status != "unterlagen_angefordert" {
				t.Fatalf("status %q", d.Status)
			}
			if _, err := env.svc.CitizenUpload(env.ctx, cases.Viewer{Token: token}, d.Requests[0].ID,
				cases.Upload{Name: "i.pdf", Body: bytes.NewReader(testPDF("Impfpass"))}, 1<<20, "file"); err != nil {
				t.Fatal(err)
			}
			if d := env.view(t, c.ID); d.Status != "received" {
				t.Errorf("status after the upload %q", d.Status)
			}

			plain, _ := env.intake(t, dogIntake("Bert", ""))
			if err := env.svc.RequestDocument(env.ctx, plain.ID, "Impfpass", env.staffO); err != nil {
				t.Fatal(err)
			}
			if d := env.view(t, plain.ID); d.Status != "received" || kinds(d.Events) != "submitted,document_requested" {
				t.Errorf("form without a documents status: %q %s", d.Status, kinds(d.Events))
			}
		})
	})
}
