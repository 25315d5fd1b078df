package cases

import (
	"context"
	"embed"
	"fmt"
	"sync"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/mail"
)

// Messages holds the texts of the mails to citizens (cases.mail.…), for
// the web site's catalog: AddModule("cases.messages", Messages).
//
//go:embed messages/locales
var messagesFS embed.FS

// Messages is messagesFS with locales/ at its root.
var Messages = mustSub(messagesFS, "messages")

// ownCatalog holds just Messages, for a Service built without the site's
// catalog (the command line, tests).
var ownCatalog = sync.OnceValue(func() *i18n.Catalog {
	c := i18n.New()
	if err := c.Load("cases.messages", Messages); err != nil {
		panic(fmt.Sprintf("cases: embedded messages: %v", err)) // a build defect, caught by the tests
	}
	return c
})

func (s *Service) t(lang, key string, args ...any) string {
	c := s.deps.Catalog
	if c == nil {
		c = ownCatalog()
	}
	if lang != "en" {
		lang = "de"
	}
	return c.T(lang, key, args...)
}

// signed appends the town's signature to a mail text.
func (s *Service) signed(ctx context.Context, lang, text string) string {
	if town := s.townName(ctx); town != "" {
		return text + "\n-- \n" + s.t(lang, "cases.mail.signature", town) + "\n"
	}
	return text
}

// signedForStaff appends a neutral signature to a mail to the department:
// it comes from the system, not from the town to its citizens.
func (s *Service) signedForStaff(ctx context.Context, lang, text string) string {
	if town := s.townName(ctx); town != "" {
		return text + "\n-- \n" + s.t(lang, "cases.mail.signature_staff", town) + "\n"
	}
	return text
}

// citizenLink is the paragraph that leads the citizen to the case: the
// "Mein Rathaus" page for accounts; for guests (and applicants whose
// account was deleted) a new private link, since the confirmation's is
// stored only hashed and an older person should not have to dig it out.
// mail names the mail for the audit log; actor is who caused it.
func (s *Service) citizenLink(ctx context.Context, q db.Querier, c Case, actor Actor, mail string) (string, error) {
	if c.AccountID != 0 {
		return s.t(c.Lang, "cases.mail.link.account", s.link(CitizenPath(c.Reference))), nil
	}
	if !mailable(c) {
		return "", nil // no mail goes out: no link to issue
	}
	token, err := s.issueAccessToken(ctx, q, c, actor, mail)
	if err != nil {
		return "", err
	}
	return s.t(c.Lang, "cases.mail.link.guest", s.link(GuestPath(token))), nil
}

// mailable reports whether mails can go to c's applicant: there is an
// address and the personal data is still there.
func mailable(c Case) bool { return c.ApplicantEmail != "" && !c.Erased() }

// mailTo sends a mail to the applicant, if mailable. Mails say no more
// than needed: what changed and where to read it; message bodies and
// document descriptions stay behind the sign-in or private link.
func (s *Service) mailTo(ctx context.Context, q db.Querier, c Case, subject, text string) error {
	if !mailable(c) {
		return nil
	}
	return s.deps.Mail.Enqueue(ctx, q, mail.Message{To: c.ApplicantEmail, Subject: subject, Text: s.signed(ctx, c.Lang, text)})
}

// mailReceived confirms a new case with its reference and status link.
func (s *Service) mailReceived(ctx context.Context, q db.Querier, c Case, token string) error {
	l := c.Lang
	link := s.t(l, "cases.mail.received.account", s.link(CitizenPath(c.Reference)))
	if token != "" {
		link = s.t(l, "cases.mail.received.guest", s.link(GuestPath(token)))
	}
	return s.mailTo(ctx, q, c, s.t(l, "cases.mail.received.subject", c.Reference),
		s.t(l, "cases.mail.received.text", c.Reference, c.Title.In(l), link))
}

// mailStatus tells the citizen the new status with the public note;
// withdrawn says that closing withdrew document requests, so the citizen
// need not send them any more.
func (s *Service) mailStatus(ctx context.Context, q db.Querier, c Case, actor Actor, publicNote string, withdrawn bool) error {
	l := c.Lang
	link, err := s.citizenLink(ctx, q, c, actor, "status")
	if err != nil {
		return err
	}
	note := ""
	if publicNote != "" {
		note = s.t(l, "cases.mail.status.note", publicNote)
	}
	if withdrawn {
		note += s.t(l, "cases.mail.status.withdrawn")
	}
	if c.Closed() && c.Refused() {
		// Point to whom to ask about the decision, without legal advice.
		who := c.DepartmentName
		if who == "" {
			who = s.t(l, "cases.mail.status.refused_us")
		}
		note += s.t(l, "cases.mail.status.refused", who, c.Reference)
	}
	if fee := c.FeeLine(l); c.Approved() && fee != nil {
		// Say that something is due and where the how is; we take no
		// payments.
		note += s.t(l, "cases.mail.status.fee", fee.Label, fee.Value)
	}
	label := c.StatusLabel(l)
	return s.mailTo(ctx, q, c, s.t(l, "cases.mail.status.subject", c.Reference, label),
		s.t(l, "cases.mail.status.text", c.Reference, c.Title.In(l), label, note, link))
}

// Notices the citizen gets by mail, with a personal link and no content:
// they read it on their case page.
const (
	noticeMessage  = "message"  // a message from the department
	noticeRequest  = "request"  // a document is asked for
	noticeDecision = "decision" // the decision document is there
)

// mailNotice tells the citizen about a notice of kind; its texts are
// cases.mail.<kind>.subject and .text.
func (s *Service) mailNotice(ctx context.Context, q db.Querier, c Case, actor Actor, kind string) error {
	l := c.Lang
	link, err := s.citizenLink(ctx, q, c, actor, kind)
	if err != nil {
		return err
	}
	return s.mailTo(ctx, q, c, s.t(l, "cases.mail."+kind+".subject", c.Reference),
		s.t(l, "cases.mail."+kind+".text", c.Reference, c.Title.In(l), link))
}

// mailPaused tells the citizen that work waits, with the reason.
func (s *Service) mailPaused(ctx context.Context, q db.Querier, c Case, actor Actor, reason string) error {
	l := c.Lang
	link, err := s.citizenLink(ctx, q, c, actor, "paused")
	if err != nil {
		return err
	}
	note := ""
	if reason != "" {
		note = s.t(l, "cases.mail.status.note", reason)
	}
	return s.mailTo(ctx, q, c, s.t(l, "cases.mail.paused.subject", c.Reference),
		s.t(l, "cases.mail.paused.text", c.Reference, c.Title.In(l), note, link))
}
