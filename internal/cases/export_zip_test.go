package cases_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// fakeCatalog knows the dog tax service.
type fakeCatalog struct{}

func (fakeCatalog) ServiceInfo(_ context.Context, slug string) (cases.ServiceInfo, bool, error) {
	if slug != "hundesteuer" {
		return cases.ServiceInfo{}, false, nil
	}
	return cases.ServiceInfo{Name: cases.Text{"de": "Hundesteuer Anmeldung"}, LeiKa: "99108008000000"}, true, nil
}

func TestExportZIP(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		env := newDomainEnv(t, e)
		env.svc = cases.New(cases.Deps{Clock: env.clock, Audit: &audit.Log{Clock: env.clock}, Mail: &mail.Outbox{Clock: env.clock},
			Blobs: env.blobs, BaseURL: "https://rathaus.example", Logger: slog.New(slog.DiscardHandler), Services: fakeCatalog{}})
		photo := []byte("\x89PNG\r\n\x1a\n bello")
		obj := env.put(t, photo)
		in := dogIntake("Anna Amsel", "anna@example.org")
		in.Files = []cases.IntakeFile{{Path: "dog.photo", Name: "../../etc/bello.png", ContentType: "image/png", Size: obj.Size, Blob: obj.Key}}
		c, _ := env.intake(t, in)
		// The department's record: an assignment, a status change with
		// a public and an internal note, a message each way.
		if err := env.svc.Assign(env.ctx, c.ID, env.staffO2.UserID, env.staffO); err != nil {
			t.Fatal(err)
		}
		if err := env.svc.SetStatus(env.ctx, c.ID, cases.StatusChange{Status: "checking", PublicNote: "Wir prüfen.",
			InternalNote: "Halter schon bekannt\nAkte 12"}, env.staffO); err != nil {
			t.Fatal(err)
		}
		if err := env.svc.SendMessage(env.ctx, c.ID, "Bitte Impfpass schicken.", env.staffO); err != nil {
			t.Fatal(err)
		}
		decision := []byte("%PDF-1.4 Bescheid")
		dobj := env.put(t, decision)
		if err := env.svc.AttachDecision(env.ctx, c.ID, cases.DecisionFile{Name: "Bescheid.pdf", ContentType: "application/pdf",
			Size: dobj.Size, Blob: dobj.Key}, env.staffO); err != nil {
			t.Fatal(err)
		}

		var buf bytes.Buffer
		if err := env.svc.ExportZIP(env.ctx, c.ID, env.staffO, &buf); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		var names []string
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			files[f.Name] = b
			names = append(names, f.Name)
		}
		if got := strings.Join(names, ","); got != "metadata.json,data.json,receipt.pdf,history.json,messages.json,"+
			"attachments/01_bello.png,attachments/02_Bescheid.pdf,vorgang.txt" {
			t.Fatalf("entries %s", got)
		}
		var data map[string]any
		if err := json.Unmarshal(files["data.json"], &data); err != nil || data["tax"] != "120.00" {
			t.Errorf("data.json %s (%v)", files["data.json"], err)
		}
		var meta struct {
			ContentStructure struct {
				Data struct {
					Hash             struct{ Type, Content string }
					SubmissionSchema struct{ SchemaURI, MimeType string }
				}
				Attachments []struct {
					AttachmentID, Filename, MimeType, Purpose string
					Hash                                      struct{ Type, Content string }
				}
			}
			PublicServiceType       struct{ Name, Identifier string }
			AdditionalReferenceInfo struct{ SenderReference, ApplicationDate string }
			Case                    struct {
				Reference, Status, StatusLabel, Department string
				Applicant                                  struct{ Name, Email string }
				Files                                      []struct {
					Path, MimeType, Content string
					Size                    int
					Hash                    struct{ Type, Content string }
				}
			}
		}
		if err := json.Unmarshal(files["metadata.json"], &meta); err != nil {
			t.Fatal(err)
		}
		cs := meta.ContentStructure
		if cs.Data.Hash.Type != "sha512" || cs.Data.Hash.Content != sha512Hex(files["data.json"]) {
			t.Errorf("data hash %+v", cs.Data.Hash)
		}
		if cs.Data.SubmissionSchema.SchemaURI != "https://rathaus.example/forms/hund-anmelden/v2/schema.json" {
			t.Errorf("schema %+v", cs.Data.SubmissionSchema)
		}
		if len(cs.Attachments) != 2 {
			t.Fatalf("attachments %+v", cs.Attachments)
		}
		for i, want := range [][]byte{photo, decision} {
			a := cs.Attachments[i]
			body := files["attachments/"+a.Filename]
			if !bytes.Equal(body, want) || a.Hash.Type != "sha512" || a.Hash.Content != sha512Hex(body) || a.Purpose != "attachment" {
				t.Errorf("attachment %d %+v does not match its file", i, a)
			}
			if len(a.AttachmentID) != 36 || a.AttachmentID[14] != '8' {
				t.Errorf("attachment id %q is not a UUID v8", a.AttachmentID)
			}
		}
		if cs.Attachments[1].MimeType != "application/pdf" {
			t.Errorf("mime %q", cs.Attachments[1].MimeType)
		}
		if meta.PublicServiceType.Name != "Hundesteuer Anmeldung" || meta.PublicServiceType.Identifier != "urn:de:fim:leika:leistung:99108008000000" {
			t.Errorf("service type %+v", meta.PublicServiceType)
		}
		if meta.AdditionalReferenceInfo.SenderReference != c.Reference || meta.AdditionalReferenceInfo.ApplicationDate != "2026-05-04" ||
			meta.Case.Reference != c.Reference || meta.Case.Status != "checking" || meta.Case.StatusLabel != "In Prüfung" ||
			meta.Case.Department != "Ordnungsamt" || meta.Case.Applicant.Email != "anna@example.org" {
			t.Errorf("references %+v case %+v", meta.AdditionalReferenceInfo, meta.Case)
		}
		if got := strings.Join(env.audits(t, itoa(c.ID)), ","); !strings.HasSuffix(got, "case.export") {
			t.Errorf("audit %s", got)
		}

		t.Run("metadata lists every other file with its hash", func(t *testing.T) {
			var listed []string
			for _, f := range meta.Case.Files {
				body, ok := files[f.Path]
				if !ok || f.Size != len(body) || f.Hash.Type != "sha512" || f.Hash.Content != sha512Hex(body) || f.MimeType == "" {
					t.Errorf("listed file %+v does not match the ZIP (present %v)", f, ok)
				}
				listed = append(listed, f.Path)
			}
			if got, want := strings.Join(listed, ","), strings.Join(names[1:], ","); got != want {
				t.Errorf("listed %s, want %s", got, want)
			}
		})

		t.Run("receipt is the citizen's PDF", func(t *testing.T) {
			pdf := files["receipt.pdf"]
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("receipt.pdf starts %q", pdf[:min(len(pdf), 10)])
			}
			if text := pdfText(t, pdf); !strings.Contains(text, "Eingangsbestätigung") || !strings.Contains(text, c.Reference) ||
				!strings.Contains(text, "bello.png") {
				t.Errorf("receipt text:\n%s", text)
			}
		})

		t.Run("history holds every event with internal notes", func(t *testing.T) {
			var h struct {
				Reference string
				Events    []struct {
					Kind, Time, Status, StatusLabel, FromStatusLabel, PublicNote, InternalNote string
					Public                                                                     bool
					Actor                                                                      struct{ Kind, Name string }
					Assignee                                                                   *struct{ Name string }
				}
			}
			if err := json.Unmarshal(files["history.json"], &h); err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, e := range h.Events {
				kinds = append(kinds, e.Kind)
				if e.Time == "" {
					t.Errorf("event %s without time", e.Kind)
				}
			}
			if got := strings.Join(kinds, ","); h.Reference != c.Reference || got != "submitted,assigned,status,message,decision" {
				t.Fatalf("history %s: %s", h.Reference, got)
			}
			as, st := h.Events[1], h.Events[2]
			if as.Public || as.Assignee == nil || as.Assignee.Name != "Olga Ordnung" || as.Actor.Name != "Otto Ordnung" {
				t.Errorf("assignment %+v", as)
			}
			if !st.Public || st.FromStatusLabel != "Eingegangen" || st.StatusLabel != "In Prüfung" || st.PublicNote != "Wir prüfen." ||
				st.InternalNote != "Halter schon bekannt\nAkte 12" || st.Actor.Kind != "staff" || st.Actor.Name != "Otto Ordnung" {
				t.Errorf("status event %+v", st)
			}
		})

		t.Run("messages", func(t *testing.T) {
			var m struct {
				Messages []struct {
					Body, Time string
					From       struct{ Kind, Name string }
				}
			}
			if err := json.Unmarshal(files["messages.json"], &m); err != nil {
				t.Fatal(err)
			}
			if len(m.Messages) != 1 || m.Messages[0].Body != "Bitte Impfpass schicken." || m.Messages[0].From.Name != "Otto Ordnung" ||
				m.Messages[0].From.Kind != "staff" || m.Messages[0].Time == "" {
				t.Errorf("messages %+v", m.Messages)
			}
		})

		t.Run("vorgang.txt sums it up for people", func(t *testing.T) {
			txt := string(files["vorgang.txt"])
			for _, want := range []string{c.Reference, "Hundesteuer Anmeldung", "Ordnungsamt", "Status: In Prüfung", "Anna Amsel",
				"anna@example.org", "Name des Hundes: Bello", "Status: von „Eingegangen“ zu „In Prüfung“", "Interne Notiz: Halter schon bekannt\r\n    Akte 12",
				"Bearbeitung: Olga Ordnung", "Bitte Impfpass schicken.", "metadata.json\r\n", "receipt.pdf (", "history.json (", "messages.json (",
				"attachments/02_Bescheid.pdf (" + itoa(int64(len(decision))) + " Bytes)"} {
				if !strings.Contains(txt, want) {
					t.Errorf("vorgang.txt lacks %q:\n%s", want, txt)
				}
			}
		})

		t.Run("a service without LeiKa key is named by the form", func(t *testing.T) {
			in := dogIntake("B", "")
			in.Service = "lokal"
			c2, _ := env.intake(t, in)
			var buf bytes.Buffer
			if err := env.svc.ExportZIP(env.ctx, c2.ID, env.admin, &buf); err != nil {
				t.Fatal(err)
			}
			zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			rc, _ := zr.File[0].Open()
			b, _ := io.ReadAll(rc)
			if !strings.Contains(string(b), `"name": "Hund anmelden"`) || strings.Contains(string(b), "identifier") ||
				!strings.Contains(string(b), `"attachments": []`) {
				t.Errorf("metadata %s", b)
			}
		})

		t.Run("an erased case has nothing to hand over", func(t *testing.T) {
			if err := env.svc.Erase(env.ctx, c.ID, cases.SystemActor); err != nil {
				t.Fatal(err)
			}
			if err := env.svc.ExportZIP(env.ctx, c.ID, env.staffO, io.Discard); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("export of an erased case: %v", err)
			}
		})
	})
}

func sha512Hex(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}
