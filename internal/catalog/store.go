package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

const serviceColumns = `s.id, s.slug, s.name_de, s.name_en, s.description_de, s.description_en,
	s.procedure_de, s.procedure_en, s.leika_key, s.for_citizens, s.for_businesses,
	s.documents_de, s.documents_en, s.fees_de, s.fees_en, s.fee_cents, s.legal_basis,
	s.department_id, d.slug, d.name, d.email, s.channel_online, s.channel_appointment, s.channel_in_person,
	s.form_id, s.keywords_de, s.keywords_en, s.published, s.created_at, s.updated_at`

// loadServices reads the services matching where (a condition on s, or
// "TRUE") with their topics and life situations, ordered by German name.
func loadServices(ctx context.Context, q db.Querier, where string, args ...any) ([]*Service, error) {
	rows, err := q.Query(ctx, `SELECT `+serviceColumns+`
		FROM catalog_services s JOIN departments d ON d.id = s.department_id
		WHERE `+where+` ORDER BY s.name_de, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	defer rows.Close()
	var out []*Service
	byID := map[int64]*Service{}
	for rows.Next() {
		s := &Service{}
		var fee sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Slug, &s.Name.DE, &s.Name.EN, &s.Description.DE, &s.Description.EN,
			&s.Procedure.DE, &s.Procedure.EN, &s.LeiKaKey, &s.ForCitizens, &s.ForBusinesses,
			&s.Documents.DE, &s.Documents.EN, &s.Fees.DE, &s.Fees.EN, &fee, &s.LegalBasis,
			&s.Department.ID, &s.Department.Slug, &s.Department.Name, &s.Department.Email, &s.Online, &s.Appointment, &s.InPerson,
			&s.FormID, &s.Keywords.DE, &s.Keywords.EN, &s.Published, &s.CreatedAt, &s.UpdatedAt); err != nil {
			return nil, fmt.Errorf("scan service: %w", err)
		}
		if fee.Valid {
			s.FeeCents = &fee.Int64
		}
		s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
		out = append(out, s)
		byID[s.ID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	// One service: its links only. Many: all links, which is cheaper than
	// a long IN list for a catalog of a few hundred entries.
	linkWhere, linkArgs := "TRUE", []any(nil)
	if len(out) == 1 {
		linkWhere, linkArgs = "l.service_id = ?", []any{out[0].ID}
	}
	for _, k := range []taxonomy{topics, lifeSituations} {
		err := eachLink(ctx, q, k, linkWhere, linkArgs, func(serviceID int64, r Ref) {
			if s := byID[serviceID]; s != nil {
				if k == topics {
					s.Topics = append(s.Topics, r)
				} else {
					s.Life = append(s.Life, r)
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eachLink(ctx context.Context, q db.Querier, k taxonomy, where string, args []any, fn func(int64, Ref)) error {
	rows, err := q.Query(ctx, `SELECT l.service_id, t.id, t.slug, t.name_de, t.name_en
		FROM `+k.links()+` l JOIN `+k.table()+` t ON t.id = l.`+k.column()+`
		WHERE `+where+` ORDER BY t.sort_order, t.name_de`, args...)
	if err != nil {
		return fmt.Errorf("list %s of services: %w", k.table(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Ref
		if err := rows.Scan(&id, &r.ID, &r.Slug, &r.Name.DE, &r.Name.EN); err != nil {
			return err
		}
		fn(id, r)
	}
	return rows.Err()
}

// serviceByID reads one service, published or not.
func serviceByID(ctx context.Context, q db.Querier, id int64) (*Service, error) {
	list, err := loadServices(ctx, q, "s.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	return list[0], nil
}

// insertService stores a new service and returns its id.
func insertService(ctx context.Context, tx *db.Tx, s *Service) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO catalog_services (slug, name_de, name_en, description_de, description_en,
		procedure_de, procedure_en, leika_key, for_citizens, for_businesses, documents_de, documents_en,
		fees_de, fees_en, fee_cents, legal_basis, department_id, channel_online, channel_appointment,
		channel_in_person, form_id, keywords_de, keywords_en, published, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.Slug, s.Name.DE, s.Name.EN, s.Description.DE, s.Description.EN, s.Procedure.DE, s.Procedure.EN,
		s.LeiKaKey, s.ForCitizens, s.ForBusinesses, s.Documents.DE, s.Documents.EN, s.Fees.DE, s.Fees.EN,
		fee(s.FeeCents), s.LegalBasis, s.Department.ID, s.Online, s.Appointment, s.InPerson, s.FormID,
		s.Keywords.DE, s.Keywords.EN, s.Published, s.CreatedAt, s.UpdatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert service: %w", err)
	}
	return id, nil
}

// updateService overwrites a stored service's fields.
func updateService(ctx context.Context, tx *db.Tx, s *Service) error {
	res, err := tx.Exec(ctx, `UPDATE catalog_services SET slug = ?, name_de = ?, name_en = ?,
		description_de = ?, description_en = ?, procedure_de = ?, procedure_en = ?, leika_key = ?,
		for_citizens = ?, for_businesses = ?, documents_de = ?, documents_en = ?, fees_de = ?, fees_en = ?,
		fee_cents = ?, legal_basis = ?, department_id = ?, channel_online = ?, channel_appointment = ?,
		channel_in_person = ?, form_id = ?, keywords_de = ?, keywords_en = ?, published = ?, updated_at = ?
		WHERE id = ?`,
		s.Slug, s.Name.DE, s.Name.EN, s.Description.DE, s.Description.EN, s.Procedure.DE, s.Procedure.EN,
		s.LeiKaKey, s.ForCitizens, s.ForBusinesses, s.Documents.DE, s.Documents.EN, s.Fees.DE, s.Fees.EN,
		fee(s.FeeCents), s.LegalBasis, s.Department.ID, s.Online, s.Appointment, s.InPerson, s.FormID,
		s.Keywords.DE, s.Keywords.EN, s.Published, s.UpdatedAt, s.ID)
	if err != nil {
		return fmt.Errorf("update service: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return nil
}

func fee(c *int64) any {
	if c == nil {
		return nil
	}
	return *c
}

// setLinks replaces a service's topics or life situations.
func setLinks(ctx context.Context, tx *db.Tx, k taxonomy, serviceID int64, refs []Ref) error {
	if _, err := tx.Exec(ctx, "DELETE FROM "+k.links()+" WHERE service_id = ?", serviceID); err != nil {
		return fmt.Errorf("clear %s: %w", k.links(), err)
	}
	for _, r := range refs {
		if _, err := tx.Exec(ctx, "INSERT INTO "+k.links()+" (service_id, "+k.column()+") VALUES (?, ?)", serviceID, r.ID); err != nil {
			return fmt.Errorf("link %s: %w", k.links(), err)
		}
	}
	return nil
}

// bumpVersion marks the catalog as changed, in the transaction of the
// change, so every instance's search index notices.
func bumpVersion(ctx context.Context, tx *db.Tx) error {
	if _, err := tx.Exec(ctx, "UPDATE catalog_state SET version = version + 1 WHERE id = 1"); err != nil {
		return fmt.Errorf("bump catalog version: %w", err)
	}
	return nil
}

// version reads the catalog's change counter.
func version(ctx context.Context, q db.Querier) (int64, error) {
	var v int64
	if err := q.QueryRow(ctx, "SELECT version FROM catalog_state WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("read catalog version: %w", err)
	}
	return v, nil
}

// departmentOf returns the department id as the catalog shows it, or a
// field error when there is no such department.
func departmentOf(ctx context.Context, q db.Querier, id int64) (Department, error) {
	d := Department{ID: id}
	err := q.QueryRow(ctx, "SELECT slug, name, email FROM departments WHERE id = ?", id).Scan(&d.Slug, &d.Name, &d.Email)
	if errors.Is(err, sql.ErrNoRows) {
		var f errs.Fields
		f.Add("department", "field.choice.invalid")
		return d, f.Err()
	}
	return d, err
}

// resolveRefs fills the slugs and names of refs (given by id) from table
// k, or returns a field error naming field for an unknown one.
func resolveRefs(ctx context.Context, q db.Querier, k taxonomy, field string, refs []Ref) ([]Ref, error) {
	out := make([]Ref, 0, len(refs))
	seen := map[int64]bool{}
	for _, r := range refs {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		err := q.QueryRow(ctx, "SELECT slug, name_de, name_en FROM "+k.table()+" WHERE id = ?", r.ID).
			Scan(&r.Slug, &r.Name.DE, &r.Name.EN)
		if errors.Is(err, sql.ErrNoRows) {
			var f errs.Fields
			f.Add(field, "field.choice.invalid")
			return nil, f.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", k.table(), err)
		}
		out = append(out, r)
	}
	return out, nil
}

// slugTaken turns a unique violation into a field error: the slug is the
// only unique column a form sets.
func slugTaken(err error) error {
	if db.IsUniqueViolation(err) {
		var f errs.Fields
		f.Add("slug", "field.slug.taken")
		return f.Err()
	}
	return err
}
