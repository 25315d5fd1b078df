package mail_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	rmail "github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// The running town hall delivers queued mail with its own worker, reports
// the outbox on /metrics, and writes .eml files when no SMTP server is set.
func TestTownHallDeliversQueuedMail(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("over SMTP", func(t *testing.T) {
			srv := testkit.NewSMTPServer(t)
			srv.Refuse(true)
			s := testkit.NewServer(t, e, testkit.WithSMTP(srv.URL()))
			if err := s.App.Mail.Enqueue(s.Ctx(), s.App.DB, umlauts); err != nil {
				t.Fatal(err)
			}
			metric := regexp.MustCompile(`(?m)^rathaus_mail_outbox_queued 1$`)
			eventually(t, 5*time.Second, "refused attempt", func() bool { return srv.Refused() > 0 })
			if body := s.Client().Get("/metrics").Body; !metric.MatchString(body) || !regexp.MustCompile(`(?m)^rathaus_jobs_due \d+$`).MatchString(body) {
				t.Errorf("/metrics lacks the queued mail or the due jobs:\n%s", body)
			}
			srv.Refuse(false)
			// The retry waits for the backoff (30 s by default); a fresh
			// message is sent at once and shows the worker is alive.
			if err := s.App.Mail.Enqueue(s.Ctx(), s.App.DB, rmail.Message{To: "erika@example.org", Subject: "Test", Text: "Grüße"}); err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, 1, 5*time.Second)
			if got[0].To[0] != "erika@example.org" || strings.TrimSpace(got[0].Text()) != "Grüße" {
				t.Errorf("received %v %q", got[0].To, got[0].Text())
			}
		})
		t.Run("to files without SMTP", func(t *testing.T) {
			s := testkit.NewServer(t, e)
			if err := s.App.Mail.Enqueue(s.Ctx(), s.App.DB, umlauts); err != nil {
				t.Fatal(err)
			}
			eventually(t, 5*time.Second, ".eml file", func() bool {
				files, _ := filepath.Glob(filepath.Join(s.App.Config.DataDir, "mail", "*.eml"))
				return len(files) == 1
			})
			files, _ := filepath.Glob(filepath.Join(s.App.Config.DataDir, "mail", "*.eml"))
			b, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if m := (testkit.SMTPMessage{Data: b}); m.Subject() != umlauts.Subject {
				t.Errorf("file subject %q", m.Subject())
			}
		})
	})
}
