package account

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// deleteUser removes an account. Sessions, one-time tokens and memberships
// go with it (ON DELETE CASCADE); the failed sign-ins are keyed by the
// address, so they are removed by it. The audit log keeps only the id.
//
// TODO(auth): this belongs in auth as Service.DeleteUser; it is here until
// the auth package offers it.
func deleteUser(ctx context.Context, q db.Querier, u auth.User) error {
	if _, err := q.Exec(ctx, "DELETE FROM login_failures WHERE key = ?", "account:"+u.Email); err != nil {
		return fmt.Errorf("delete login failures: %w", err)
	}
	if _, err := q.Exec(ctx, "DELETE FROM users WHERE id = ?", u.ID); err != nil {
		return fmt.Errorf("delete user %d: %w", u.ID, err)
	}
	return nil
}
