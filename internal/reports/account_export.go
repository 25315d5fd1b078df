package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/open311"
)

// AccountReport is one report in a citizen's data export (DSGVO Art. 15
// and 20): what its reporter sees on the manage page. Photos are counted,
// not included; staff's internal notes are their working records and left
// out (Art. 15 Abs. 4 DSGVO: the rights of others).
type AccountReport struct {
	Ref         string          `json:"ref"`
	Category    string          `json:"category"`
	Status      Status          `json:"status"`
	Address     string          `json:"address,omitempty"`
	Lat         *float64        `json:"lat,omitempty"`
	Lon         *float64        `json:"lon,omitempty"`
	Description string          `json:"description"`
	Answers     open311.Answers `json:"answers,omitempty"`
	Name        string          `json:"reporter_name"`
	Email       string          `json:"reporter_email"`
	Photos      int             `json:"photos"`
	CreatedAt   time.Time       `json:"created_at"`
	ClosedAt    *time.Time      `json:"closed_at,omitempty"`
	Updates     []AccountUpdate `json:"updates"`
}

// AccountUpdate is a public step of the report's history, or the
// reporter's own comment.
type AccountUpdate struct {
	Kind       EventKind `json:"kind"`
	FromStatus Status    `json:"from_status,omitempty"`
	ToStatus   Status    `json:"to_status,omitempty"`
	Note       string    `json:"note,omitempty"`
	Comment    string    `json:"comment,omitempty"`
	At         time.Time `json:"at"`
}

// AccountExport returns the reports filed with the account's address,
// oldest first, and audits each as read by the account from ip. Reports
// are not tied to accounts, only to the address typed in: so only a
// confirmed address finds them (else anyone could register someone
// else's address and read that person's reports), and an empty one none.
func (s *Service) AccountExport(ctx context.Context, account int64, email string, verified bool, ip string) ([]AccountReport, error) {
	out := []AccountReport{}
	if !verified || email == "" {
		return out, nil
	}
	q := db.From(ctx)
	ids, err := db.Column[int64](ctx, q, "SELECT id FROM reports WHERE reporter_email = ? ORDER BY created_at, id", email)
	if err != nil {
		return nil, fmt.Errorf("list reports of address: %w", err)
	}
	for _, id := range ids {
		r, err := loadReport(ctx, q, "r.id", id)
		if err != nil {
			return nil, err
		}
		events, err := loadEvents(ctx, q, id, false)
		if err != nil {
			return nil, err
		}
		ar := AccountReport{Ref: r.Ref, Category: r.CategoryName.In(r.Lang), Status: r.Status, Address: r.Address,
			Description: r.Description, Answers: r.Answers, Name: r.Reporter.Name, Email: r.Reporter.Email,
			Photos: len(r.Photos), CreatedAt: r.CreatedAt, Updates: []AccountUpdate{}}
		if r.Location != nil {
			ar.Lat, ar.Lon = &r.Location.Lat, &r.Location.Lon
		}
		if !r.ClosedAt.IsZero() {
			ar.ClosedAt = &r.ClosedAt
		}
		for _, e := range events {
			// As on the manage page: the public history and the reporter's own words.
			if !e.Public && e.By != ByReporter {
				continue
			}
			ar.Updates = append(ar.Updates, AccountUpdate{Kind: e.Kind, FromStatus: e.FromStatus, ToStatus: e.ToStatus,
				Note: e.PublicNote, Comment: e.Comment, At: e.At})
		}
		e := audit.By(account, ip).Did("report.account_export", "report", strconv.FormatInt(id, 10))
		e.Detail = r.Ref
		if err := s.deps.Audit.Record(ctx, q, e); err != nil {
			return nil, err
		}
		out = append(out, ar)
	}
	return out, nil
}
