package forms

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// RunningIDs returns the IDs of the forms that have a version in service, in
// one query and without parsing them: the catalog asks on every page and API
// answer whether the forms it names can be filled in.
func (s *Service) RunningIDs(ctx context.Context) ([]string, error) {
	ids, err := db.Column[string](ctx, db.From(ctx), `SELECT form_id FROM form_versions WHERE active`)
	if err != nil {
		return nil, fmt.Errorf("running form IDs: %w", err)
	}
	return ids, nil
}
