package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// maxNearby bounds the duplicate check's answer.
const maxNearby = 20

// Nearby returns open, published reports of the category within metres of
// p (0 means Options.NearbyMetres), nearest first, at most 20, in the
// public view: what the citizen sees before sending, to support instead of
// duplicating.
func (s *Service) Nearby(ctx context.Context, categoryCode string, p geo.Point, metres float64) ([]Nearby, error) {
	if metres <= 0 {
		metres = s.opts.NearbyMetres
	}
	if !p.Valid() {
		return nil, nil
	}
	page, err := s.List(ctx, Filter{Categories: []string{categoryCode}, OpenOnly: true, Near: &p, Radius: metres, PageSize: MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []Nearby
	for _, r := range page.Reports {
		if m := geo.Distance(p, *r.Location); m <= metres {
			out = append(out, Nearby{Report: r, Metres: m})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Metres < out[j].Metres })
	if len(out) > maxNearby {
		out = out[:maxNearby]
	}
	return out, nil
}

// publishedReport loads a published report for citizens' actions.
func publishedReport(ctx context.Context, q db.Querier, id int64) (Report, error) {
	r, err := loadReport(ctx, q, "r.id", id)
	if err != nil {
		return r, err
	}
	if !r.Published {
		return Report{}, notFound()
	}
	return r, nil
}

// Support counts one "betrifft mich auch" for a published report. With an
// e-mail it also subscribes (see Subscribe); supporting again with an
// address already subscribed counts nothing more. An invalid address is a
// field error on FieldEmail.
func (s *Service) Support(ctx context.Context, reportID int64, email, lang string) error {
	email = auth.NormalizeEmail(email)
	if email != "" && !auth.ValidEmail(email) {
		var f errs.Fields
		f.Add(FieldEmail, "field.email.invalid")
		return f.Err()
	}
	lang = s.lang(lang)
	now := s.now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		r, err := publishedReport(ctx, tx, reportID)
		if err != nil {
			return err
		}
		count := true
		if email != "" {
			token, isNew, err := addSubscriber(ctx, tx, r.ID, email, lang, false, now)
			if err != nil {
				return err
			}
			count = isNew
			if isNew {
				if err := s.mailSubscribe(ctx, tx, r, email, lang, token); err != nil {
					return err
				}
			}
		}
		if !count {
			return nil
		}
		// Supporting is not a change of the report: updated_at stays, so
		// Open311 clients do not sync every click.
		if _, err := tx.Exec(ctx, "UPDATE reports SET supporters = supporters + 1 WHERE id = ?", r.ID); err != nil {
			return fmt.Errorf("support report: %w", err)
		}
		return nil
	})
}

// Subscribe asks to follow a published report by e-mail: it sends a
// confirmation mail (double opt-in) with links to ConfirmPath and
// UnsubscribePath. Status mails go to confirmed subscribers only.
// Subscribing an address again sends the confirmation mail again while it
// is unconfirmed. An invalid address is a field error on FieldEmail.
func (s *Service) Subscribe(ctx context.Context, reportID int64, email, lang string) error {
	email = auth.NormalizeEmail(email)
	if !auth.ValidEmail(email) {
		var f errs.Fields
		if email == "" {
			f.Add(FieldEmail, "field.required")
		} else {
			f.Add(FieldEmail, "field.email.invalid")
		}
		return f.Err()
	}
	lang = s.lang(lang)
	now := s.now()
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		r, err := publishedReport(ctx, tx, reportID)
		if err != nil {
			return err
		}
		token, _, err := addSubscriber(ctx, tx, r.ID, email, lang, false, now)
		if err != nil {
			return err
		}
		var confirmed bool
		if err := tx.QueryRow(ctx, "SELECT confirmed FROM report_subscribers WHERE token = ?", token).Scan(&confirmed); err != nil {
			return fmt.Errorf("subscribe: %w", err)
		}
		if confirmed {
			return nil
		}
		return s.mailSubscribe(ctx, tx, r, email, lang, token)
	})
}

// ConfirmSubscription confirms the subscription of token and returns its
// report's reference; an unknown token is errs.NotFound.
func (s *Service) ConfirmSubscription(ctx context.Context, token string) (string, error) {
	var ref string
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT s.id, r.ref FROM report_subscribers s JOIN reports r ON r.id = s.report_id
			WHERE s.token = ?`, token).Scan(&id, &ref)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return fmt.Errorf("confirm subscription: %w", err)
		}
		_, err = tx.Exec(ctx, "UPDATE report_subscribers SET confirmed = TRUE WHERE id = ?", id)
		return err
	})
	return ref, err
}

// Unsubscribe ends the subscription of token and returns its report's
// reference; an unknown token is errs.NotFound.
func (s *Service) Unsubscribe(ctx context.Context, token string) (string, error) {
	var ref string
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT s.id, r.ref FROM report_subscribers s JOIN reports r ON r.id = s.report_id
			WHERE s.token = ?`, token).Scan(&id, &ref)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		_, err = tx.Exec(ctx, "DELETE FROM report_subscribers WHERE id = ?", id)
		return err
	})
	return ref, err
}
