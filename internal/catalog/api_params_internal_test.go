package catalog

import (
	"strings"
	"testing"
)

// A keyword the checker does not know would let values through that the
// document forbids, so the module refuses to start instead.
func TestQueryParamsRefuseSchemasTheyCannotCheck(t *testing.T) {
	for _, tc := range []struct{ name, schema, want string }{
		{"pattern", `{"type": "string", "pattern": "^[a-z]+$"}`, `keyword "pattern"`},
		{"number type", `{"type": "number"}`, `type "number"`},
		{"unresolved reference", `{"$ref": "#/components/schemas/Nowhere"}`, "unresolved"},
		{"checked keywords", `{"type": "integer", "minimum": 1, "maximum": 9, "default": 1, "description": "d"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"paths": {"/api/v1/x": {"get": {"parameters": [{"name": "p", "in": "query", "schema": ` + tc.schema + `}]}}}}`
			params, err := queryParams([]byte(doc))
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("queryParams: %v", err)
			case tc.want == "" && len(params["GET /api/v1/x"]) != 1:
				t.Errorf("params %v, want p", params)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("queryParams: %v, want an error naming %s", err, tc.want)
			}
		})
	}
}
