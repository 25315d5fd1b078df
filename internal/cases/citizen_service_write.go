package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// UploadTypes are the files a citizen may send for a document request.
var UploadTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// citizenChange runs fn in one transaction on the case v may see, after the
// checks every citizen change shares: an erased case takes none.
func (s *Service) citizenChange(ctx context.Context, v Viewer, fn func(tx *db.Tx, c Case, now time.Time) error) (Case, error) {
	now := s.Now()
	var out Case
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		c, err := citizenCase(ctx, tx, v)
		if err != nil {
			return err
		}
		if err := lockCase(ctx, tx, c.ID); err != nil {
			return err
		}
		if tx.Dialect() == db.Postgres {
			// Read again under the lock: a status the department set
			// meanwhile must not be overwritten from the older copy.
			if c, err = citizenCase(ctx, tx, v); err != nil {
				return err
			}
		}
		if c.Erased() {
			return errs.E(errs.Conflict, "cases.citizen.erased.title")
		}
		if err := fn(tx, c, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET updated_at = ? WHERE id = ?", now, c.ID); err != nil {
			return fmt.Errorf("touch case: %w", err)
		}
		out = c
		return nil
	})
	return out, err
}

// auditCitizen records a change by the citizen (account or guest) in q.
func (s *Service) auditCitizen(ctx context.Context, q db.Querier, v Viewer, action string, c Case, detail string) error {
	e := audit.By(v.AccountID, v.IP).Did(action, "case", strconv.FormatInt(c.ID, 10))
	e.Detail = c.Reference
	if detail != "" {
		e.Detail += ": " + detail
	}
	return s.deps.Audit.Record(ctx, q, e)
}

// CitizenMessage stores the citizen's message to the department, marks the
// department's messages read (the citizen has just answered them) and
// tells the department by mail, in one transaction.
func (s *Service) CitizenMessage(ctx context.Context, v Viewer, body string) (Case, error) {
	body = web.CleanText(body, true)
	var f errs.Fields
	switch {
	case body == "":
		f.Add("body", "cases.citizen.messages.body_required")
	case tooLong(body, MaxMessage):
		f.Add("body", "cases.citizen.messages.too_long", MaxMessage)
	}
	if err := f.Err(); err != nil {
		return Case{}, err
	}
	return s.citizenChange(ctx, v, func(tx *db.Tx, c Case, now time.Time) error {
		mid, err := insertMessage(ctx, tx, Message{CaseID: c.ID, AuthorID: v.AccountID, Body: body, CreatedAt: now})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_messages SET read_at = ? WHERE case_id = ? AND from_staff = TRUE
			AND read_at IS NULL`, now, c.ID); err != nil {
			return fmt.Errorf("mark messages read: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: c.ID, Kind: EventMessage, Public: true, Status: c.Status,
			RefID: mid, ActorID: v.AccountID, ActorKind: ActorCitizen, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCitizen(ctx, tx, v, "case.citizen.message", c, ""); err != nil {
			return err
		}
		l := s.deps.DefaultLang
		return s.mailDepartment(ctx, tx, c, s.ct(l, "cases.citizen.mail.message.subject", c.Reference),
			s.ct(l, "cases.citizen.mail.message.text", c.Reference, c.Title.In(l), s.link(StaffPath(c.ID))))
	})
}

// Upload is a file the citizen sends for a document request.
type Upload struct {
	Name string
	Body io.Reader
}

// CitizenUpload stores the file sent for document request requestID: the
// content goes to the blob store (PDF, JPEG or PNG, at most maxBytes), then
// in one transaction the request is fulfilled, the file recorded, the
// timeline told and the department mailed. Errors are on field.
func (s *Service) CitizenUpload(ctx context.Context, v Viewer, requestID int64, up Upload, maxBytes int64, field string) (Case, error) {
	// Check before storing the content, so a wrong link stores nothing.
	if _, _, err := s.openRequest(ctx, db.From(ctx), v, requestID); err != nil {
		return Case{}, onField(field, err)
	}
	if s.deps.Blobs == nil {
		return Case{}, errors.New("cases: no blob store for uploads")
	}
	obj, err := s.deps.Blobs.Put(ctx, up.Body, blob.PutOptions{MaxSize: maxBytes, AllowedTypes: UploadTypes})
	if err != nil {
		return Case{}, onField(field, err)
	}
	name := cleanFileName(up.Name)
	return s.citizenChange(ctx, v, func(tx *db.Tx, c Case, now time.Time) error {
		_, req, err := s.openRequest(ctx, tx, v, requestID)
		if err != nil {
			return onField(field, err)
		}
		res, err := tx.Exec(ctx, `UPDATE case_document_requests SET fulfilled_at = ? WHERE id = ? AND fulfilled_at IS NULL`, now, req.ID)
		if err != nil {
			return fmt.Errorf("fulfil document request: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return onField(field, errs.E(errs.Conflict, "cases.citizen.requests.already"))
		}
		did, err := insertDocument(ctx, tx, Document{CaseID: c.ID, Kind: DocRequest, Name: name, ContentType: obj.ContentType,
			Size: obj.Size, Blob: obj.Key, RequestID: req.ID, AuthorID: v.AccountID, CreatedAt: now})
		if err != nil {
			return err
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: c.ID, Kind: EventDocumentUploaded, Public: true, Status: c.Status,
			RefID: did, ActorID: v.AccountID, ActorKind: ActorCitizen, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCitizen(ctx, tx, v, "case.citizen.document", c, name); err != nil {
			return err
		}
		if err := s.returnFromDocumentsStatus(ctx, tx, c, v, now); err != nil {
			return err
		}
		l := s.deps.DefaultLang
		return s.mailDepartment(ctx, tx, c, s.ct(l, "cases.citizen.mail.upload.subject", c.Reference),
			s.ct(l, "cases.citizen.mail.upload.text", c.Reference, c.Title.In(l), req.Description, s.link(StaffPath(c.ID))))
	})
}

// openRequest returns the case v may see and its document request id,
// which must still wait for a file and belong to an open case.
func (s *Service) openRequest(ctx context.Context, q db.Querier, v Viewer, id int64) (Case, DocumentRequest, error) {
	c, err := citizenCase(ctx, q, v)
	if err != nil {
		return c, DocumentRequest{}, err
	}
	var r DocumentRequest
	var done sql.NullTime
	var cancelled sql.NullTime
	err = q.QueryRow(ctx, `SELECT id, description, created_at, fulfilled_at, cancelled_at FROM case_document_requests
		WHERE id = ? AND case_id = ?`, id, c.ID).Scan(&r.ID, &r.Description, &r.CreatedAt, &done, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return c, r, notFound()
	}
	if err != nil {
		return c, r, fmt.Errorf("load document request: %w", err)
	}
	r.CaseID, r.FulfilledAt, r.CancelledAt = c.ID, fromNull(done), fromNull(cancelled)
	switch {
	case c.Erased():
		return c, r, errs.E(errs.Conflict, "cases.citizen.erased.title")
	case c.Closed():
		return c, r, errs.E(errs.Conflict, "cases.citizen.requests.closed")
	case r.Fulfilled():
		return c, r, errs.E(errs.Conflict, "cases.citizen.requests.already")
	case r.Cancelled():
		return c, r, errs.E(errs.Conflict, "cases.citizen.requests.cancelled")
	}
	return c, r, nil
}

// onField puts an error without fields (a refused file, a conflict) on
// field, so the page shows it next to the control; NotFound and internal
// errors stay as they are.
func onField(field string, err error) error {
	e := errs.As(err)
	switch e.Code {
	case errs.Invalid, errs.TooLarge, errs.Conflict:
	default:
		return err
	}
	if len(e.Fields) > 0 {
		return err
	}
	return &errs.Error{Code: e.Code, Key: e.Key, Args: e.Args, Err: err,
		Fields: []errs.FieldError{{Field: field, Key: e.Key, Args: e.Args}}}
}

// mailDepartment tells the case's department about the citizen's change:
// to the department's address, or to the assignee when it has none.
// Mails carry no personal data, only the reference and a link.
func (s *Service) mailDepartment(ctx context.Context, q db.Querier, c Case, subject, text string) error {
	var to string
	err := q.QueryRow(ctx, `SELECT COALESCE(NULLIF(d.email, ''), u.email, '') FROM cases c
		JOIN departments d ON d.id = c.department_id LEFT JOIN users u ON u.id = c.assignee_id
		WHERE c.id = ?`, c.ID).Scan(&to)
	if err != nil {
		return fmt.Errorf("department address: %w", err)
	}
	if to == "" {
		s.deps.Logger.Warn("cases: department has no e-mail address; citizen's change not mailed", "case", c.Reference)
		return nil
	}
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{To: to, Subject: subject, Text: s.signedForStaff(ctx, s.deps.DefaultLang, text)})
}

// CitizenFile opens file docID of the case v may see; the caller closes
// the reader. Files of another case, and all files once erased, are not
// found.
func (s *Service) CitizenFile(ctx context.Context, v Viewer, docID int64) (Document, io.ReadCloser, error) {
	q := db.From(ctx)
	c, err := citizenCase(ctx, q, v)
	if err != nil {
		return Document{}, nil, err
	}
	if c.Erased() || s.deps.Blobs == nil {
		return Document{}, nil, notFound()
	}
	d, err := loadDocument(ctx, q, c.ID, docID)
	if err != nil {
		return d, nil, err
	}
	rc, _, err := s.deps.Blobs.Open(ctx, d.Blob)
	if err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return d, nil, notFound()
		}
		return d, nil, fmt.Errorf("open case file: %w", err)
	}
	return d, rc, nil
}

// CitizenReceipt returns the case v may see with the files sent with the
// form, for the PDF receipt.
func (s *Service) CitizenReceipt(ctx context.Context, v Viewer) (Case, []Document, error) {
	q := db.From(ctx)
	c, err := citizenCase(ctx, q, v)
	if err != nil || c.Erased() {
		return c, nil, err
	}
	docs, err := listDocuments(ctx, q, c.ID)
	if err != nil {
		return c, nil, err
	}
	var files []Document
	for _, d := range docs {
		if d.Kind == DocAnswer {
			files = append(files, d)
		}
	}
	return c, files, nil
}
