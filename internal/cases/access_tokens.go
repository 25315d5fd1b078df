package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
)

// issueAccessToken makes a new private link token to case c for a mail
// to its guest applicant, on behalf of actor; mail names the mail in the
// audit log. Only hashes are stored, so a later mail cannot repeat the
// confirmation's link: each carries its own, and the earlier ones stay
// valid (see migration 004).
func (s *Service) issueAccessToken(ctx context.Context, q db.Querier, c Case, actor Actor, mail string) (string, error) {
	token := auth.NewToken()
	if _, err := q.Exec(ctx, "INSERT INTO case_access_tokens (hash, case_id, created_at) VALUES (?, ?, ?)",
		auth.HashToken(token), c.ID, s.Now()); err != nil {
		return "", fmt.Errorf("case %d: issue access token: %w", c.ID, err)
	}
	// The audit names the link's mail, never the token.
	if err := s.auditCase(ctx, q, actor, "case.guest_link", c, mail); err != nil {
		return "", err
	}
	return token, nil
}

// caseByToken loads the case a guest's private link token opens: the
// confirmation's (cases.access_hash) or one sent with a later mail.
func caseByToken(ctx context.Context, q db.Querier, token string) (Case, error) {
	hash := auth.HashToken(token)
	var id int64
	err := q.QueryRow(ctx, "SELECT case_id FROM case_access_tokens WHERE hash = ?", hash).Scan(&id)
	switch {
	case err == nil:
		return loadCase(ctx, q, "c.id", id)
	case errors.Is(err, sql.ErrNoRows):
		return loadCase(ctx, q, "c.access_hash", hash)
	}
	return Case{}, fmt.Errorf("find access token: %w", err)
}
