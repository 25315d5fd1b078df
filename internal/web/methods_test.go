package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// methodsServer runs a shell with pages, a JSON API with a CORS preflight, a
// protocol API with its own error format and catch-all, and the 404 page.
func methodsServer(t *testing.T) *httptest.Server {
	t.Helper()
	site, err := web.New(web.Options{DefaultLang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok "+r.Method+" "+r.URL.RequestURI()) }
	site.HandleFunc("GET /{$}", auth.Public, ok)
	site.HandleFunc("GET /my", auth.SignedIn, ok)
	site.HandleFunc("GET /page", auth.Public, ok)
	site.HandleFunc("POST /page", auth.Public, ok)
	site.HandleFunc("GET /items/{id}", auth.Public, ok)
	site.HandleFunc("POST /only-post", auth.Public, ok)
	site.HandleFunc("GET /api/v1/things", auth.Public, ok, web.API)
	site.HandleFunc("OPTIONS /api/v1/", auth.Public, ok, web.API)
	// A protocol API that fixes its own error format.
	protoErr := web.ErrorWriter(func(w http.ResponseWriter, r *http.Request, err error) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(web.Status(errs.CodeOf(err)))
		io.WriteString(w, "<errors><code>"+string(errs.CodeOf(err))+"</code></errors>")
	})
	site.HandleFunc("GET /proto/res.xml", auth.Public, ok, web.API, protoErr)
	site.HandleFunc("/proto/", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<errors><code>proto_not_found</code></errors>")
	}, web.API, web.NoCSRF, protoErr)
	site.HandleFunc("/", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
	}, web.NoCSRF)
	h, err := site.Build()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestWrongMethodAndTrailingSlash(t *testing.T) {
	srv := methodsServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		name, method, path string
		status             int
		allow              string
		location           string
		// body is a piece of the answer that shows its format.
		body string
	}{
		{"a GET-only page refuses PUT with the HTML page", "PUT", "/page", 405, "GET, HEAD, POST", "", "Not allowed"},
		{"a GET-only page refuses DELETE", "DELETE", "/my", 405, "GET, HEAD", "", "cannot be used with DELETE"},
		{"a page refuses POST without a CSRF token as 405", "POST", "/my", 405, "GET, HEAD", "", "<html"},
		{"a page with a path parameter refuses PATCH", "PATCH", "/items/7", 405, "GET, HEAD", "", "<html"},
		{"the start page refuses DELETE", "DELETE", "/", 405, "GET, HEAD", "", "<html"},
		{"a POST-only address refuses GET", "GET", "/only-post", 405, "POST", "", "<html"},
		{"the JSON API answers 405 in JSON and lists its preflight", "DELETE", "/api/v1/things", 405, "GET, HEAD, OPTIONS", "", `"code":"method_not_allowed"`},
		{"the protocol API answers 405 in its own format", "POST", "/proto/res.xml", 405, "GET, HEAD", "", "<code>method_not_allowed</code>"},
		{"an unknown address stays 404 whatever the method", "PUT", "/nothing", 404, "", "", "does not exist"},
		{"an unknown API address stays 404 despite the preflight route", "GET", "/api/v1/nothing", 404, "", "", "does not exist"},
		{"an unknown protocol resource gets the protocol's 404", "PUT", "/proto/nothing.xml", 404, "", "", "proto_not_found"},
		{"a trailing slash redirects to the page", "GET", "/my/", 308, "", "/my", ""},
		{"a trailing slash keeps the query", "GET", "/page/?a=1&b=%C3%BC", 308, "", "/page?a=1&b=%C3%BC", ""},
		{"a trailing slash redirects HEAD too", "HEAD", "/items/7/", 308, "", "/items/7", ""},
		{"a trailing slash on a protocol resource redirects", "GET", "/proto/res.xml/", 308, "", "/proto/res.xml", ""},
		{"a trailing slash on a POST is not redirected", "POST", "/page/", 404, "", "", "does not exist"},
		{"a trailing slash on a POST-only address is not redirected", "GET", "/only-post/", 404, "", "", "does not exist"},
		{"a trailing slash on an unknown address is 404", "GET", "/nothing/", 404, "", "", "does not exist"},
		{"an escaped double slash is not a redirect to another host", "GET", "/%2F%2Fevil.example/", 404, "", "", "does not exist"},
		{"a backslash is not a redirect to another host", "GET", `/%5Cevil.example/`, 404, "", "", "does not exist"},
		{"the allowed method still works", "GET", "/my", 303, "", "/login?next=%2Fmy", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body:\n%s", resp.StatusCode, tc.status, b)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			if got := resp.Header.Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if !strings.Contains(string(b), tc.body) {
				t.Errorf("body lacks %q:\n%s", tc.body, b)
			}
		})
	}
}

func TestMethodNotAllowedJSONIsTranslated(t *testing.T) {
	srv := methodsServer(t)
	for _, tc := range []struct{ lang, want string }{
		{"de", "Diese Adresse lässt sich nicht mit PUT aufrufen. Möglich ist: GET, HEAD, OPTIONS."},
		{"en", "This address cannot be used with PUT. Possible: GET, HEAD, OPTIONS."},
	} {
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/things?lang="+tc.lang, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code, Message string }
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusMethodNotAllowed || body.Error.Code != "method_not_allowed" || body.Error.Message != tc.want {
			t.Errorf("%s: %d %+v, want 405 method_not_allowed %q", tc.lang, resp.StatusCode, body.Error, tc.want)
		}
	}
}
