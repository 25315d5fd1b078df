package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// writeLog records, in order, the accounts whose creation was committed.
type writeLog struct {
	mu   sync.Mutex
	done []string
}

func (w *writeLog) add(email string) {
	w.mu.Lock()
	w.done = append(w.done, email)
	w.mu.Unlock()
}

func (w *writeLog) snapshot() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.done...)
}

func TestBackupWhileWritingKeepsEveryCommittedRow(t *testing.T) {
	env := environ(t, testkit.SQLite, "RATHAUS_TRUSTED_PROXIES=127.0.0.1,::1")
	s := startServe(t, env)
	ctx, _ := openDB(t, env)
	// Some megabytes of other data, so that the copy takes long enough for
	// accounts to be written while it runs.
	d := db.From(ctx)
	if _, err := d.Exec(ctx, "CREATE TABLE backup_test_padding (b BLOB)"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000)
		INSERT INTO backup_test_padding SELECT randomblob(8192) FROM n`); err != nil {
		t.Fatal(err)
	}

	// The writer signs up citizens one after another through the running
	// town hall's registration form; an account counts as committed once
	// its 303 has arrived.
	c := newClient(t, s.URL)
	if r := c.get("/register"); r.StatusCode != http.StatusOK {
		t.Fatalf("GET /register: status %d", r.StatusCode)
	}
	var written writeLog
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			email := fmt.Sprintf("person%05d@example.org", i)
			form := url.Values{"name": {"Person " + fmt.Sprint(i)}, "email": {email}, "password": {"a-good-password"},
				"password_confirm": {"a-good-password"}, "consent": {"on"}, "csrf_token": {c.cookie("rathaus_csrf")}}
			// Each sign-up comes from another visitor through a trusted
			// proxy, so the limit of 20 per visitor and hour stays away.
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/register", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
			resp, err := c.Do(req)
			if err != nil {
				writerDone <- fmt.Errorf("register %s: %w", email, err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				writerDone <- fmt.Errorf("register %s: status %d, want 303; log:\n%s", email, resp.StatusCode, s.Stderr)
				return
			}
			written.add(email)
		}
	}()
	waitFor(t, 30*time.Second, func() bool {
		select {
		case err := <-writerDone:
			t.Fatalf("the writer stopped early: %v", err)
		default:
		}
		return len(written.snapshot()) >= 20
	})

	before := written.snapshot()
	file := filepath.Join(t.TempDir(), "rathaus-backup.db")
	out, stderr, err := run(t, env, "", "backup", file)
	after := written.snapshot()
	time.Sleep(50 * time.Millisecond) // the writer goes on a little after the backup
	close(stop)
	if werr := <-writerDone; werr != nil {
		t.Fatalf("writer: %v", werr)
	}
	if err != nil || !strings.Contains(out, "backup written to "+file) {
		t.Fatalf("backup: %v\nstdout: %s\nstderr: %s", err, out, stderr)
	}
	if len(after) == len(before) {
		t.Fatalf("no account was written while the backup ran (%d before, %d after): the test did not test writing during a backup", len(before), len(after))
	}
	t.Logf("%d accounts before the backup, %d written while it ran, %d in all", len(before), len(after)-len(before), len(written.snapshot()))
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}

	// Restore: the copy alone, in a new data directory, without WAL files.
	restored := t.TempDir()
	copyFile(t, file, filepath.Join(restored, "rathaus.db"))
	renv := append(environ(t, testkit.SQLite), "RATHAUS_DATA_DIR="+restored)
	rs := startServe(t, renv)
	if r := newClient(t, rs.URL).get("/readyz"); r.StatusCode != http.StatusOK {
		t.Fatalf("restored town hall: /readyz %d", r.StatusCode)
	}
	if err := rs.Stop(); err != nil {
		t.Fatal(err)
	}

	rctx, _ := openDB(t, renv)
	rd := db.From(rctx)
	var check string
	if err := rd.QueryRow(rctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check of the restored database: %q, %v", check, err)
	}
	inBackup := map[string]bool{}
	rows, err := rd.Query(rctx, "SELECT email FROM users")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		inBackup[e] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, e := range before {
		if !inBackup[e] {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d accounts committed before the backup started are missing, first %s", len(missing), len(before), missing[0])
	}
	// The copy is one moment in time: the accounts in it are the first n
	// written, without gaps, and none that was committed after it ended.
	all := written.snapshot()
	n := len(inBackup)
	if n > len(after)+1 {
		t.Errorf("the backup holds %d accounts, more than the %d committed (+1 in flight) when it ended", n, len(after))
	}
	for _, e := range all[:min(n, len(all))] {
		if !inBackup[e] {
			t.Errorf("the backup is not a consistent moment: it has %d accounts but lacks %s", n, e)
			break
		}
	}
}

func TestBackupRefusesToOverwriteAndExplainsPostgres(t *testing.T) {
	env := environ(t, testkit.SQLite)
	file := filepath.Join(t.TempDir(), "b.db")
	if _, _, err := run(t, env, "", "backup", file); err != nil {
		t.Fatalf("first backup: %v", err)
	}
	if _, _, err := run(t, env, "", "backup", file); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("second backup to the same file: %v, want a refusal", err)
	}
	if os.Getenv(testkit.PostgresEnv) != "" {
		penv := environ(t, testkit.Postgres)
		if _, _, err := run(t, penv, "", "backup", filepath.Join(t.TempDir(), "p.db")); err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("backup on PostgreSQL: %v, want the advice to use pg_dump", err)
		}
	}
}

func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("condition not met within %v", limit)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
