package cases

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Detail is a case with everything around it, as the staff page shows it.
type Detail struct {
	Case
	Events    []Event
	Messages  []Message
	Requests  []DocumentRequest
	Documents []Document
}

// Member is a staff member of a department, for the assign list.
type Member struct {
	ID   int64
	Name string
}

// StaffCase returns case id if actor may work on it; another department's
// case is not found. It records no view: use StaffView for the page.
func (s *Service) StaffCase(ctx context.Context, id int64, actor Actor) (Case, error) {
	c, err := loadCase(ctx, db.From(ctx), "c.id", id)
	if err != nil {
		return c, err
	}
	if !actor.MayWork(c.DepartmentID) {
		return Case{}, notFound()
	}
	return c, nil
}

// StaffView returns case id with its timeline, messages, requests and
// files for actor, records the view of personal data in the audit log and
// marks the citizen's messages read, in one transaction.
func (s *Service) StaffView(ctx context.Context, id int64, actor Actor) (Detail, error) {
	var d Detail
	now := s.Now()
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		c, err := loadCase(ctx, tx, "c.id", id)
		if err != nil {
			return err
		}
		if !actor.MayWork(c.DepartmentID) {
			return notFound()
		}
		d.Case = c
		if d.Events, err = listEvents(ctx, tx, id, false); err != nil {
			return err
		}
		if d.Messages, err = listMessages(ctx, tx, id); err != nil {
			return err
		}
		if d.Requests, err = listRequests(ctx, tx, id); err != nil {
			return err
		}
		if d.Documents, err = listDocuments(ctx, tx, id); err != nil {
			return err
		}
		for _, m := range d.Messages {
			if !m.FromStaff && m.ReadAt.IsZero() {
				if _, err := tx.Exec(ctx, `UPDATE case_messages SET read_at = ? WHERE case_id = ? AND from_staff = FALSE
					AND read_at IS NULL`, now, id); err != nil {
					return fmt.Errorf("mark messages read: %w", err)
				}
				break
			}
		}
		if c.Erased() {
			return nil // nothing personal left to see
		}
		return s.deps.Audit.Record(ctx, tx, audit.By(actor.UserID, actor.IP).Did("case.view", "case", strconv.FormatInt(id, 10)))
	})
	return d, err
}

// StaffFile opens file docID of case caseID for actor and records the view;
// the caller closes the reader.
func (s *Service) StaffFile(ctx context.Context, caseID, docID int64, actor Actor) (Document, io.ReadCloser, error) {
	c, err := s.StaffCase(ctx, caseID, actor)
	if err != nil {
		return Document{}, nil, err
	}
	d, err := loadDocument(ctx, db.From(ctx), c.ID, docID)
	if err != nil {
		return d, nil, err
	}
	if s.deps.Blobs == nil || d.Blob == "" {
		return d, nil, notFound()
	}
	rc, _, err := s.deps.Blobs.Open(ctx, d.Blob)
	if err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return d, nil, notFound()
		}
		return d, nil, fmt.Errorf("open case file: %w", err)
	}
	e := audit.By(actor.UserID, actor.IP).Did("case.file.view", "case", strconv.FormatInt(c.ID, 10))
	e.Detail = c.Reference + ": " + d.Name
	if err := s.deps.Audit.Record(ctx, db.From(ctx), e); err != nil {
		rc.Close()
		return d, nil, err
	}
	return d, rc, nil
}

// Members lists the active staff of department dept by name.
func (s *Service) Members(ctx context.Context, dept int64) ([]Member, error) {
	rows, err := db.From(ctx).Query(ctx, `SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.department_id = ? AND u.disabled = FALSE AND u.role <> 'citizen' ORDER BY u.name, u.id`, dept)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var email string
		if err := rows.Scan(&m.ID, &m.Name, &email); err != nil {
			return nil, fmt.Errorf("scan member: %w", err)
		}
		if m.Name == "" {
			m.Name = email
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
