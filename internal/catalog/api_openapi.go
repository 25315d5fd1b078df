package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// OpenAPI is the OpenAPI 3.1 document of the town hall's own JSON API
// (/api/v1/…). It is a plain file so that other modules' authors can add
// their endpoints to it; its server URL "/" is relative to where it is
// served, so it needs no rewriting per installation.
//
//go:embed openapi/openapi.json
var OpenAPI []byte

// openAPIDocument checks the document once at start.
func openAPIDocument() ([]byte, error) {
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		return nil, fmt.Errorf("catalog: openapi.json: %w", err)
	}
	if doc.OpenAPI != "3.1.0" || len(doc.Paths) == 0 {
		return nil, fmt.Errorf("catalog: openapi.json: want an OpenAPI 3.1.0 document with paths")
	}
	return OpenAPI, nil
}

// apiOpenAPI serves the document; it changes only with the program.
func (m *Module) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	answer(w, r, m.openAPI, 3600)
}
