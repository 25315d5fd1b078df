package forms_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// benchClient is a browser-like client for the benchmark: cookies, no
// redirects followed, errors returned (RunParallel goroutines may not stop
// the benchmark).
type benchClient struct {
	http *http.Client
	base string
	csrf string
}

func newBenchClient(base string) *benchClient {
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(base)
	csrf := auth.NewToken()
	jar.SetCookies(u, []*http.Cookie{{Name: web.CSRFCookie, Value: csrf, Path: "/"}})
	// Like a browser: connections kept open, pages asked for gzipped (the
	// server compresses; unpacking is the browser's work, not counted).
	tr := &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}
	return &benchClient{base: base, csrf: csrf, http: &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *benchClient) do(method, path string, v url.Values, want int) (string, error) {
	var body io.Reader
	if v != nil {
		v.Set(web.CSRFField, c.csrf)
		body = strings.NewReader(v.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if v != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return "", fmt.Errorf("%s %s: %d, want %d", method, path, resp.StatusCode, want)
	}
	return resp.Header.Get("Location"), nil
}

// certificateFlow applies for a Meldebescheinigung as a guest, the way a
// browser does: start page, start, each page shown and sent, check page,
// send, confirmation. It returns the confirmation's path.
func (c *benchClient) certificateFlow(i int) (string, error) {
	if _, err := c.do("GET", "/forms/meldebescheinigung", nil, 200); err != nil {
		return "", err
	}
	page, err := c.do("POST", "/forms/meldebescheinigung", url.Values{}, 303)
	if err != nil {
		return "", err
	}
	steps := []url.Values{
		{"kind": {"simple"}, "purpose": {"employer"}},
		{"name": {fmt.Sprintf("Erika Mustermann %d", i)}, "birth_date": {"27.03.1980"}, "address.street": {"Marktplatz"},
			"address.house_number": {"1"}, "address.postal_code": {"31535"}, "address.city": {"Musterstadt"}, "email": {"erika@example.org"}},
		{"delivery": {"pickup"}, "pickup_office": {"mitte"}},
	}
	for _, v := range steps {
		if _, err := c.do("GET", page, nil, 200); err != nil {
			return "", err
		}
		if page, err = c.do("POST", page, v, 303); err != nil {
			return "", err
		}
	}
	if !strings.HasSuffix(page, "/check") {
		return "", fmt.Errorf("after the pages: %s, want the check page", page)
	}
	if _, err := c.do("GET", page, nil, 200); err != nil {
		return "", err
	}
	done, err := c.do("POST", strings.TrimSuffix(page, "check")+"send", url.Values{}, 303)
	if err != nil {
		return "", err
	}
	_, err = c.do("GET", done, nil, 200)
	return done, err
}

// BenchmarkSubmission measures whole applications per second against a
// real server on 127.0.0.1 (SQLite, the real case handling): every
// iteration is one guest filling in and sending the Meldebescheinigung (11
// requests), with 8 applicants at a time.
//
//	go test ./internal/forms/ -run '^$' -bench Submission -benchtime 400x
func BenchmarkSubmission(b *testing.B) {
	srv := testkit.NewServer(b, testkit.SQLite)
	ctx := srv.Ctx()
	if _, err := srv.App.Auth.SaveDepartment(ctx, auth.Department{Slug: "buergerbuero", Name: "Bürgerbüro"}); err != nil {
		b.Fatal(err)
	}
	if _, err := srv.App.Forms.Install(ctx, demoForms(b)["meldebescheinigung"], 0); err != nil {
		b.Fatal(err)
	}
	if _, err := newBenchClient(srv.URL).certificateFlow(0); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(4) // 4 × GOMAXPROCS applicants
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		c := newBenchClient(srv.URL)
		i := 0
		for pb.Next() {
			i++
			if _, err := c.certificateFlow(i); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "submissions/s")
	// The CPU one submission costs (server and the in-process clients)
	// tells the capacity of idle cores even when others share the machine.
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/submission")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
