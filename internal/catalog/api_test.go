package catalog_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
)

const openAPIURL = "https://rathaus.example/api/v1/openapi.json"

// openAPISchemas compiles the JSON Schema of every response of the OpenAPI
// document, keyed "METHOD /path STATUS". Compiling them all also proves that
// every $ref of the document resolves.
func openAPISchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(catalog.OpenAPI))
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020) // OpenAPI 3.1's dialect
	c.AssertFormat()
	if err := c.AddResource(openAPIURL, doc); err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(catalog.OpenAPI, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", spec.OpenAPI)
	}
	out := map[string]*jsonschema.Schema{}
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	for path, ops := range spec.Paths {
		for method, op := range ops {
			for status, resp := range op.Responses {
				// Every JSON answer (application/json, application/schema+json
				// of the forms' schemas) has a schema.
				var media string
				for m := range resp.Content {
					if strings.HasSuffix(m, "json") {
						media = m
					}
				}
				if media == "" {
					continue
				}
				ptr := fmt.Sprintf("#/paths/%s/%s/responses/%s/content/%s/schema", esc.Replace(path), method, status, esc.Replace(media))
				sch, err := c.Compile(openAPIURL + ptr)
				if err != nil {
					t.Fatalf("compile %s: %v", ptr, err)
				}
				out[strings.ToUpper(method)+" "+path+" "+status] = sch
			}
		}
	}
	return out
}

// operation maps a request path to the OpenAPI path it is an instance of.
func operation(path string) string {
	p, _, _ := strings.Cut(path, "?")
	switch {
	case p == "/api/v1/services", p == "/api/v1/openapi.json":
		return p
	case strings.HasPrefix(p, "/api/v1/services/"):
		return "/api/v1/services/{slug}"
	}
	return p
}

func TestAPIAnswersMatchTheOpenAPIDocument(t *testing.T) {
	schemas := openAPISchemas(t)
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		s := newSite(t, e)
		base := s.srv.URL
		for _, tc := range []struct {
			name, path string
			status     int
			slugs      []string // the services answered, in order
			count      int      // how many were found, when more than answered
			check      func(t *testing.T, body map[string]any)
		}{
			{name: "list by name", path: "/api/v1/services", status: 200, slugs: []string{"bewohnerparkausweis", "hund-anmelden"}},
			{name: "search", path: "/api/v1/services?q=Hundesteuer", status: 200, slugs: []string{"hund-anmelden"}},
			{name: "search in English", path: "/api/v1/services?q=parking+permit&lang=en", status: 200, slugs: []string{"bewohnerparkausweis"}},
			{name: "topic filter", path: "/api/v1/services?topic=steuern", status: 200, slugs: []string{"hund-anmelden"}},
			{name: "life situation filter", path: "/api/v1/services?life=hund", status: 200, slugs: []string{"hund-anmelden"}},
			{name: "audience filter", path: "/api/v1/services?audience=businesses", status: 200, slugs: []string{"bewohnerparkausweis"}},
			{name: "nothing found", path: "/api/v1/services?q=Xylophon", status: 200, slugs: []string{}},
			{name: "first page", path: "/api/v1/services?limit=1", status: 200, slugs: []string{"bewohnerparkausweis"}, count: 2},
			{name: "second page", path: "/api/v1/services?limit=1&offset=1", status: 200, slugs: []string{"hund-anmelden"}, count: 2},
			{name: "behind the last page", path: "/api/v1/services?offset=5", status: 200, slugs: []string{}, count: 2},
			{name: "the largest offset", path: "/api/v1/services?offset=9223372036854775807&limit=500", status: 200, slugs: []string{}, count: 2},
			{name: "limit zero", path: "/api/v1/services?limit=0", status: 400},
			{name: "limit too high", path: "/api/v1/services?limit=501", status: 400},
			{name: "limit that is no number", path: "/api/v1/services?limit=viele", status: 400},
			{name: "negative offset", path: "/api/v1/services?offset=-1", status: 400},
			{name: "unknown topic", path: "/api/v1/services?topic=gibt-es-nicht", status: 400, check: func(t *testing.T, b map[string]any) {
				if fields := b["error"].(map[string]any)["fields"].([]any); len(fields) != 1 || fields[0].(map[string]any)["field"] != "topic" {
					t.Errorf("error fields = %v, want topic", fields)
				}
			}},
			{name: "unknown audience, in English", path: "/api/v1/services?audience=aliens&lang=en", status: 400, check: func(t *testing.T, b map[string]any) {
				if msg := fmt.Sprint(b["error"]); !strings.Contains(msg, "Please give one of these values: citizens, businesses.") {
					t.Errorf("error = %s, want the English message", msg)
				}
			}},
			{name: "one service with its form", path: "/api/v1/services/hund-anmelden", status: 200, check: func(t *testing.T, b map[string]any) {
				want := map[string]any{
					"leika_key": "99104004001000", "form_id": "hund-anmelden",
					"form_url": base + "/forms/hund-anmelden", "form_schema_url": base + "/forms/hund-anmelden/schema.json",
					"url": base + "/services/hund-anmelden",
				}
				for k, v := range want {
					if b[k] != v {
						t.Errorf("%s = %v, want %v", k, b[k], v)
					}
				}
				if d := b["department"].(map[string]any); d["slug"] != "kaemmerei" || d["name"] != "Kämmerei" {
					t.Errorf("department = %v", d)
				}
				if ch := fmt.Sprint(b["channels"]); ch != "[online in_person]" {
					t.Errorf("channels = %s", ch)
				}
				if f := b["fees"].(map[string]any); f["amount_cents"] != float64(9600) || f["currency"] != "EUR" {
					t.Errorf("fees = %v", f)
				}
				if tp := b["topics"].([]any)[0].(map[string]any); tp["url"] != base+"/services/topic/steuern" {
					t.Errorf("topic = %v", tp)
				}
			}},
			{name: "one service without a form", path: "/api/v1/services/bewohnerparkausweis", status: 200, check: func(t *testing.T, b map[string]any) {
				for _, k := range []string{"form_id", "form_url", "form_schema_url", "leika_key"} {
					if v, ok := b[k]; !ok || v != nil {
						t.Errorf("%s = %v (present %v), want null", k, v, ok)
					}
				}
				if b["name"].(map[string]any)["en"] != "Resident parking permit" {
					t.Errorf("name = %v", b["name"])
				}
			}},
			{name: "a draft is not there", path: "/api/v1/services/entwurf", status: 404},
			{name: "unknown service", path: "/api/v1/services/gibt-es-nicht", status: 404},
			{name: "the document itself", path: "/api/v1/openapi.json", status: 200, check: func(t *testing.T, b map[string]any) {
				if b["openapi"] != "3.1.0" {
					t.Errorf("openapi = %v", b["openapi"])
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := s.srv.Client().Get(tc.path)
				if r.StatusCode != tc.status {
					t.Fatalf("GET %s: %d, want %d:\n%s", tc.path, r.StatusCode, tc.status, r.Body)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("Content-Type %q", ct)
				}
				if r.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("no Access-Control-Allow-Origin: * on a read")
				}
				key := fmt.Sprintf("GET %s %d", operation(tc.path), tc.status)
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
				var body map[string]any
				json.Unmarshal([]byte(r.Body), &body)
				if tc.slugs != nil {
					got := []string{}
					for _, v := range body["services"].([]any) {
						got = append(got, v.(map[string]any)["slug"].(string))
					}
					count := tc.count
					if count == 0 {
						count = len(tc.slugs)
					}
					if fmt.Sprint(got) != fmt.Sprint(tc.slugs) || body["count"] != float64(count) {
						t.Errorf("services %v (count %v), want %v", got, body["count"], tc.slugs)
					}
				}
				if tc.check != nil {
					tc.check(t, body)
				}
			})
		}
		noMissingMessages(t, s)
	})
}

func TestOpenAPISchemaRefusesAnswersThatBreakIt(t *testing.T) {
	sch := openAPISchemas(t)["GET /api/v1/services/{slug} 200"]
	good := `{"slug":"a","url":"http://x.example/services/a","leika_key":null,"name":{"de":"A","en":"A"},
		"description":{"de":"","en":""},"procedure":{"de":"","en":""},"audience":["citizens"],
		"department":{"slug":"d","name":"D"},"channels":["in_person"],"form_id":null,"form_url":null,"form_schema_url":null,"form_account_required":null,
		"documents":{"de":[],"en":[]},"fees":{"text":{"de":"","en":""},"amount_cents":null,"currency":"EUR"},
		"legal_basis":"","keywords":{"de":[],"en":[]},"topics":[],"life_situations":[],"updated_at":"2026-03-02T09:30:00Z"}`
	for name, body := range map[string]string{
		"good":                 good,
		"LeiKa key of 13":      strings.Replace(good, `"leika_key":null`, `"leika_key":"1234567890123"`, 1),
		"unknown channel":      strings.Replace(good, `"in_person"`, `"carrier_pigeon"`, 1),
		"no audience":          strings.Replace(good, `"audience":["citizens"]`, `"audience":[]`, 1),
		"unlisted field":       strings.Replace(good, `"slug":"a",`, `"slug":"a","secret":1,`, 1),
		"account rule as text": strings.Replace(good, `"form_account_required":null`, `"form_account_required":"ja"`, 1),
		"no account rule":      strings.Replace(good, `"form_account_required":null,`, ``, 1),
		"date that is no date": strings.Replace(good, `2026-03-02T09:30:00Z`, `gestern`, 1),
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		err = sch.Validate(inst)
		if (name == "good") != (err == nil) {
			t.Errorf("%s: Validate = %v", name, err)
		}
	}
}

func TestAPIPreflightAllowsReadsFromOtherSites(t *testing.T) {
	s := newSite(t, testkit.SQLite)
	req, _ := http.NewRequest(http.MethodOptions, s.srv.URL+"/api/v1/services", nil)
	req.Header.Set("Origin", "https://portal.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	if resp.StatusCode != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", resp.StatusCode, h)
	}
	methods := strings.Split(h.Get("Access-Control-Allow-Methods"), ", ")
	sort.Strings(methods)
	if fmt.Sprint(methods) != "[GET HEAD OPTIONS]" {
		t.Errorf("preflight allows %v, want reads only", methods)
	}
}
