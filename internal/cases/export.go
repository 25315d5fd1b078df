package cases

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// ServiceInfo is what the catalog knows of a service for the hand-over.
type ServiceInfo struct {
	Name Text
	// LeiKa is the key in the national Leistungskatalog, "" if none.
	LeiKa string
}

// ServiceLookup asks the service catalog about a service by its slug;
// internal/app implements it over the catalog module.
type ServiceLookup interface {
	ServiceInfo(ctx context.Context, slug string) (ServiceInfo, bool, error)
}

// The export follows FIT-Connect's submission metadata (schema.fitko.de,
// metadata 1.x): the data (the answers as JSON, with its hash and the form
// version's JSON Schema) and the attachments with SHA-512 hashes, the
// public service type with its LeiKa URN, plus our case fields. It is
// FIT-Connect-style, not a FIT-Connect submission: nothing is encrypted or
// sent, a specialist application (Fachverfahren) imports the ZIP.
type exportMetadata struct {
	Schema                  string            `json:"$schema"`
	ContentStructure        contentStructure  `json:"contentStructure"`
	PublicServiceType       publicServiceType `json:"publicServiceType"`
	AdditionalReferenceInfo referenceInfo     `json:"additionalReferenceInfo"`
	Case                    exportCase        `json:"case"`
}

type contentStructure struct {
	Data        exportData         `json:"data"`
	Attachments []exportAttachment `json:"attachments"`
}

type exportData struct {
	Hash             exportHash       `json:"hash"`
	SubmissionSchema submissionSchema `json:"submissionSchema"`
}

type submissionSchema struct {
	SchemaURI string `json:"schemaUri"`
	MimeType  string `json:"mimeType"`
}

type exportHash struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

type exportAttachment struct {
	AttachmentID string     `json:"attachmentId"`
	Filename     string     `json:"filename"`
	MimeType     string     `json:"mimeType"`
	Hash         exportHash `json:"hash"`
	Purpose      string     `json:"purpose"`
	Description  string     `json:"description,omitempty"`
}

type publicServiceType struct {
	Name       string `json:"name"`
	Identifier string `json:"identifier,omitempty"`
}

type referenceInfo struct {
	SenderReference string `json:"senderReference"`
	ApplicationDate string `json:"applicationDate"`
}

// exportCase carries our own case fields, which FIT-Connect has no place
// for.
type exportCase struct {
	Reference   string `json:"reference"`
	FormID      string `json:"formId"`
	FormVersion int    `json:"formVersion"`
	Service     string `json:"service,omitempty"`
	Department  string `json:"department"`
	Status      string `json:"status"`
	StatusLabel string `json:"statusLabel"`
	Lang        string `json:"language"`
	Applicant   struct {
		Name  string `json:"name"`
		Email string `json:"email,omitempty"`
	} `json:"applicant"`
	CreatedAt string `json:"createdAt"`
	DueAt     string `json:"dueAt,omitempty"`
	ClosedAt  string `json:"closedAt,omitempty"`
	// Files lists every file of the ZIP but metadata.json with its hash,
	// for filing: the hand-over files and the department's record.
	Files []exportFile `json:"files"`
}

// exportFile is one file of the ZIP in metadata.json.
type exportFile struct {
	Path     string     `json:"path"`
	MimeType string     `json:"mimeType"`
	Size     int        `json:"size"`
	Hash     exportHash `json:"hash"`
	// Content says what the file holds: data, receipt, history, messages,
	// summary, attachment.
	Content string `json:"content"`
}

// FITConnectMetadataSchema is the schema the metadata follows.
const FITConnectMetadataSchema = "https://schema.fitko.de/fit-connect/metadata/1.2.0/metadata.schema.json"

// SchemaPath is where forms publishes the JSON Schema of a form version.
func SchemaPath(formID string, version int) string {
	return "/forms/" + formID + "/v" + strconv.Itoa(version) + "/schema.json"
}

// ExportZIP writes case id as a ZIP for a specialist application and for
// filing (Aktenablage): metadata.json, data.json (the answers),
// receipt.pdf (the citizen's receipt), history.json (every event, internal
// notes included), messages.json, vorgang.txt (all of it for people) and
// attachments/<files>; the hand-over of personal data is audited.
func (s *Service) ExportZIP(ctx context.Context, id int64, actor Actor, w io.Writer) error {
	c, err := s.StaffCase(ctx, id, actor)
	if err != nil {
		return err
	}
	if c.Erased() {
		return errs.E(errs.Conflict, "cases.erased")
	}
	docs, err := listDocuments(ctx, db.From(ctx), id)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(nonNilMap(c.Answers), "", "  ")
	if err != nil {
		return fmt.Errorf("export answers: %w", err)
	}
	meta := exportMetadata{Schema: FITConnectMetadataSchema}
	meta.ContentStructure.Data = exportData{
		Hash:             exportHash{Type: "sha512", Content: sha512Hex(data)},
		SubmissionSchema: submissionSchema{SchemaURI: s.link(SchemaPath(c.FormID, c.FormVersion)), MimeType: "application/schema+json"},
	}
	meta.ContentStructure.Attachments = []exportAttachment{}
	meta.PublicServiceType, err = s.publicServiceType(ctx, c)
	if err != nil {
		return err
	}
	meta.AdditionalReferenceInfo = referenceInfo{SenderReference: c.Reference, ApplicationDate: c.CreatedAt.In(townZone).Format(time.DateOnly)}
	meta.Case = exportCaseOf(c)

	// Everything is made before anything is written, so a missing file
	// fails the export instead of truncating the ZIP.
	type entry struct {
		name, mime, content string
		body                []byte
	}
	fl, err := s.loadFiling(ctx, db.From(ctx), c, meta.PublicServiceType)
	if err != nil {
		return err
	}
	receipt, err := s.filingReceipt(ctx, c, docs)
	if err != nil {
		return err
	}
	history, err := fl.historyJSON()
	if err != nil {
		return fmt.Errorf("export history: %w", err)
	}
	messages, err := fl.messagesJSON()
	if err != nil {
		return fmt.Errorf("export messages: %w", err)
	}
	files := []entry{{"data.json", "application/json", "data", data}, {"receipt.pdf", "application/pdf", "receipt", receipt},
		{"history.json", "application/json", "history", history}, {"messages.json", "application/json", "messages", messages}}
	for i, d := range docs {
		body, err := s.readBlob(ctx, d.Blob)
		if err != nil {
			return fmt.Errorf("export %s file %d: %w", c.Reference, d.ID, err)
		}
		name := fmt.Sprintf("%02d_%s", i+1, zipSafe(d.Name))
		files = append(files, entry{"attachments/" + name, d.ContentType, "attachment", body})
		meta.ContentStructure.Attachments = append(meta.ContentStructure.Attachments, exportAttachment{
			AttachmentID: attachmentID(c.Reference, d.ID), Filename: name, MimeType: d.ContentType,
			Hash: exportHash{Type: "sha512", Content: sha512Hex(body)}, Purpose: "attachment",
			Description: documentDescription(d),
		})
	}
	// vorgang.txt lists the files; its own size and metadata.json's are
	// not known while it is written.
	listed := []zipFile{{Path: "metadata.json", Size: -1}}
	for _, f := range files {
		listed = append(listed, zipFile{Path: f.name, Size: len(f.body)})
	}
	listed = append(listed, zipFile{Path: "vorgang.txt", Size: -1})
	summary := s.summaryText(fl, listed)
	files = append(files, entry{"vorgang.txt", "text/plain; charset=utf-8", "summary", summary})
	meta.Case.Files = make([]exportFile, 0, len(files))
	for _, f := range files {
		meta.Case.Files = append(meta.Case.Files, exportFile{Path: f.name, MimeType: f.mime, Size: len(f.body),
			Hash: exportHash{Type: "sha512", Content: sha512Hex(f.body)}, Content: f.content})
	}
	metaJSON, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return fmt.Errorf("export metadata: %w", err)
	}
	e := audit.By(actor.UserID, actor.IP).Did("case.export", "case", strconv.FormatInt(id, 10))
	e.Detail = c.Reference
	if err := s.deps.Audit.Record(ctx, db.From(ctx), e); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	modified := c.UpdatedAt
	put := func(name string, body []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = f.Write(body)
		return err
	}
	if err := put("metadata.json", metaJSON); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	for _, f := range files {
		if err := put(f.name, f.body); err != nil {
			return fmt.Errorf("write export: %w", err)
		}
	}
	return zw.Close()
}

func (s *Service) publicServiceType(ctx context.Context, c Case) (publicServiceType, error) {
	p := publicServiceType{Name: c.Title.In("de")}
	if s.deps.Services == nil || c.Service == "" {
		return p, nil
	}
	info, ok, err := s.deps.Services.ServiceInfo(ctx, c.Service)
	if err != nil {
		return p, fmt.Errorf("export: service %s: %w", c.Service, err)
	}
	if !ok {
		return p, nil
	}
	if n := info.Name.In("de"); n != "" {
		p.Name = n
	}
	if info.LeiKa != "" {
		p.Identifier = "urn:de:fim:leika:leistung:" + info.LeiKa
	}
	return p, nil
}

func exportCaseOf(c Case) exportCase {
	var x exportCase
	x.Reference, x.FormID, x.FormVersion, x.Service = c.Reference, c.FormID, c.FormVersion, c.Service
	x.Department, x.Status, x.StatusLabel, x.Lang = c.DepartmentName, c.Status, c.StatusLabel("de"), c.Lang
	x.Applicant.Name, x.Applicant.Email = c.ApplicantName, c.ApplicantEmail
	x.CreatedAt = c.CreatedAt.UTC().Format(time.RFC3339)
	if !c.DueAt.IsZero() {
		x.DueAt = c.DueAt.UTC().Format(time.RFC3339)
	}
	if !c.ClosedAt.IsZero() {
		x.ClosedAt = c.ClosedAt.UTC().Format(time.RFC3339)
	}
	return x
}

// documentDescription says where a file came from, for the importer.
func documentDescription(d Document) string {
	switch d.Kind {
	case DocAnswer:
		return "answer:" + d.Field
	case DocRequest:
		return "requested document"
	case DocDecision:
		return "decision"
	}
	return "upload"
}

func (s *Service) readBlob(ctx context.Context, key string) ([]byte, error) {
	if s.deps.Blobs == nil {
		return nil, fmt.Errorf("no blob store")
	}
	rc, _, err := s.deps.Blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, rc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sha512Hex(b []byte) string {
	sum := sha512.Sum512(b)
	return hex.EncodeToString(sum[:])
}

// attachmentID is a UUID (version 8, RFC 9562) derived from the case and
// file, so exporting a case twice names its files alike.
func attachmentID(ref string, docID int64) string {
	sum := sha256.Sum256([]byte("rathaus-case-file:" + ref + ":" + strconv.FormatInt(docID, 10)))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// zipSafe keeps a file name inside attachments/ and readable on any system.
func zipSafe(name string) string {
	name = path.Base(strings.ReplaceAll(cleanFileName(name), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." || name == "/" {
		name = "document"
	}
	return name
}
