package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/reports"
)

// TestReportsSurviveSIGKILL is the Mängelmelder's crash test: while several
// clients post reports through Open311, the server process is killed with
// SIGKILL at random moments and started again on the same data directory.
// Afterwards every report whose POST was answered 201 must be there, whole:
// category, location and description as sent. A 201 is a promise.
func TestReportsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it; skipped with -short")
	}
	const (
		kills   = 4
		clients = 6
	)
	dir := t.TempDir()
	bin := filepath.Join(dir, "rathaus")
	start := time.Now()
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built in %s", time.Since(start).Round(time.Millisecond))
	data := filepath.Join(dir, "data")
	env := append(os.Environ(), "RATHAUS_DATA_DIR="+data, "RATHAUS_ADDR=127.0.0.1:0", "RATHAUS_LOG_LEVEL=info",
		"RATHAUS_DATABASE_URL=", "RATHAUS_DEMO=false")
	crashTown(t, data)
	key := crashAPIKey(t, bin, env)

	srv := startCrashServer(t, bin, env)
	var (
		mu    sync.Mutex
		acked []crashReport
		base  = srv.base
	)
	setBase := func(b string) { mu.Lock(); base = b; mu.Unlock() }
	getBase := func() string { mu.Lock(); defer mu.Unlock(); return base }

	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var sent, failed int64
	var countMu sync.Mutex
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &http.Client{Timeout: 5 * time.Second}
			for n := 0; ctx.Err() == nil; n++ {
				r := crashReport{
					Description: fmt.Sprintf("Meldung %d-%d: Sperrmüll am Straßenrand", c, n),
					Lat:         52.30 + rand.Float64()*0.1, Long: 9.70 + rand.Float64()*0.1,
				}
				ref, ok := r.post(hc, getBase(), key)
				countMu.Lock()
				sent++
				if !ok {
					failed++
				}
				countMu.Unlock()
				if !ok {
					time.Sleep(20 * time.Millisecond) // the server is down: wait for it
					continue
				}
				r.Ref = ref
				mu.Lock()
				acked = append(acked, r)
				mu.Unlock()
			}
		}()
	}

	for i := range kills {
		time.Sleep(time.Duration(1000+rand.IntN(2000)) * time.Millisecond)
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		t.Logf("kill %d after %d acknowledged reports", i+1, n)
		srv.kill(t)
		srv = startCrashServer(t, bin, env)
		setBase(srv.base)
	}
	time.Sleep(time.Second)
	stop()
	wg.Wait()
	// One more kill with the load stopped, so the last answers are on the
	// same footing as the others.
	srv.kill(t)
	srv = startCrashServer(t, bin, env)

	t.Logf("%d posts, %d acknowledged, %d refused or cut off by the kills", sent, len(acked), failed)
	if len(acked) < 50 {
		t.Fatalf("only %d acknowledged reports: the load generator did not get through", len(acked))
	}
	crashCheck(t, srv.base, acked)
	srv.stop(t)
}

// crashReport is one report a client posted.
type crashReport struct {
	Ref         string
	Description string
	Lat, Long   float64
}

// post sends r; ok only for a 201 with a service_request_id.
func (r crashReport) post(hc *http.Client, base, key string) (string, bool) {
	form := url.Values{"api_key": {key}, "service_code": {"sperrmuell"}, "description": {r.Description},
		"lat": {fmt.Sprint(r.Lat)}, "long": {fmt.Sprint(r.Long)}}
	resp, err := hc.PostForm(base+reports.APIPrefix+"/requests.json", form)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusCreated {
		return "", false
	}
	var rc open311.Receipts
	if err := open311.Unmarshal(open311.JSON, body, &rc); err != nil || len(rc) != 1 || rc[0].ServiceRequestID == "" {
		return "", false
	}
	return rc[0].ServiceRequestID, true
}

// crashCheck reads every acknowledged report back, a hundred per request.
func crashCheck(t *testing.T, base string, acked []crashReport) {
	t.Helper()
	missing := 0
	for i := 0; i < len(acked); i += 100 {
		batch := acked[i:min(i+100, len(acked))]
		refs := make([]string, len(batch))
		for j, r := range batch {
			refs[j] = r.Ref
		}
		resp, err := http.Get(base + reports.APIPrefix + "/requests.json?service_request_id=" + strings.Join(refs, ","))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got open311.ServiceRequests
		if err := open311.Unmarshal(open311.JSON, body, &got); err != nil {
			t.Fatalf("%d %v\n%s", resp.StatusCode, err, body)
		}
		byRef := map[string]open311.ServiceRequest{}
		for _, g := range got {
			byRef[g.ServiceRequestID] = g
		}
		for _, r := range batch {
			g, ok := byRef[r.Ref]
			switch {
			case !ok:
				missing++
				t.Errorf("acknowledged report %s (%s) is gone", r.Ref, r.Description)
			case g.ServiceCode != "sperrmuell" || g.Description != r.Description || g.Lat == nil || g.Long == nil ||
				fmt.Sprint(*g.Lat) != fmt.Sprint(r.Lat) || fmt.Sprint(*g.Long) != fmt.Sprint(r.Long):
				t.Errorf("report %s is not as sent:\n got %s %q %v,%v\nwant %q %v,%v", r.Ref, g.ServiceCode, g.Description,
					ptrVal(g.Lat), ptrVal(g.Long), r.Description, r.Lat, r.Long)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged reports lost", missing, len(acked))
	}
}

func ptrVal(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// crashTown makes the database with the category the clients report in.
func crashTown(t *testing.T, data string) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir, cfg.DatabaseURL = data, ""
	a, err := app.New(context.Background(), cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := db.With(context.Background(), a.DB)
	dept, err := a.Auth.SaveDepartment(ctx, auth.Department{Slug: "ordnungsamt", Name: "Ordnungsamt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Reports.SaveCategory(ctx, reports.Category{Code: "sperrmuell", Name: reports.Text{DE: "Sperrmüll"},
		DepartmentID: dept.ID, Active: true}, reports.SystemActor); err != nil {
		t.Fatal(err)
	}
}

// crashAPIKey registers the load generator with `rathaus apikey add`.
func crashAPIKey(t *testing.T, bin string, env []string) string {
	t.Helper()
	cmd := exec.Command(bin, "apikey", "add", "Lastgenerator")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rathaus apikey add: %v\n%s", err, stderr.String())
	}
	key := strings.TrimSpace(string(out))
	if key == "" || strings.ContainsAny(key, " \n") {
		t.Fatalf("rathaus apikey add printed %q", out)
	}
	return key
}

// crashServer is a running `rathaus serve` process.
type crashServer struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
	log  *syncBuffer
}

var servingRe = regexp.MustCompile(`msg=serving addr=(\S+)`)

// startCrashServer starts the binary and waits until it answers /readyz.
func startCrashServer(t *testing.T, bin string, env []string) *crashServer {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &crashServer{cmd: cmd, done: make(chan struct{}), log: &syncBuffer{}}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill(t) })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.log.Write([]byte(line + "\n"))
			if m := servingRe.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() { cmd.Wait(); close(s.done) }()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case <-s.done:
		t.Fatalf("rathaus serve ended at start:\n%s", s.log.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("rathaus serve did not start:\n%s", s.log.String())
	}
	for range 100 {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("rathaus serve is not ready:\n%s", s.log.String())
	return nil
}

// kill ends the process with SIGKILL: no shutdown, no flush, no goodbye.
func (s *crashServer) kill(t *testing.T) {
	select {
	case <-s.done:
		return
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Logf("kill: %v", err)
	}
	<-s.done
}

// stop ends the process gracefully and checks it said nothing alarming.
func (s *crashServer) stop(t *testing.T) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill(t)
	}
	if strings.Contains(s.log.String(), "level=ERROR") {
		t.Errorf("the server logged errors:\n%s", s.log.String())
	}
}
