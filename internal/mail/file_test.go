package mail_test

import (
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rmail "github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

func TestFileSenderWritesEMLFiles(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		dataDir := t.TempDir()
		sender, err := rmail.NewSender("", dataDir, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld(t, e, sender)
		w.enqueue(t, umlauts)
		w.enqueue(t, rmail.Message{To: "erika@example.org", Subject: "Zweite", Text: "Nur Text"})
		w.run(t)
		dir := filepath.Join(dataDir, "mail")
		var files []string
		eventually(t, 5*time.Second, "two .eml files", func() bool {
			files, _ = filepath.Glob(filepath.Join(dir, "*.eml"))
			return len(files) == 2
		})
		if all, _ := os.ReadDir(dir); len(all) != 2 {
			t.Errorf("%d entries in %s, want only the two mails (no temporary files)", len(all), dir)
		}
		var first testkit.SMTPMessage
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, "-000001.eml") {
				first = testkit.SMTPMessage{Data: b}
			}
		}
		if first.Data == nil {
			t.Fatalf("no file for mail 1 among %v", files)
		}
		if first.Subject() != umlauts.Subject || first.Text() != umlauts.Text || first.HTML() != umlauts.HTML {
			t.Errorf("file: subject %q, text %q, html %q", first.Subject(), first.Text(), first.HTML())
		}
		if first.Header("Content-Type") == "" || first.Header("Message-Id") == "" {
			t.Error("file lacks MIME or Message-ID headers")
		}
		if d, err := mail.ParseDate(first.Header("Date")); err != nil || !d.Equal(t0) {
			t.Errorf("Date %q: %v", first.Header("Date"), err)
		}
		eventually(t, 5*time.Second, "rows sent", func() bool { return w.pending(t) == 0 })
	})
}
