package cases

import (
	"context"
	"fmt"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// BeforeAccountDelete runs in the transaction that deletes account: its
// cases stay (the department keeps an application as the law requires)
// and become guest cases (cases.account_id is SET NULL), so for every open
// one the applicant is mailed a private link that opens it without an
// account, to the case's address or else email, the account's. Closed
// cases are only kept until their retention ends and get no link.
func (s *Service) BeforeAccountDelete(ctx context.Context, q db.Querier, account int64, email, ip string) error {
	ids, err := db.Column[int64](ctx, q, `SELECT id FROM cases WHERE account_id = ? AND closed_at IS NULL AND erased_at IS NULL
		ORDER BY created_at, id`, account)
	if err != nil {
		return fmt.Errorf("list open cases of account: %w", err)
	}
	actor := Actor{UserID: account, IP: ip}
	for _, id := range ids {
		c, err := loadCase(ctx, q, "c.id", id)
		if err != nil {
			return err
		}
		to := c.ApplicantEmail
		if to == "" {
			to = email
		}
		if to == "" {
			continue
		}
		token, err := s.issueAccessToken(ctx, q, c, actor, "account_deleted")
		if err != nil {
			return err
		}
		l := c.Lang
		text := s.t(l, "cases.mail.account_deleted.text", c.Reference, c.Title.In(l), s.link(GuestPath(token)))
		m := mail.Message{To: to, Subject: s.t(l, "cases.mail.account_deleted.subject", c.Reference), Text: s.signed(ctx, l, text)}
		if err := s.deps.Mail.Enqueue(ctx, q, m); err != nil {
			return fmt.Errorf("case %s: mail link after account deletion: %w", c.Reference, err)
		}
	}
	return nil
}
