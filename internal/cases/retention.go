package cases

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/jobs"
)

// RetentionKind is the daily job that erases expired personal data.
const RetentionKind = "cases.retention"

// RegisterJobs registers case handling's periodic jobs on r: the daily
// retention run (EraseExpired). Overdue marks need no job: they are derived
// from the deadlines whenever cases are read.
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(RetentionKind, func(ctx context.Context, _ []byte) error {
		n, err := s.EraseExpired(ctx)
		if n > 0 {
			s.deps.Logger.Info("cases: personal data of closed cases erased", "cases", n)
		}
		return err
	})
	r.Every(RetentionKind, 24*time.Hour)
}

// EraseExpired erases the personal data of every case closed longer than
// its retention_days ago (the form's retention period) and returns how
// many it erased. Each case is one transaction; files are deleted from
// the blob store after it commits, unless other records share them.
func (s *Service) EraseExpired(ctx context.Context) (int, error) {
	now := s.Now()
	type candidate struct {
		id        int64
		closed    time.Time
		retention int
	}
	// Only the small columns of closed, unerased cases: the retention
	// period differs per form, so the cut-off is applied here.
	rows, err := db.From(ctx).Query(ctx, `SELECT id, closed_at, retention_days FROM cases
		WHERE erased_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ? ORDER BY closed_at`, now)
	if err != nil {
		return 0, fmt.Errorf("find expired cases: %w", err)
	}
	var due []int64
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.closed, &c.retention); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan expired case: %w", err)
		}
		if !c.closed.UTC().AddDate(0, 0, max(c.retention, 0)).After(now) {
			due = append(due, c.id)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range due {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := s.Erase(ctx, id, SystemActor); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Erase removes the personal data of case id: applicant, answers, summary,
// messages, files and document requests, and the texts of the timeline.
// The case keeps its reference, form, service, department, status and
// dates, for statistics.
func (s *Service) Erase(ctx context.Context, id int64, actor Actor) error {
	now := s.Now()
	var blobs []string
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
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
			return nil
		}
		docs, err := listDocuments(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, d := range docs {
			blobs = append(blobs, d.Blob)
		}
		// account_id and access_hash stay (cases-citizen): they hold nothing
		// about the person themselves, and they let the citizen open the
		// case and read that the data was deleted instead of meeting a 404.
		if _, err := tx.Exec(ctx, `UPDATE cases SET applicant_name = '', search_name = '', applicant_email = '',
			answers = '{}', summary = '{}', pause_reason = '', erased_at = ?, updated_at = ?
			WHERE id = ?`, now, now, id); err != nil {
			return fmt.Errorf("erase case %d: %w", id, err)
		}
		for _, q := range []string{
			"UPDATE case_events SET public_note = '', internal_note = '' WHERE case_id = ?",
			"DELETE FROM case_messages WHERE case_id = ?",
			"DELETE FROM case_documents WHERE case_id = ?",
			"DELETE FROM case_document_requests WHERE case_id = ?",
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return fmt.Errorf("erase case %d: %w", id, err)
			}
		}
		if _, err := insertEvent(ctx, tx, Event{CaseID: id, Kind: EventErased, Public: true, Status: c.Status,
			ActorID: actor.UserID, ActorKind: actorKindOf(actor), CreatedAt: now}); err != nil {
			return err
		}
		e := audit.By(actor.UserID, actor.IP).Did("case.erase", "case", strconv.FormatInt(id, 10))
		e.Detail = c.Reference
		return s.deps.Audit.Record(ctx, tx, e)
	})
	if err != nil {
		return err
	}
	s.deleteBlobs(ctx, blobs)
	return nil
}

func actorKindOf(a Actor) string {
	if a.System {
		return ActorSystem
	}
	return ActorStaff
}

// deleteBlobs removes files no record refers to any more. Equal content
// shares a key, so a key still used by another case (or, through
// BlobInUse, by a form draft) stays. A failure is logged: the data is
// already unreachable, and a later run of an orphan sweep may retry.
func (s *Service) deleteBlobs(ctx context.Context, keys []string) {
	if s.deps.Blobs == nil {
		return
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		var n int
		if err := db.From(ctx).QueryRow(ctx, "SELECT COUNT(*) FROM case_documents WHERE blob = ?", k).Scan(&n); err != nil {
			s.deps.Logger.Warn("cases: check file before erasing", "err", err)
			continue
		}
		if n > 0 {
			continue
		}
		if s.deps.BlobInUse != nil {
			used, err := s.deps.BlobInUse(ctx, k)
			if err != nil || used {
				continue
			}
		}
		if err := s.deps.Blobs.Delete(ctx, k); err != nil {
			s.deps.Logger.Warn("cases: erase file", "err", err)
		}
	}
}
