package cases

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Limits of staff input in characters.
const (
	MaxNote        = 4000
	MaxMessage     = 5000
	MaxDescription = 1000
	MaxReason      = 1000
)

// staffChange runs fn in one transaction on case id after checking that
// actor may work on it. Another department's case does not exist for the
// actor (404, so references cannot be probed); an erased case takes no
// changes.
func (s *Service) staffChange(ctx context.Context, id int64, actor Actor, fn func(tx *db.Tx, c Case, now time.Time) error) error {
	now := s.Now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		if err := lockCase(ctx, tx, id); err != nil {
			return err
		}
		c, err := loadCase(ctx, tx, "c.id", id)
		if err != nil {
			return err
		}
		if !actor.MayWork(c.DepartmentID) {
			return notFound()
		}
		if c.Erased() {
			return errs.E(errs.Conflict, "cases.erased")
		}
		if err := fn(tx, c, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET updated_at = ? WHERE id = ?", now, id); err != nil {
			return fmt.Errorf("touch case: %w", err)
		}
		return nil
	})
}

// auditCase records a staff change of case c in tx.
func (s *Service) auditCase(ctx context.Context, q db.Querier, actor Actor, action string, c Case, detail string) error {
	e := audit.By(actor.UserID, actor.IP).Did(action, "case", strconv.FormatInt(c.ID, 10))
	e.Detail = c.Reference
	if detail != "" {
		e.Detail += ": " + detail
	}
	return s.deps.Audit.Record(ctx, q, e)
}

// Claim makes the actor the case's assignee.
func (s *Service) Claim(ctx context.Context, id int64, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		if c.AssigneeID == actor.UserID {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET assignee_id = ? WHERE id = ?", actor.UserID, id); err != nil {
			return fmt.Errorf("claim case: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventClaimed, ActorID: actor.UserID, ActorKind: ActorStaff,
			RefID: actor.UserID, CreatedAt: now}); err != nil {
			return err
		}
		return s.auditCase(ctx, tx, actor, "case.claim", c, "")
	})
}

// Assign gives the case to a member of its department; 0 unassigns it.
// Anyone else is a field error on "assignee".
func (s *Service) Assign(ctx context.Context, id, userID int64, actor Actor) error {
	return s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		if userID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.user_id = ? AND m.department_id = ? AND u.disabled = FALSE AND u.role <> 'citizen'`, userID, c.DepartmentID).Scan(&n); err != nil {
				return fmt.Errorf("check assignee: %w", err)
			}
			if n == 0 {
				var f errs.Fields
				f.Add("assignee", "cases.assignee.not_member")
				return f.Err()
			}
		}
		if c.AssigneeID == userID {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET assignee_id = ? WHERE id = ?", nullID(userID), id); err != nil {
			return fmt.Errorf("assign case: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventAssigned, ActorID: actor.UserID, ActorKind: ActorStaff,
			RefID: userID, CreatedAt: now}); err != nil {
			return err
		}
		return s.auditCase(ctx, tx, actor, "case.assign", c, "user "+strconv.FormatInt(userID, 10))
	})
}

// StatusChange is a new status with its notes. The public note is shown to
// the citizen and mailed; the internal note never leaves the department.
type StatusChange struct {
	Status       string
	PublicNote   string
	InternalNote string
}

// SetStatus moves the case to one of its form's statuses (any order; the
// list is ordered for the people choosing). A closing status closes the
// case (closed_at, retention starts); leaving it reopens the case. The same
// status with notes only records the notes. The citizen is mailed on a
// new status or a public note.
func (s *Service) SetStatus(ctx context.Context, id int64, ch StatusChange, actor Actor) error {
	_, _, err := s.setStatus(ctx, id, ch, actor)
	return err
}

// setStatus is SetStatus, saying whom it told and whether the status
// changed (else it recorded notes only).
func (s *Service) setStatus(ctx context.Context, id int64, ch StatusChange, actor Actor) (told Told, changed bool, err error) {
	public, internal := web.CleanText(ch.PublicNote, true), web.CleanText(ch.InternalNote, true)
	var f errs.Fields
	if tooLong(public, MaxNote) {
		f.Add("public_note", "field.too_long", MaxNote)
	}
	if tooLong(internal, MaxNote) {
		f.Add("internal_note", "field.too_long", MaxNote)
	}
	if err := f.Err(); err != nil {
		return told, false, err
	}
	err = s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		st, ok := c.StatusOf(ch.Status)
		if !ok {
			f.Add("status", "field.choice.invalid")
			return f.Err()
		}
		if st.Closing && st.Key != c.Status && public == "" {
			// The citizen reads why their case ends (above all on a
			// refusal); a deliberate reason also guards against a slip in
			// the select.
			f.Add("public_note", "cases.status.note_required")
			return f.Err()
		}
		if st.Key == c.Status {
			if public == "" && internal == "" {
				f.Add("status", "cases.status.unchanged")
				return f.Err()
			}
			kind, pub := EventNote, false
			if public != "" {
				kind, pub = EventStatus, true
			}
			if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: kind, Public: pub, FromStatus: c.Status, Status: c.Status,
				PublicNote: public, InternalNote: internal, ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
				return err
			}
			if err := s.auditCase(ctx, tx, actor, "case.note", c, ""); err != nil {
				return err
			}
			if public == "" {
				return nil
			}
			told = toldOf(c)
			return s.mailStatus(ctx, tx, c, actor, public, false)
		}
		closed, paused := nullTime(c.ClosedAt), nullTime(c.PausedAt)
		reason := c.PauseReason
		switch {
		case st.Closing && !c.Closed():
			// A closed case waits for nothing: the pause ends without
			// moving a deadline that no longer matters.
			closed, paused, reason = nullTime(now), nullTime(time.Time{}), ""
		case !st.Closing:
			closed = nullTime(time.Time{})
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET status = ?, closed_at = ?, paused_at = ?, pause_reason = ? WHERE id = ?",
			st.Key, closed, paused, reason, id); err != nil {
			return fmt.Errorf("set case status: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventStatus, Public: true, FromStatus: c.Status, Status: st.Key,
			PublicNote: public, InternalNote: internal, ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCase(ctx, tx, actor, "case.status", c, c.Status+" → "+st.Key); err != nil {
			return err
		}
		c.Status, c.ClosedAt = st.Key, fromNull(closed)
		withdrawn := 0
		if st.Closing {
			var err error
			if withdrawn, err = s.cancelOpenRequests(ctx, tx, c, actor, now); err != nil {
				return err
			}
		}
		told, changed = toldOf(c), true
		return s.mailStatus(ctx, tx, c, actor, public, withdrawn > 0)
	})
	return told, changed, err
}

// Pause stops the deadline while the department waits (for the citizen, a
// statement of another office); reason is required and shown to the
// citizen. A paused or closed case cannot be paused.
func (s *Service) Pause(ctx context.Context, id int64, reason string, actor Actor) error {
	_, err := s.pause(ctx, id, reason, actor)
	return err
}

// pause is Pause, saying whom it told.
func (s *Service) pause(ctx context.Context, id int64, reason string, actor Actor) (Told, error) {
	told := ToldNobody
	reason = web.CleanText(reason, true)
	var f errs.Fields
	switch {
	case reason == "":
		f.Add("reason", "cases.pause.reason_required")
	case tooLong(reason, MaxReason):
		f.Add("reason", "field.too_long", MaxReason)
	}
	if err := f.Err(); err != nil {
		return told, err
	}
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		switch {
		case c.Closed():
			return errs.E(errs.Conflict, "cases.pause.closed")
		case c.Paused():
			return errs.E(errs.Conflict, "cases.pause.already")
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET paused_at = ?, pause_reason = ? WHERE id = ?", now, reason, id); err != nil {
			return fmt.Errorf("pause case: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventPaused, Public: true, Status: c.Status, PublicNote: reason,
			ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCase(ctx, tx, actor, "case.pause", c, ""); err != nil {
			return err
		}
		told = toldOf(c)
		return s.mailPaused(ctx, tx, c, actor, reason)
	})
	return told, err
}

// Resumed is what resuming did to the deadline, for the staff's notice.
type Resumed struct {
	// Days is how many working days the deadline moved: 0 when the pause
	// held no working day (it began today, or over a weekend).
	Days int
	// DueAt is the deadline now; zero for a case without one.
	DueAt time.Time
}

// Resume restarts the deadline of a paused case: it moves by the working
// days the case was paused (WorkdaysBetween: the days after the pause's
// day up to and including today), which add up in paused_days.
func (s *Service) Resume(ctx context.Context, id int64, actor Actor) (Resumed, error) {
	var out Resumed
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		if !c.Paused() {
			return errs.E(errs.Conflict, "cases.resume.not_paused")
		}
		cal := s.calendar(ctx)
		n := max(cal.WorkdaysBetween(c.PausedAt, now), 0)
		due := c.DueAt
		if !due.IsZero() {
			due = dbTime(cal.AddWorkdays(due, n))
		}
		if _, err := tx.Exec(ctx, "UPDATE cases SET paused_at = NULL, pause_reason = '', paused_days = paused_days + ?, due_at = ? WHERE id = ?",
			n, nullTime(due), id); err != nil {
			return fmt.Errorf("resume case: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventResumed, Public: true, Status: c.Status, DueAt: due,
			ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		out = Resumed{Days: n, DueAt: due}
		return s.auditCase(ctx, tx, actor, "case.resume", c, strconv.Itoa(n)+" working days")
	})
	if err != nil {
		return Resumed{}, err
	}
	return out, nil
}

// SendMessage writes a message to the citizen and mails them that there is
// one (without its text).
func (s *Service) SendMessage(ctx context.Context, id int64, body string, actor Actor) error {
	_, err := s.sendMessage(ctx, id, body, actor)
	return err
}

// sendMessage is SendMessage, saying whom it told.
func (s *Service) sendMessage(ctx context.Context, id int64, body string, actor Actor) (Told, error) {
	told := ToldNobody
	body = web.CleanText(body, true)
	var f errs.Fields
	switch {
	case body == "":
		f.Add("body", "cases.message.required")
	case tooLong(body, MaxMessage):
		f.Add("body", "field.too_long", MaxMessage)
	}
	if err := f.Err(); err != nil {
		return told, err
	}
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		mid, err := insertMessage(ctx, tx, Message{CaseID: id, FromStaff: true, AuthorID: actor.UserID, Body: body, CreatedAt: now})
		if err != nil {
			return err
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventMessage, Public: true, Status: c.Status, RefID: mid,
			ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCase(ctx, tx, actor, "case.message", c, ""); err != nil {
			return err
		}
		told = toldOf(c)
		return s.mailNotice(ctx, tx, c, actor, noticeMessage)
	})
	return told, err
}

// RequestDocument asks the citizen for a document described in
// description; they upload it on their case page.
func (s *Service) RequestDocument(ctx context.Context, id int64, description string, actor Actor) error {
	_, err := s.requestDocument(ctx, id, description, actor)
	return err
}

// requestDocument is RequestDocument, saying whom it told.
func (s *Service) requestDocument(ctx context.Context, id int64, description string, actor Actor) (Told, error) {
	told := ToldNobody
	description = web.CleanText(description, true)
	var f errs.Fields
	switch {
	case description == "":
		f.Add("description", "cases.request.required")
	case tooLong(description, MaxDescription):
		f.Add("description", "field.too_long", MaxDescription)
	}
	if err := f.Err(); err != nil {
		return told, err
	}
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		if c.Closed() {
			return errs.E(errs.Conflict, "cases.request.closed")
		}
		if err := s.moveToDocumentsStatus(ctx, tx, &c, actor, now); err != nil {
			return err
		}
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO case_document_requests (case_id, description, requested_by, created_at)
			VALUES (?, ?, ?, ?) RETURNING id`, id, description, nullID(actor.UserID), now).Scan(&rid); err != nil {
			return fmt.Errorf("insert document request: %w", err)
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventDocumentRequested, Public: true, Status: c.Status,
			PublicNote: description, RefID: rid, ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCase(ctx, tx, actor, "case.request_document", c, ""); err != nil {
			return err
		}
		told = toldOf(c)
		return s.mailNotice(ctx, tx, c, actor, noticeRequest)
	})
	return told, err
}

// DecisionFile is the decision document, already in the blob store.
type DecisionFile struct {
	Name        string
	ContentType string
	Size        int64
	Blob        string
}

// AttachDecision adds the decision document (Bescheid) to the case; the
// citizen sees and downloads it on their case page and gets a mail.
func (s *Service) AttachDecision(ctx context.Context, id int64, file DecisionFile, actor Actor) error {
	_, err := s.attachDecision(ctx, id, file, actor)
	return err
}

// attachDecision is AttachDecision, saying whom it told.
func (s *Service) attachDecision(ctx context.Context, id int64, file DecisionFile, actor Actor) (Told, error) {
	told := ToldNobody
	name := cleanFileName(file.Name)
	if file.Blob == "" || file.Size <= 0 {
		var f errs.Fields
		f.Add("file", "field.required")
		return told, f.Err()
	}
	err := s.staffChange(ctx, id, actor, func(tx *db.Tx, c Case, now time.Time) error {
		did, err := insertDocument(ctx, tx, Document{CaseID: id, Kind: DocDecision, Name: name, ContentType: file.ContentType,
			Size: file.Size, Blob: file.Blob, FromStaff: true, AuthorID: actor.UserID, CreatedAt: now})
		if err != nil {
			return err
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventDecision, Public: true, Status: c.Status, RefID: did,
			ActorID: actor.UserID, ActorKind: ActorStaff, CreatedAt: now}); err != nil {
			return err
		}
		if err := s.auditCase(ctx, tx, actor, "case.decision", c, name); err != nil {
			return err
		}
		told = toldOf(c)
		return s.mailNotice(ctx, tx, c, actor, noticeDecision)
	})
	return told, err
}

// cleanFileName keeps a file name printable, without directories, and
// not empty.
func cleanFileName(name string) string {
	name = web.CleanText(name, false)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	if name == "" || name == "." || name == ".." {
		name = "document"
	}
	return name
}

// tooLong reports whether s has more than max characters.
func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }
