package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

const categoryColumns = `c.id, c.code, c.group_de, c.group_en, c.name_de, c.name_en, c.description_de, c.description_en,
	c.department_id, COALESCE(d.name, ''), c.keywords, c.first_reaction_days, c.closure_days, c.attributes,
	c.not_our_job_de, c.not_our_job_en, c.notify_department, c.active, c.sort_order, c.created_at, c.updated_at`

const categoryFrom = ` FROM report_categories c LEFT JOIN departments d ON d.id = c.department_id`

func scanCategory(row interface{ Scan(...any) error }) (Category, error) {
	var c Category
	var dept sql.NullInt64
	var keywords, attrs string
	err := row.Scan(&c.ID, &c.Code, &c.Group.DE, &c.Group.EN, &c.Name.DE, &c.Name.EN, &c.Description.DE, &c.Description.EN,
		&dept, &c.DepartmentName, &keywords, &c.FirstReactionDays, &c.ClosureDays, &attrs,
		&c.NotOurJob.DE, &c.NotOurJob.EN, &c.NotifyDepartment, &c.Active, &c.SortOrder, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return c, err
	}
	c.DepartmentID = dept.Int64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if keywords != "" {
		c.Keywords = strings.Split(keywords, ",")
	}
	if err := json.Unmarshal([]byte(attrs), &c.Attributes); err != nil {
		return c, fmt.Errorf("category %s: attributes: %w", c.Code, err)
	}
	return c, nil
}

// loadCategory reads one category by a unique column ("c.id" or "c.code").
func loadCategory(ctx context.Context, q db.Querier, where string, arg any) (Category, error) {
	c, err := scanCategory(q.QueryRow(ctx, "SELECT "+categoryColumns+categoryFrom+" WHERE "+where+" = ?", arg))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound()
	}
	if err != nil {
		return c, fmt.Errorf("load category: %w", err)
	}
	return c, nil
}

func listCategories(ctx context.Context, q db.Querier, all bool) ([]Category, error) {
	query := "SELECT " + categoryColumns + categoryFrom
	if !all {
		query += " WHERE c.active = TRUE"
	}
	query += " ORDER BY c.sort_order, c.group_de, c.name_de, c.id"
	rows, err := q.Query(ctx, query)
	out, err := db.Collect(rows, err, scanCategory)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return out, nil
}

func insertCategory(ctx context.Context, tx *db.Tx, c *Category) error {
	attrs, err := json.Marshal(c.Attributes)
	if err != nil {
		return err
	}
	return tx.QueryRow(ctx, `INSERT INTO report_categories (code, group_de, group_en, name_de, name_en, description_de, description_en,
		department_id, keywords, first_reaction_days, closure_days, attributes, not_our_job_de, not_our_job_en,
		notify_department, active, sort_order, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Code, c.Group.DE, c.Group.EN, c.Name.DE, c.Name.EN, c.Description.DE, c.Description.EN,
		nullInt(c.DepartmentID), strings.Join(c.Keywords, ","), c.FirstReactionDays, c.ClosureDays, string(attrs),
		c.NotOurJob.DE, c.NotOurJob.EN, c.NotifyDepartment, c.Active, c.SortOrder, c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
}

func updateCategory(ctx context.Context, tx *db.Tx, c Category) (bool, error) {
	attrs, err := json.Marshal(c.Attributes)
	if err != nil {
		return false, err
	}
	res, err := tx.Exec(ctx, `UPDATE report_categories SET code = ?, group_de = ?, group_en = ?, name_de = ?, name_en = ?,
		description_de = ?, description_en = ?, department_id = ?, keywords = ?, first_reaction_days = ?, closure_days = ?,
		attributes = ?, not_our_job_de = ?, not_our_job_en = ?, notify_department = ?, active = ?, sort_order = ?, updated_at = ?
		WHERE id = ?`,
		c.Code, c.Group.DE, c.Group.EN, c.Name.DE, c.Name.EN, c.Description.DE, c.Description.EN,
		nullInt(c.DepartmentID), strings.Join(c.Keywords, ","), c.FirstReactionDays, c.ClosureDays, string(attrs),
		c.NotOurJob.DE, c.NotOurJob.EN, c.NotifyDepartment, c.Active, c.SortOrder, c.UpdatedAt, c.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
