package mail_test

import (
	"errors"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	rmail "github.com/offenes-rathaus/rathaus/internal/mail"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

var umlauts = rmail.Message{
	To:      "Jörg Größe <joerg@example.org>",
	Subject: "Ihre Meldung „Schlagloch in der Hauptstraße“ ist eingegangen",
	Text:    "Guten Tag Herr Größe,\n\nvielen Dank für Ihre Meldung. Wir kümmern uns darum.\n\nÄußerst freundliche Grüße\nIhr Bürgerbüro\n",
	HTML:    "<p>Guten Tag Herr Größe,</p><p>vielen Dank für Ihre Meldung.</p>",
}

func TestDeliversOverEachTransport(t *testing.T) {
	tests := []struct {
		name     string
		server   func(t testing.TB) *testkit.SMTPServer
		url      func(s *testkit.SMTPServer) string
		wantTLS  bool
		wantAuth string
	}{
		{"smtp without STARTTLS on offer sends in the clear", testkit.NewSMTPServer,
			(*testkit.SMTPServer).URL, false, ""},
		{"smtp upgrades with STARTTLS and authenticates", func(t testing.TB) *testkit.SMTPServer {
			s := testkit.NewSMTPServerTLS(t, false)
			s.RequireAuth("rathaus", "geheim")
			return s
		}, (*testkit.SMTPServer).URL, true, "rathaus"},
		{"smtps is TLS from the start", func(t testing.TB) *testkit.SMTPServer {
			s := testkit.NewSMTPServerTLS(t, true)
			s.RequireAuth("rathaus", "geheim")
			return s
		}, (*testkit.SMTPServer).URL, true, "rathaus"},
		{"smtp+plain authenticates without TLS when told to", func(t testing.TB) *testkit.SMTPServer {
			s := testkit.NewSMTPServer(t)
			s.RequireAuth("rathaus", "geheim")
			return s
		}, func(s *testkit.SMTPServer) string { return "smtp+plain://rathaus:geheim@" + s.Addr() }, false, "rathaus"},
	}
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				srv := tt.server(t)
				w := newWorld(t, e, smtpSender(t, srv, tt.url(srv)))
				w.enqueue(t, umlauts)
				w.run(t)
				got := srv.WaitFor(t, 1, 5*time.Second)[0]

				if got.TLS != tt.wantTLS || got.Auth != tt.wantAuth {
					t.Errorf("TLS %v, auth %q; want %v, %q", got.TLS, got.Auth, tt.wantTLS, tt.wantAuth)
				}
				if len(got.To) != 1 || got.To[0] != "joerg@example.org" || got.From != "rathaus@musterstadt.example" {
					t.Errorf("envelope from %q to %v", got.From, got.To)
				}
				if got.Subject() != umlauts.Subject {
					t.Errorf("subject = %q", got.Subject())
				}
				if got.Text() != umlauts.Text {
					t.Errorf("text = %q, want %q", got.Text(), umlauts.Text)
				}
				if got.HTML() != umlauts.HTML {
					t.Errorf("html = %q", got.HTML())
				}
				if to, err := mail.ParseAddress(got.Header("To")); err != nil || to.Name != "Jörg Größe" {
					t.Errorf("To header %q: %v", got.Header("To"), err)
				}
				if date, err := mail.ParseDate(got.Header("Date")); err != nil || !date.Equal(t0) {
					t.Errorf("Date header %q (%v), want the time the mail was queued", got.Header("Date"), err)
				}
				rows := w.rows(t)
				eventually(t, 5*time.Second, "outbox row sent", func() bool { rows = w.rows(t); return rows[0].Status == "sent" })
				if mid := got.Header("Message-Id"); mid != "<"+rows[0].MessageID+">" || !strings.HasSuffix(mid, "@musterstadt.example>") {
					t.Errorf("Message-ID %q, stored %q", mid, rows[0].MessageID)
				}
				if w.pending(t) != 0 {
					t.Error("Pending after delivery, want 0")
				}
			})
		}
	})
}

// With smtp:// the password goes only over TLS: a server that offers no
// STARTTLS gets no password and no mail.
func TestSMTPNeverSendsPasswordWithoutTLS(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		srv := testkit.NewSMTPServer(t)
		srv.RequireAuth("rathaus", "geheim")
		w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
		w.enqueue(t, umlauts)
		w.run(t)
		eventually(t, 5*time.Second, "failed attempt", func() bool { return w.rows(t)[0].Attempts == 1 })
		if row := w.rows(t)[0]; row.Status != "queued" || row.LastError == "" {
			t.Errorf("row = %+v, want queued with the error", row)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages accepted", n)
		}
	})
}

func TestEnqueueInRolledBackTransactionSendsNothing(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		srv := testkit.NewSMTPServer(t)
		w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
		w.run(t)
		boom := errors.New("saving the report failed")
		err := w.d.InTx(t.Context(), func(tx *db.Tx) error {
			if err := w.outbox.Enqueue(t.Context(), tx, umlauts); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		// A mail that commits afterwards arrives alone.
		w.enqueue(t, rmail.Message{To: "erika@example.org", Subject: "Zweite", Text: "Hallo"})
		got := srv.WaitFor(t, 1, 5*time.Second)
		time.Sleep(50 * time.Millisecond)
		if got = srv.Messages(); len(got) != 1 || got[0].To[0] != "erika@example.org" {
			t.Fatalf("received %d messages, want only the committed one", len(got))
		}
		if rows := w.rows(t); len(rows) != 1 {
			t.Errorf("%d outbox rows, want 1", len(rows))
		}
	})
}

func TestRefusedDeliveryArrivesAfterRetry(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		srv := testkit.NewSMTPServer(t)
		srv.Refuse(true)
		w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
		w.enqueue(t, umlauts)
		w.run(t)
		eventually(t, 5*time.Second, "refused attempt", func() bool { return w.rows(t)[0].Attempts == 1 })
		row := w.rows(t)[0]
		if row.Status != "queued" || !strings.Contains(row.LastError, "451") {
			t.Errorf("after refusal: %+v, want queued with the 451 answer", row)
		}
		if w.pending(t) != 1 {
			t.Error("refused mail not pending")
		}
		srv.Refuse(false)
		w.advancePastBackoff(t)
		got := srv.WaitFor(t, 1, 5*time.Second)
		if got[0].Subject() != umlauts.Subject || srv.Refused() != 1 {
			t.Errorf("after retry: subject %q, refused %d times", got[0].Subject(), srv.Refused())
		}
		eventually(t, 5*time.Second, "outbox row sent", func() bool { return w.rows(t)[0].Status == "sent" })
		if row := w.rows(t)[0]; row.Attempts != 2 || row.LastError != "" {
			t.Errorf("sent row = %+v, want 2 attempts, error cleared", row)
		}
	})
}

func TestServerDownThenUpLosesNothing(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		srv := testkit.NewSMTPServer(t)
		srv.Stop()
		w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
		recipients := []string{"a@example.org", "b@example.org", "c@example.org"}
		for _, to := range recipients {
			w.enqueue(t, rmail.Message{To: to, Subject: "Termin bestätigt", Text: "Bis bald!"})
		}
		w.run(t)
		eventually(t, 5*time.Second, "every mail tried once", func() bool {
			for _, r := range w.rows(t) {
				if r.Attempts == 0 {
					return false
				}
			}
			return true
		})
		if n := w.pending(t); n != 3 {
			t.Fatalf("pending while the server is down = %d, want 3", n)
		}
		srv.Start()
		w.advancePastBackoff(t)
		got := srv.WaitFor(t, 3, 5*time.Second)
		seen := map[string]int{}
		for _, m := range got {
			seen[m.To[0]]++
		}
		for _, to := range recipients {
			if seen[to] != 1 {
				t.Errorf("%s got %d messages, want 1", to, seen[to])
			}
		}
		eventually(t, 5*time.Second, "nothing pending", func() bool { return w.pending(t) == 0 })
	})
}

func TestUndeliverableMailIsMarkedFailed(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Run("recipient rejected for good fails at once", func(t *testing.T) {
			srv := testkit.NewSMTPServer(t)
			srv.Reject("nobody@example.org")
			w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
			w.enqueue(t, rmail.Message{To: "nobody@example.org", Subject: "Hallo", Text: "Hallo"})
			w.run(t)
			eventually(t, 5*time.Second, "mail failed", func() bool { return w.rows(t)[0].Status == "failed" })
			if row := w.rows(t)[0]; row.Attempts != 1 || !strings.Contains(row.LastError, "550") {
				t.Errorf("row = %+v, want one attempt and the 550 answer", row)
			}
		})
		t.Run("server down through every attempt", func(t *testing.T) {
			srv := testkit.NewSMTPServer(t)
			srv.Stop()
			w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
			w.enqueue(t, umlauts)
			w.run(t)
			eventually(t, 10*time.Second, "mail failed", func() bool {
				if w.rows(t)[0].Status == "failed" {
					return true
				}
				w.advancePastBackoff(t)
				return false
			})
			if row := w.rows(t)[0]; row.Attempts != 10 || row.LastError == "" {
				t.Errorf("row = %+v, want 10 attempts and the last error", row)
			}
			if w.pending(t) != 0 {
				t.Error("failed mail still pending")
			}
		})
	})
}

func TestEnqueueChecksTheMessage(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		w := newWorld(t, e, nil)
		err := w.outbox.Enqueue(t.Context(), w.d, rmail.Message{To: "not an address", Subject: "x", Text: "x"})
		if errs.CodeOf(err) != errs.Invalid {
			t.Errorf("invalid recipient: %v, want an Invalid error", err)
		}
		if err := w.outbox.Enqueue(t.Context(), w.d, rmail.Message{To: "a@example.org", Subject: "x"}); err == nil {
			t.Error("empty text accepted")
		}
		w.enqueue(t, rmail.Message{To: "a@example.org", Subject: "Meldung\r\nBcc: everyone@example.org", Text: "x"})
		var subject string
		if err := w.d.QueryRow(t.Context(), `SELECT subject FROM mail_outbox`).Scan(&subject); err != nil {
			t.Fatal(err)
		}
		if subject != "Meldung Bcc: everyone@example.org" {
			t.Errorf("stored subject %q, want it on one line", subject)
		}
		if n := w.pending(t); n != 1 {
			t.Errorf("Pending = %d, want 1", n)
		}
	})
}

func TestPurgeKeepsQueuedMail(t *testing.T) {
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		srv := testkit.NewSMTPServer(t)
		w := newWorld(t, e, smtpSender(t, srv, srv.URL()))
		w.enqueue(t, rmail.Message{To: "a@example.org", Subject: "1", Text: "x"})
		w.run(t)
		eventually(t, 5*time.Second, "sent", func() bool { return w.rows(t)[0].Status == "sent" })
		srv.Stop()
		w.enqueue(t, rmail.Message{To: "b@example.org", Subject: "2", Text: "x"})
		n, err := w.outbox.Purge(t.Context(), w.d, t0.Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("Purge = %d, %v; want 1", n, err)
		}
		if rows := w.rows(t); len(rows) != 1 || rows[0].Recipient != "b@example.org" {
			t.Errorf("rows after purge: %+v", rows)
		}
	})
}
