package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// csrfServer runs a shell with a form page, an HTML post that echoes what
// it received and an API post, on a real HTTP server.
func csrfServer(t *testing.T) *httptest.Server {
	t.Helper()
	site, err := web.New(web.Options{DefaultLang: "de"})
	if err != nil {
		t.Fatal(err)
	}
	site.HandleFunc("GET /form", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, site.CSRFToken(w, r))
	})
	site.HandleFunc("POST /note", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		if r.MultipartForm != nil && len(r.MultipartForm.File["photo"]) > 0 {
			fmt.Fprintf(w, "photo=%s\n", r.MultipartForm.File["photo"][0].Filename)
		}
		fmt.Fprintf(w, "saved %s", r.PostForm.Encode())
	})
	site.HandleFunc("POST /api/v1/note", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "saved")
	}, web.API)
	h, err := site.Build()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// browser is a client with a cookie jar that sends the headers a browser
// adds to a form post.
type browser struct {
	t       *testing.T
	srv     *httptest.Server
	c       *http.Client
	headers map[string]string
}

func newBrowser(t *testing.T, srv *httptest.Server, headers map[string]string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, srv: srv, c: &http.Client{Jar: jar}, headers: headers}
}

// token loads the form page and returns its CSRF token.
func (b *browser) token() string {
	b.t.Helper()
	resp, err := b.c.Get(b.srv.URL + "/form")
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	tok, _ := io.ReadAll(resp.Body)
	return string(tok)
}

// forget drops the browser's cookies, as an expired or cleared cookie.
func (b *browser) forget() {
	jar, _ := cookiejar.New(nil)
	b.c.Jar = jar
}

func (b *browser) post(path, contentType string, body io.Reader) (int, string, http.Header) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	for k, v := range b.headers {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), resp.Header
}

func (b *browser) postForm(path string, v url.Values) (int, string, http.Header) {
	return b.post(path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// repostForm is the form of the "session expired" page.
type repostForm struct {
	action, enctype string
	values          url.Values
}

// findRepost returns the page's form in <main>, or nil.
func findRepost(t *testing.T, body string) *repostForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var f *repostForm
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, x := range n.Attr {
				a[x.Key] = x.Val
			}
			switch {
			case n.Data == "main":
				inMain = true
			case n.Data == "form" && inMain:
				f = &repostForm{action: a["action"], enctype: a["enctype"], values: url.Values{}}
			case n.Data == "input" && f != nil && inMain:
				f.values.Add(a["name"], a["value"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	return f
}

var sameOriginHeaders = func(srv *httptest.Server) map[string]string {
	return map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": srv.URL}
}

func TestExpiredTokenOffersToSendAgain(t *testing.T) {
	srv := csrfServer(t)
	typed := url.Values{
		"title":            {`Schlagloch <Ecke> "Markt" & Co`},
		"tags":             {"a", "b"},
		"password":         {"geheim-1234"},
		"current_password": {"alt-geheim"},
	}
	tests := []struct {
		name    string
		headers map[string]string
		// stale sends the old token after a new cookie was set, as a page
		// left open while another tab renewed it; otherwise the cookie is
		// gone.
		stale bool
	}{
		{name: "cookie gone, Sec-Fetch-Site same-origin", headers: sameOriginHeaders(srv)},
		{name: "cookie gone, only Origin names this site", headers: map[string]string{"Origin": srv.URL}},
		{name: "cookie gone, only Referer names this site", headers: map[string]string{"Referer": srv.URL + "/form"}},
		{name: "token older than the cookie", headers: sameOriginHeaders(srv), stale: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, srv, tt.headers)
			old := b.token()
			b.forget()
			if tt.stale {
				b.token()
			}
			v := cloneValues(typed)
			v.Set(web.CSRFField, old)
			status, body, hdr := b.postForm("/note?step=2", v)
			if status != http.StatusForbidden || !strings.Contains(body, "Ihre Sitzung ist abgelaufen") {
				t.Fatalf("status %d, want 403 with the expired-session page:\n%s", status, body)
			}
			if strings.Contains(body, "geheim") {
				t.Errorf("the page echoes a password:\n%s", body)
			}
			if !strings.Contains(body, "Passwörter") {
				t.Errorf("the page does not say that passwords must be entered again:\n%s", body)
			}
			f := findRepost(t, body)
			if f == nil {
				t.Fatalf("no form to send again:\n%s", body)
			}
			if f.action != "/note?step=2" || f.enctype != "" {
				t.Errorf("form action %q enctype %q, want /note?step=2 and the default", f.action, f.enctype)
			}
			fresh := f.values.Get(web.CSRFField)
			if fresh == "" || fresh == old {
				t.Errorf("token %q, want a fresh one (old %q)", fresh, old)
			}
			if !tt.stale && !strings.Contains(strings.Join(hdr.Values("Set-Cookie"), ";"), web.CSRFCookie+"="+fresh) {
				t.Errorf("the fresh token is not set as cookie: %v", hdr.Values("Set-Cookie"))
			}
			if got := f.values.Get("title"); got != typed.Get("title") {
				t.Errorf("title %q, want %q", got, typed.Get("title"))
			}
			if got := f.values["tags"]; strings.Join(got, ",") != "a,b" {
				t.Errorf("tags %q, want both values in order", got)
			}
			status, body, _ = b.postForm(f.action, f.values)
			want := url.Values{"tags": {"a", "b"}, "title": typed["title"], web.CSRFField: {fresh}}
			if status != http.StatusOK || body != "saved "+want.Encode() {
				t.Errorf("sending again: status %d %q, want 200 %q", status, body, "saved "+want.Encode())
			}
		})
	}
}

func TestExpiredTokenRefusesPlainly(t *testing.T) {
	srv := csrfServer(t)
	big := strings.Repeat("x", 70<<10)
	many := url.Values{}
	for i := range 201 {
		many.Set(fmt.Sprintf("f%d", i), "wert")
	}
	tests := []struct {
		name    string
		path    string
		headers map[string]string
		values  url.Values
		// advice is the text the page must show; values typed must not be
		// in it either way.
		advice string
		json   bool
	}{
		{name: "cross-site post", path: "/note", values: url.Values{"title": {"Gefälscht"}},
			headers: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, advice: "Keine Berechtigung"},
		{name: "sibling site", path: "/note", values: url.Values{"title": {"Gefälscht"}},
			headers: map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://sub." + strings.TrimPrefix(srv.URL, "http://")}, advice: "Keine Berechtigung"},
		{name: "foreign Referer only", path: "/note", values: url.Values{"title": {"Gefälscht"}},
			headers: map[string]string{"Referer": "https://evil.example/page"}, advice: "Keine Berechtigung"},
		{name: "no origin at all", path: "/note", values: url.Values{"title": {"Gefälscht"}}, advice: "Keine Berechtigung"},
		{name: "a value over 64 kB", path: "/note", headers: sameOriginHeaders(srv),
			values: url.Values{"title": {"Gefälscht"}, "text": {big}}, advice: "einen Schritt zurück"},
		{name: "more than 200 fields", path: "/note", headers: sameOriginHeaders(srv),
			values: many, advice: "einen Schritt zurück"},
		{name: "a script asking for JSON", path: "/note", values: url.Values{"title": {"Gefälscht"}},
			headers: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": srv.URL, "Accept": "application/json"}, advice: "Keine Berechtigung"},
		{name: "API route", path: "/api/v1/note", values: url.Values{"title": {"Gefälscht"}},
			headers: sameOriginHeaders(srv), json: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, srv, tt.headers)
			v := cloneValues(tt.values)
			v.Set(web.CSRFField, b.token())
			b.forget()
			status, body, hdr := b.postForm(tt.path, v)
			if status != http.StatusForbidden {
				t.Fatalf("status %d, want 403:\n%.500s", status, body)
			}
			if strings.Contains(body, "Gefälscht") || strings.Contains(body, "wert") {
				t.Errorf("the refusal echoes the posted values:\n%.2000s", body)
			}
			if tt.json {
				if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || !strings.Contains(body, `"forbidden"`) {
					t.Errorf("Content-Type %q body %q, want the JSON error", ct, body)
				}
				return
			}
			if f := findRepost(t, body); f != nil && f.action != "/logout" {
				t.Errorf("the refusal offers a form to %s:\n%.2000s", f.action, body)
			}
			if !strings.Contains(body, tt.advice) {
				t.Errorf("the page lacks %q:\n%.2000s", tt.advice, body)
			}
		})
	}
}

func TestExpiredTokenKeepsTextOfMultipartButNotFiles(t *testing.T) {
	srv := csrfServer(t)
	b := newBrowser(t, srv, sameOriginHeaders(srv))
	old := b.token()
	b.forget()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(web.CSRFField, old)
	mw.WriteField("title", "Müll am Bach")
	mw.WriteField("password", "geheim-1234")
	fw, _ := mw.CreateFormFile("photo", "bach.jpg")
	fw.Write([]byte("JPEG-INHALT"))
	mw.Close()
	status, body, _ := b.post("/note", mw.FormDataContentType(), &buf)
	if status != http.StatusForbidden {
		t.Fatalf("status %d, want 403:\n%s", status, body)
	}
	for _, leak := range []string{"JPEG-INHALT", "geheim"} {
		if strings.Contains(body, leak) {
			t.Errorf("the page contains %q:\n%s", leak, body)
		}
	}
	if !strings.Contains(body, "bach.jpg") || !strings.Contains(body, "erneut aus") {
		t.Errorf("the page does not ask to choose bach.jpg again:\n%s", body)
	}
	f := findRepost(t, body)
	if f == nil || f.enctype != "multipart/form-data" || f.values.Get("title") != "Müll am Bach" || f.values.Has("photo") {
		t.Fatalf("form %+v, want a multipart form with the title and no photo:\n%s", f, body)
	}
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	for k, vs := range f.values {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	status, body, _ = b.post(f.action, mw.FormDataContentType(), &buf)
	if status != http.StatusOK || !strings.Contains(body, "title=M%C3%BCll+am+Bach") {
		t.Errorf("sending again: status %d %q, want 200 with the title", status, body)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
