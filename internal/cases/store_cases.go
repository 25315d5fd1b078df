package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// caseColumns are read for every full case; caseFrom joins the names shown
// with it.
const caseColumns = `c.id, c.reference, c.form_id, c.form_version, c.service, c.title_de, c.title_en,
	c.department_id, COALESCE(d.name, ''), c.account_id, c.applicant_name, c.applicant_email, c.lang,
	c.answers, c.summary, c.statuses, c.status, c.assignee_id, COALESCE(u.name, ''),
	c.due_at, c.paused_at, c.pause_reason, c.paused_days, c.created_at, c.updated_at, c.closed_at,
	c.retention_days, c.erased_at`

const caseFrom = ` FROM cases c
	LEFT JOIN departments d ON d.id = c.department_id
	LEFT JOIN users u ON u.id = c.assignee_id`

func scanCase(row interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var account, assignee sql.NullInt64
	var answers, summary, statuses string
	var due, paused, closed, erased sql.NullTime
	var title Text = Text{}
	var de, en string
	err := row.Scan(&c.ID, &c.Reference, &c.FormID, &c.FormVersion, &c.Service, &de, &en,
		&c.DepartmentID, &c.DepartmentName, &account, &c.ApplicantName, &c.ApplicantEmail, &c.Lang,
		&answers, &summary, &statuses, &c.Status, &assignee, &c.AssigneeName,
		&due, &paused, &c.PauseReason, &c.PausedDays, &c.CreatedAt, &c.UpdatedAt, &closed,
		&c.RetentionDays, &erased)
	if err != nil {
		return c, err
	}
	title["de"], title["en"] = de, en
	c.Title = title
	c.AccountID, c.AssigneeID = account.Int64, assignee.Int64
	c.DueAt, c.PausedAt, c.ClosedAt, c.ErasedAt = fromNull(due), fromNull(paused), fromNull(closed), fromNull(erased)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := unmarshalColumn(answers, &c.Answers); err != nil {
		return c, fmt.Errorf("case %s: answers: %w", c.Reference, err)
	}
	if err := unmarshalColumn(summary, &c.Summary); err != nil {
		return c, fmt.Errorf("case %s: summary: %w", c.Reference, err)
	}
	if err := unmarshalColumn(statuses, &c.Statuses); err != nil {
		return c, fmt.Errorf("case %s: statuses: %w", c.Reference, err)
	}
	return c, nil
}

func unmarshalColumn(s string, into any) error {
	if s == "" || s == "null" {
		return nil
	}
	return json.Unmarshal([]byte(s), into)
}

func marshalColumn(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func notFound() error { return errs.E(errs.NotFound, "error.not_found") }

// loadCase reads one case by a unique column ("c.id", "c.reference",
// "c.access_hash").
func loadCase(ctx context.Context, q db.Querier, where string, arg any) (Case, error) {
	c, err := scanCase(q.QueryRow(ctx, "SELECT "+caseColumns+caseFrom+" WHERE "+where+" = ?", arg))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound()
	}
	if err != nil {
		return c, fmt.Errorf("load case: %w", err)
	}
	return c, nil
}

// lockCase takes the row lock of case id for the rest of tx on PostgreSQL,
// so two staff members changing one case one after the other each see the
// other's change. SQLite's single writer already serialises writes.
func lockCase(ctx context.Context, tx *db.Tx, id int64) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT id FROM cases WHERE id = ? FOR UPDATE", id); err != nil {
		return fmt.Errorf("lock case: %w", err)
	}
	return nil
}

// insertEvent appends e to its case's timeline and returns its id.
func insertEvent(ctx context.Context, q db.Querier, e Event) (int64, error) {
	if e.ActorKind == "" {
		e.ActorKind = ActorSystem
	}
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO case_events (case_id, kind, public, from_status, status, public_note,
		internal_note, actor_id, actor_kind, ref_id, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.CaseID, e.Kind, e.Public, e.FromStatus, e.Status, e.PublicNote, e.InternalNote, nullID(e.ActorID),
		e.ActorKind, nullID(e.RefID), nullTime(e.DueAt), dbTime(e.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert case event %s: %w", e.Kind, err)
	}
	return id, nil
}

// listEvents returns the timeline of case id, oldest first; publicOnly leaves
// out what the citizen must not see (and blanks internal notes).
func listEvents(ctx context.Context, q db.Querier, id int64, publicOnly bool) ([]Event, error) {
	where := "e.case_id = ?"
	if publicOnly {
		where += " AND e.public = TRUE"
	}
	rows, err := q.Query(ctx, `SELECT e.id, e.case_id, e.kind, e.public, e.from_status, e.status, e.public_note,
		e.internal_note, e.actor_id, COALESCE(u.name, ''), e.actor_kind, e.ref_id, e.due_at, e.created_at
		FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE `+where+` ORDER BY e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("list case events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var actor, ref sql.NullInt64
		var due sql.NullTime
		if err := rows.Scan(&e.ID, &e.CaseID, &e.Kind, &e.Public, &e.FromStatus, &e.Status, &e.PublicNote,
			&e.InternalNote, &actor, &e.ActorName, &e.ActorKind, &ref, &due, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan case event: %w", err)
		}
		e.ActorID, e.RefID, e.DueAt, e.CreatedAt = actor.Int64, ref.Int64, fromNull(due), e.CreatedAt.UTC()
		if publicOnly {
			e.InternalNote = ""
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// listMessages returns the messages of case id, oldest first.
func listMessages(ctx context.Context, q db.Querier, id int64) ([]Message, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.case_id, m.from_staff, m.author_id, COALESCE(u.name, ''), m.body,
		m.created_at, m.read_at FROM case_messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.case_id = ? ORDER BY m.id`, id)
	if err != nil {
		return nil, fmt.Errorf("list case messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var author sql.NullInt64
		var read sql.NullTime
		if err := rows.Scan(&m.ID, &m.CaseID, &m.FromStaff, &author, &m.AuthorName, &m.Body, &m.CreatedAt, &read); err != nil {
			return nil, fmt.Errorf("scan case message: %w", err)
		}
		m.AuthorID, m.ReadAt, m.CreatedAt = author.Int64, fromNull(read), m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// insertMessage stores a message and returns its id.
func insertMessage(ctx context.Context, q db.Querier, m Message) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO case_messages (case_id, from_staff, author_id, body, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, m.CaseID, m.FromStaff, nullID(m.AuthorID), m.Body, dbTime(m.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert case message: %w", err)
	}
	return id, nil
}

// listRequests returns the document requests of case id, oldest first.
func listRequests(ctx context.Context, q db.Querier, id int64) ([]DocumentRequest, error) {
	rows, err := q.Query(ctx, `SELECT id, case_id, description, requested_by, created_at, fulfilled_at, cancelled_at
		FROM case_document_requests WHERE case_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("list document requests: %w", err)
	}
	defer rows.Close()
	var out []DocumentRequest
	for rows.Next() {
		var r DocumentRequest
		var by sql.NullInt64
		var done, cancelled sql.NullTime
		if err := rows.Scan(&r.ID, &r.CaseID, &r.Description, &by, &r.CreatedAt, &done, &cancelled); err != nil {
			return nil, fmt.Errorf("scan document request: %w", err)
		}
		r.RequestedBy, r.FulfilledAt, r.CancelledAt, r.CreatedAt = by.Int64, fromNull(done), fromNull(cancelled), r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

const documentColumns = `id, case_id, kind, field, name, content_type, size, blob, request_id, from_staff, author_id, created_at`

func scanDocument(row interface{ Scan(...any) error }) (Document, error) {
	var d Document
	var req, author sql.NullInt64
	if err := row.Scan(&d.ID, &d.CaseID, &d.Kind, &d.Field, &d.Name, &d.ContentType, &d.Size, &d.Blob, &req,
		&d.FromStaff, &author, &d.CreatedAt); err != nil {
		return d, err
	}
	d.RequestID, d.AuthorID, d.CreatedAt = req.Int64, author.Int64, d.CreatedAt.UTC()
	return d, nil
}

// listDocuments returns the files of case id in upload order.
func listDocuments(ctx context.Context, q db.Querier, id int64) ([]Document, error) {
	rows, err := q.Query(ctx, "SELECT "+documentColumns+" FROM case_documents WHERE case_id = ? ORDER BY id", id)
	out, err := db.Collect(rows, err, scanDocument)
	if err != nil {
		return nil, fmt.Errorf("list case documents: %w", err)
	}
	return out, nil
}

// loadDocument returns file docID of case caseID; another case's file is not
// found.
func loadDocument(ctx context.Context, q db.Querier, caseID, docID int64) (Document, error) {
	d, err := scanDocument(q.QueryRow(ctx, "SELECT "+documentColumns+" FROM case_documents WHERE id = ? AND case_id = ?", docID, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound()
	}
	if err != nil {
		return d, fmt.Errorf("load case document: %w", err)
	}
	return d, nil
}

// insertDocument stores a file record and returns its id.
func insertDocument(ctx context.Context, q db.Querier, d Document) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO case_documents (case_id, kind, field, name, content_type, size, blob,
		request_id, from_staff, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.CaseID, d.Kind, d.Field, d.Name, d.ContentType, d.Size, d.Blob, nullID(d.RequestID), d.FromStaff,
		nullID(d.AuthorID), dbTime(d.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert case document: %w", err)
	}
	return id, nil
}
