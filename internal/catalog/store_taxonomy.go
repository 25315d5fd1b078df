package catalog

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// taxonomy is one of the two ways services are grouped: topics (Themen)
// and life situations (Lebenslagen). Both have the same tables' shape.
type taxonomy int

const (
	topics taxonomy = iota
	lifeSituations
)

func (k taxonomy) table() string {
	if k == topics {
		return "catalog_topics"
	}
	return "catalog_life_situations"
}

func (k taxonomy) links() string {
	if k == topics {
		return "catalog_service_topics"
	}
	return "catalog_service_life_situations"
}

func (k taxonomy) column() string {
	if k == topics {
		return "topic_id"
	}
	return "life_situation_id"
}

// auditType names the kind as an object in the audit log.
func (k taxonomy) auditType() string {
	if k == topics {
		return "catalog_topic"
	}
	return "catalog_life_situation"
}

// auditAction is the start of the audit log's action names for the kind.
func (k taxonomy) auditAction() string {
	if k == topics {
		return "catalog.topic"
	}
	return "catalog.life_situation"
}

// listTaxa reads all topics or life situations in their order.
func listTaxa(ctx context.Context, q db.Querier, k taxonomy) ([]Topic, error) {
	rows, err := q.Query(ctx, "SELECT id, slug, name_de, name_en, sort_order FROM "+k.table()+" ORDER BY sort_order, name_de, id")
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", k.table(), err)
	}
	defer rows.Close()
	var out []Topic
	for rows.Next() {
		var t Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name.DE, &t.Name.EN, &t.SortOrder); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// saveTaxon inserts (ID 0) or updates a topic or life situation.
func saveTaxon(ctx context.Context, tx *db.Tx, k taxonomy, t *Topic) error {
	if t.ID == 0 {
		err := tx.QueryRow(ctx, "INSERT INTO "+k.table()+" (slug, name_de, name_en, sort_order) VALUES (?, ?, ?, ?) RETURNING id",
			t.Slug, t.Name.DE, t.Name.EN, t.SortOrder).Scan(&t.ID)
		if err != nil {
			return slugTaken(fmt.Errorf("insert into %s: %w", k.table(), err))
		}
		return nil
	}
	res, err := tx.Exec(ctx, "UPDATE "+k.table()+" SET slug = ?, name_de = ?, name_en = ?, sort_order = ? WHERE id = ?",
		t.Slug, t.Name.DE, t.Name.EN, t.SortOrder, t.ID)
	if err != nil {
		return slugTaken(fmt.Errorf("update %s: %w", k.table(), err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	return nil
}
