package reports

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// ownCatalog holds just this package's Messages, for a Service built
// without the site's catalog (the command line, tests).
var ownCatalog = sync.OnceValue(func() *i18n.Catalog {
	c := i18n.New()
	if err := c.Load("reports.messages", Messages); err != nil {
		panic(fmt.Sprintf("reports: embedded messages: %v", err)) // a build defect, caught by the tests
	}
	return c
})

func (s *Service) t(lang, key string, args ...any) string {
	c := s.deps.Catalog
	if c == nil {
		c = ownCatalog()
	}
	return c.T(s.lang(lang), key, args...)
}

func (s *Service) link(path string) string { return s.deps.BaseURL + path }

// signed appends the town's signature to a mail text.
func (s *Service) signed(ctx context.Context, lang, text string) string {
	if town := s.townName(ctx); town != "" {
		return text + "\n-- \n" + s.t(lang, "reports.mail.signature", town) + "\n"
	}
	return text
}

// short cuts a text for a subject or a quote in a mail.
func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// mailCreated confirms a new report to its reporter with the manage link.
func (s *Service) mailCreated(ctx context.Context, q db.Querier, r Report, token string) error {
	if r.Reporter.Email == "" {
		return nil
	}
	l := r.Lang
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{
		To:      r.Reporter.Email,
		Subject: s.t(l, "reports.mail.created.subject", r.Ref),
		Text: s.signed(ctx, l, s.t(l, "reports.mail.created.text", r.Ref, r.CategoryName.In(l),
			s.link(PublicPath(r.Ref)), s.link(ManagePath(token)))),
	})
}

// mailDepartment tells the department about a new report.
func (s *Service) mailDepartment(ctx context.Context, q db.Querier, r Report, to string) error {
	l := s.deps.DefaultLang
	place := r.Address
	if r.Location != nil {
		place = strings.TrimSpace(place + " (" + r.Location.String() + ")")
	}
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{
		To:      to,
		Subject: s.t(l, "reports.mail.department.subject", r.Ref, r.CategoryName.In(l)),
		Text: s.t(l, "reports.mail.department.text", r.Ref, r.CategoryName.In(l), place, r.Description,
			s.link(StaffPath(r.ID))),
	})
}

// notifyStatus mails the reporter and the confirmed subscribers that r
// (as it is now) has a new public status or note.
func (s *Service) notifyStatus(ctx context.Context, q db.Querier, r Report, publicNote string) error {
	if r.Reporter.Email != "" && r.ErasedAt.IsZero() {
		l := r.Lang
		if err := s.deps.Mail.Enqueue(ctx, q, mail.Message{
			To: r.Reporter.Email, Subject: s.statusSubject(l, r),
			Text: s.signed(ctx, l, s.statusText(l, r, publicNote)+s.t(l, "reports.mail.status.manage")),
		}); err != nil {
			return err
		}
	}
	return s.notifySubscribers(ctx, q, r, publicNote)
}

// notifySubscribers mails r's confirmed subscribers (but not its reporter)
// its current status and publicNote, with their unsubscribe link.
func (s *Service) notifySubscribers(ctx context.Context, q db.Querier, r Report, publicNote string) error {
	subs, err := subscribers(ctx, q, r.ID, true)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if sub.Email == r.Reporter.Email {
			continue
		}
		l := sub.Lang
		if err := s.deps.Mail.Enqueue(ctx, q, mail.Message{
			To: sub.Email, Subject: s.statusSubject(l, r),
			Text: s.signed(ctx, l, s.statusText(l, r, publicNote)+s.t(l, "reports.mail.status.unsubscribe", s.link(UnsubscribePath(sub.token)))),
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) statusText(l string, r Report, publicNote string) string {
	note := ""
	if publicNote != "" {
		note = s.t(l, "reports.mail.status.note", publicNote)
	}
	return s.t(l, "reports.mail.status.text", r.Ref, r.CategoryName.In(l), s.t(l, r.Status.LabelKey()), note,
		s.link(PublicPath(r.Ref)))
}

func (s *Service) statusSubject(l string, r Report) string {
	return s.t(l, "reports.mail.status.subject", r.Ref, s.t(l, r.Status.LabelKey()))
}

// mailReopened tells the department, when its category notifies it, that
// the reporter reopened r.
func (s *Service) mailReopened(ctx context.Context, q db.Querier, r Report, reason string) error {
	var to string
	var notify bool
	err := q.QueryRow(ctx, `SELECT COALESCE(d.email, ''), c.notify_department FROM report_categories c
		LEFT JOIN departments d ON d.id = ? WHERE c.id = ?`, nullInt(r.DepartmentID), r.CategoryID).Scan(&to, &notify)
	if err != nil {
		return fmt.Errorf("department of reopened report: %w", err)
	}
	if !notify || to == "" {
		return nil
	}
	l := s.deps.DefaultLang
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{
		To:      to,
		Subject: s.t(l, "reports.mail.reopened.subject", r.Ref),
		Text:    s.t(l, "reports.mail.reopened.text", r.Ref, r.CategoryName.In(l), reason, s.link(StaffPath(r.ID))),
	})
}

// mailSubscribe asks an address to confirm following r.
func (s *Service) mailSubscribe(ctx context.Context, q db.Querier, r Report, email, lang, token string) error {
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{
		To:      email,
		Subject: s.t(lang, "reports.mail.subscribe.subject", r.Ref),
		Text: s.signed(ctx, lang, s.t(lang, "reports.mail.subscribe.text", r.Ref, r.CategoryName.In(lang),
			s.link(ConfirmPath(token)), s.link(UnsubscribePath(token)))),
	})
}
