package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

func subscribers(ctx context.Context, q db.Querier, reportID int64, confirmedOnly bool) ([]Subscriber, error) {
	query := "SELECT id, report_id, email, lang, confirmed, created_at, token FROM report_subscribers WHERE report_id = ?"
	if confirmedOnly {
		query += " AND confirmed = TRUE"
	}
	rows, err := q.Query(ctx, query+" ORDER BY id", reportID)
	if err != nil {
		return nil, fmt.Errorf("load subscribers: %w", err)
	}
	defer rows.Close()
	var out []Subscriber
	for rows.Next() {
		var s Subscriber
		if err := rows.Scan(&s.ID, &s.ReportID, &s.Email, &s.Lang, &s.Confirmed, &s.CreatedAt, &s.token); err != nil {
			return nil, err
		}
		s.CreatedAt = s.CreatedAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// addSubscriber subscribes email to a report, or finds its subscription.
// It returns the subscription's token and whether it is new. confirmed
// marks addresses that need no confirmation (a merged report's reporter).
func addSubscriber(ctx context.Context, q db.Querier, reportID int64, email, lang string, confirmed bool, now time.Time) (string, bool, error) {
	var token string
	var isConfirmed bool
	err := q.QueryRow(ctx, "SELECT token, confirmed FROM report_subscribers WHERE report_id = ? AND email = ?", reportID, email).
		Scan(&token, &isConfirmed)
	if err == nil {
		if confirmed && !isConfirmed {
			if _, err := q.Exec(ctx, "UPDATE report_subscribers SET confirmed = TRUE WHERE report_id = ? AND email = ?", reportID, email); err != nil {
				return "", false, fmt.Errorf("confirm subscriber: %w", err)
			}
		}
		return token, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, fmt.Errorf("find subscriber: %w", err)
	}
	token = auth.NewToken()
	if _, err := q.Exec(ctx, `INSERT INTO report_subscribers (report_id, email, lang, token, confirmed, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, reportID, email, lang, token, confirmed, now); err != nil {
		return "", false, fmt.Errorf("add subscriber: %w", err)
	}
	return token, true, nil
}
