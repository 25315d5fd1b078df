package reports_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/reports"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// TestAPIMethods checks the answers below the Open311 prefix that no
// handler of a resource gives: a wrong method on a known address is the
// shell's 405 with the address's own Allow list, in the address's format;
// anything else is the spec's 404.
func TestAPIMethods(t *testing.T) {
	srv := testkit.NewServer(t, testkit.SQLite)
	cases := []struct {
		name, method, path string
		status             int
		allow, body        string
	}{
		{"deleting requests", "DELETE", "/requests.json", 405, "GET, HEAD, POST, OPTIONS", `"This address cannot be used with DELETE. Possible: GET, HEAD, POST, OPTIONS."`},
		{"putting requests as xml", "PUT", "/requests.xml", 405, "GET, HEAD, POST, OPTIONS", "<code>405</code>"},
		{"posting to services", "POST", "/services.json", 405, "GET, HEAD, OPTIONS", "Possible: GET, HEAD, OPTIONS."},
		{"posting to discovery", "POST", "/discovery.xml", 405, "GET, HEAD, OPTIONS", "Possible: GET, HEAD, OPTIONS."},
		{"patching updates", "PATCH", "/servicerequestupdates.json", 405, "GET, HEAD, POST, OPTIONS", "Possible: GET, HEAD, POST, OPTIONS."},
		{"posting to a service definition", "POST", "/services/muell.json", 405, "GET, HEAD, OPTIONS", "Possible: GET, HEAD, OPTIONS."},
		{"deleting a request", "DELETE", "/requests/M-2026-1.json", 405, "GET, HEAD, OPTIONS", "Possible: GET, HEAD, OPTIONS."},
		{"posting to a token", "POST", "/tokens/abc.xml", 405, "GET, HEAD, OPTIONS", "Possible: GET, HEAD, OPTIONS."},
		// Routes name their format in lower case; another spelling is an
		// address we do not have, not a method we refuse.
		{"reading requests in capitals", "GET", "/requests.JSON", 404, "", `"code":404`},
		{"posting requests in capitals", "POST", "/requests.XML", 404, "", "<code>404</code>"},
		{"an unknown resource", "DELETE", "/gibtsnicht.json", 404, "", `"code":404`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), tc.method, srv.URL+reports.APIPrefix+tc.path+"?lang=en", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow || !strings.Contains(string(b), tc.body) {
				t.Errorf("%s %s: %d, Allow %q, body %s; want %d, Allow %q, body with %s",
					tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), b, tc.status, tc.allow, tc.body)
			}
		})
	}
}
