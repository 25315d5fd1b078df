package catalog_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

// docParam is a query parameter as the OpenAPI document declares it, read
// here on its own (not with the code under test).
type docParam struct {
	op, path, name string
	schema         struct {
		Type      string   `json:"type"`
		Enum      []string `json:"enum"`
		Minimum   *int64   `json:"minimum"`
		Maximum   *int64   `json:"maximum"`
		MaxLength int      `json:"maxLength"`
	}
}

// docQueryParams lists every query parameter of every operation of the
// document, $refs resolved.
func docQueryParams(t *testing.T) []docParam {
	t.Helper()
	var doc struct {
		Paths      map[string]map[string]struct{ Parameters []json.RawMessage } `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
			Schemas    map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(catalog.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	deref := func(raw json.RawMessage, in map[string]json.RawMessage) json.RawMessage {
		var r struct {
			Ref string `json:"$ref"`
		}
		json.Unmarshal(raw, &r)
		if r.Ref == "" {
			return raw
		}
		target := in[r.Ref[strings.LastIndex(r.Ref, "/")+1:]]
		if target == nil {
			t.Fatalf("unresolved %s", r.Ref)
		}
		return target
	}
	var out []docParam
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for _, raw := range op.Parameters {
				var p struct {
					Name, In string
					Schema   json.RawMessage
				}
				json.Unmarshal(deref(raw, doc.Components.Parameters), &p)
				if p.In != "query" {
					continue
				}
				dp := docParam{op: strings.ToUpper(method) + " " + path, path: path, name: p.Name}
				json.Unmarshal(deref(p.Schema, doc.Components.Schemas), &dp.schema)
				out = append(out, dp)
			}
		}
	}
	slices.SortFunc(out, func(a, b docParam) int { return strings.Compare(a.op+a.name, b.op+b.name) })
	return out
}

// badValues are values the parameter's schema does not allow, each with
// what it tries; every parameter can at least be given twice.
func (p docParam) badValues() map[string][]string {
	bad := map[string][]string{"given twice": {p.valid(), p.valid()}}
	s := p.schema
	if s.Enum != nil {
		bad["not in the enum"] = []string{"fr"}
		bad["enum value in capitals"] = []string{strings.ToUpper(s.Enum[0])}
	}
	if s.Type == "integer" {
		bad["no number"] = []string{"viele"}
		bad["a fraction"] = []string{"1.5"}
		bad["beyond 64 bits"] = []string{"99999999999999999999"}
	}
	if s.Minimum != nil {
		bad["below the minimum"] = []string{strconv.FormatInt(*s.Minimum-1, 10)}
	}
	if s.Maximum != nil {
		bad["above the maximum"] = []string{strconv.FormatInt(*s.Maximum+1, 10)}
	}
	if s.MaxLength > 0 {
		bad["one character too long"] = []string{strings.Repeat("ä", s.MaxLength+1)}
	}
	return bad
}

// valid is a value the schema allows.
func (p docParam) valid() string {
	switch s := p.schema; {
	case s.Enum != nil:
		return s.Enum[len(s.Enum)-1]
	case s.Minimum != nil:
		return strconv.FormatInt(*s.Minimum, 10)
	case s.Type == "integer":
		return "1"
	}
	return map[string]string{"q": "hund", "topic": "steuern", "life": "hund"}[p.name]
}

// instance fills the path parameters of an operation's path.
func instance(path string) string {
	return strings.Replace(path, "{slug}", "hund-anmelden", 1)
}

func TestAPIRefusesEveryQueryParameterOutsideTheDocument(t *testing.T) {
	schemas := openAPISchemas(t)
	params := docQueryParams(t)
	if len(params) < 8 {
		t.Fatalf("found %d query parameters in the document; the reading of it is broken", len(params))
	}
	s := newSite(t, testkit.SQLite)
	for _, p := range params {
		for what, values := range p.badValues() {
			t.Run(p.op+" "+p.name+" "+what, func(t *testing.T) {
				q := url.Values{p.name: values}
				target := instance(p.path) + "?" + q.Encode()
				r := s.srv.Client().Get(target + "&lang=en")
				if p.name == "lang" {
					r = s.srv.Client().Get(target)
				}
				if r.StatusCode != http.StatusBadRequest {
					t.Fatalf("GET %s: %d, want 400:\n%s", target, r.StatusCode, r.Body)
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if r.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("no Access-Control-Allow-Origin: * on an error")
				}
				key := p.op + " 400"
				sch := schemas[key]
				if sch == nil {
					t.Fatalf("the OpenAPI document has no response %s", key)
				}
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(r.Body))
				if err != nil {
					t.Fatalf("answer is no JSON: %v\n%s", err, r.Body)
				}
				if err := sch.Validate(inst); err != nil {
					t.Errorf("answer does not match the OpenAPI schema of %s: %v\n%s", key, err, r.Body)
				}
				var body struct {
					Error struct {
						Code   string
						Fields []struct{ Field, Message string }
					}
				}
				json.Unmarshal([]byte(r.Body), &body)
				if body.Error.Code != "bad_request" || len(body.Error.Fields) != 1 || body.Error.Fields[0].Field != p.name {
					t.Errorf("error %+v, want bad_request naming %s alone", body.Error, p.name)
				}
				if len(body.Error.Fields) == 1 && p.name != "lang" && !strings.HasPrefix(body.Error.Fields[0].Message, "Please") {
					t.Errorf("message %q is not in the English of ?lang=en", body.Error.Fields[0].Message)
				}
			})
		}
	}
}

func TestAPIAcceptsWhatTheDocumentAllows(t *testing.T) {
	s := newSite(t, testkit.SQLite)
	for _, tc := range []struct{ name, path string }{
		{"German", "/api/v1/services?lang=de"},
		{"English", "/api/v1/services/hund-anmelden?lang=en"},
		{"the smallest and largest limit", "/api/v1/services?limit=1&offset=0"},
		{"the largest limit", "/api/v1/services?limit=500"},
		{"a search of 200 characters with umlauts", "/api/v1/services?q=" + strings.Repeat("ä", 200)},
		{"empty parameters count as not given", "/api/v1/services?q=&topic=&life=&audience=&limit=&offset=&lang="},
		{"parameters the document does not name are ignored", "/api/v1/services?utm_source=portal"},
		{"both audiences", "/api/v1/services?audience=citizens"},
		{"the document with a parameter", "/api/v1/openapi.json?v=2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := s.srv.Client().Get(tc.path); r.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %d, want 200:\n%s", tc.path, r.StatusCode, r.Body)
			}
		})
	}
}

func TestAPIAnswersCarryAValidatorForConditionalRequests(t *testing.T) {
	s := newSite(t, testkit.SQLite)
	get := func(path, etag string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	paths := []string{"/api/v1/services", "/api/v1/services/hund-anmelden", "/api/v1/openapi.json"}
	tags := map[string]string{}
	for _, path := range paths {
		first := get(path, "")
		tag := first.Header.Get("ETag")
		if first.StatusCode != 200 || tag == "" || !strings.HasPrefix(first.Header.Get("Cache-Control"), "public, max-age=") {
			t.Fatalf("GET %s: %d, ETag %q, Cache-Control %q", path, first.StatusCode, tag, first.Header.Get("Cache-Control"))
		}
		if again := get(path, tag); again.StatusCode != http.StatusNotModified || again.Header.Get("ETag") != tag {
			t.Errorf("GET %s with If-None-Match %s: %d, want 304", path, tag, again.StatusCode)
		}
		if other := get(path, `W/"anders"`); other.StatusCode != http.StatusOK {
			t.Errorf("GET %s with another tag: %d, want 200", path, other.StatusCode)
		}
		tags[path] = tag
	}
	// A change of the catalog changes the answers and their tags.
	dog := *s.dog
	dog.Name.DE = "Hund zur Steuer anmelden"
	if _, err := s.srv.App.Catalog.Save(s.srv.Ctx(), dog, admin); err != nil {
		t.Fatal(err)
	}
	for _, path := range paths[:2] {
		if r := get(path, tags[path]); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == tags[path] {
			t.Errorf("GET %s after a change: %d, ETag %s; want 200 and a new tag", path, r.StatusCode, r.Header.Get("ETag"))
		}
	}
}
