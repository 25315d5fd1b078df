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
		if got := strings.Join(names, ","); got != "metadata.json,data.json,attachments/01_bello.png,attachments/02_Bescheid.pdf" {
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
			meta.Case.Reference != c.Reference || meta.Case.Status != "received" || meta.Case.StatusLabel != "Eingegangen" ||
			meta.Case.Department != "Ordnungsamt" || meta.Case.Applicant.Email != "anna@example.org" {
			t.Errorf("references %+v case %+v", meta.AdditionalReferenceInfo, meta.Case)
		}
		if got := strings.Join(env.audits(t, itoa(c.ID)), ","); !strings.HasSuffix(got, "case.export") {
			t.Errorf("audit %s", got)
		}

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
