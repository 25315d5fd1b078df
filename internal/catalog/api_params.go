package catalog

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// The query parameters of the API are checked against openapi.json itself,
// so the document and the code cannot tell different stories: a value the
// document does not allow is refused with 400 before a handler sees it. The
// checker knows the few schema keywords our parameters use and refuses to
// start on any other, so a new keyword cannot be silently ignored.

// param is one query parameter of an operation, as the document declares it.
type param struct {
	name      string
	integer   bool // "type": "integer"; otherwise a string
	enum      []string
	min, max  *int64
	maxLength int
}

// queryParams reads the query parameters of every operation of the
// document, keyed "GET /api/v1/services".
func queryParams(doc []byte) (map[string][]param, error) {
	var d struct {
		Paths      map[string]map[string]struct{ Parameters []json.RawMessage } `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
			Schemas    map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	// resolve follows a "$ref" into the components.
	resolve := func(raw json.RawMessage, kind string, in map[string]json.RawMessage) (json.RawMessage, error) {
		var ref struct {
			Ref string `json:"$ref"`
		}
		json.Unmarshal(raw, &ref)
		if ref.Ref == "" {
			return raw, nil
		}
		name, ok := strings.CutPrefix(ref.Ref, "#/components/"+kind+"/")
		if !ok || in[name] == nil {
			return nil, fmt.Errorf("unresolved $ref %q", ref.Ref)
		}
		return in[name], nil
	}
	out := map[string][]param{}
	for path, ops := range d.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			if _, ok := out[key]; !ok {
				out[key] = nil // an operation without query parameters is known too
			}
			for _, raw := range op.Parameters {
				raw, err := resolve(raw, "parameters", d.Components.Parameters)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				var p struct {
					Name, In string
					Schema   json.RawMessage
				}
				if err := json.Unmarshal(raw, &p); err != nil {
					return nil, fmt.Errorf("%s: %w", key, err)
				}
				if p.In != "query" {
					continue
				}
				sch, err := resolve(p.Schema, "schemas", d.Components.Schemas)
				if err != nil {
					return nil, fmt.Errorf("%s parameter %s: %w", key, p.Name, err)
				}
				rule, err := paramRule(p.Name, sch)
				if err != nil {
					return nil, fmt.Errorf("%s parameter %s: %w", key, p.Name, err)
				}
				out[key] = append(out[key], rule)
			}
		}
	}
	return out, nil
}

// paramRule reads a parameter's schema.
func paramRule(name string, schema json.RawMessage) (param, error) {
	var kw map[string]json.RawMessage
	if err := json.Unmarshal(schema, &kw); err != nil {
		return param{}, err
	}
	p := param{name: name}
	for k, v := range kw {
		var err error
		switch k {
		case "description", "default":
		case "type":
			var t string
			err = json.Unmarshal(v, &t)
			switch {
			case err != nil:
			case t == "integer":
				p.integer = true
			case t != "string":
				err = fmt.Errorf("type %q is not checked", t)
			}
		case "enum":
			err = json.Unmarshal(v, &p.enum)
		case "minimum":
			err = json.Unmarshal(v, &p.min)
		case "maximum":
			err = json.Unmarshal(v, &p.max)
		case "maxLength":
			err = json.Unmarshal(v, &p.maxLength)
		default:
			err = fmt.Errorf("keyword %q is not checked", k)
		}
		if err != nil {
			return param{}, fmt.Errorf("%s: %w", k, err)
		}
	}
	return p, nil
}

// check adds to bad what is wrong with the parameter in q. An empty value
// counts as not given, as from a form with an empty field.
func (p param) check(q url.Values, bad *errs.Fields) {
	vs := q[p.name]
	switch {
	case len(vs) == 0 || len(vs) == 1 && vs[0] == "":
		return
	case len(vs) > 1:
		bad.Add(p.name, "catalog.api.param.once")
		return
	}
	v := vs[0]
	if p.maxLength > 0 && utf8.RuneCountInString(v) > p.maxLength {
		bad.Add(p.name, "catalog.api.param.too_long", p.maxLength)
	}
	if p.enum != nil && !contains(p.enum, v) {
		bad.Add(p.name, "catalog.api.param.enum", strings.Join(p.enum, ", "))
	}
	if !p.integer {
		return
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err == nil && (p.min == nil || n >= *p.min) && (p.max == nil || n <= *p.max) {
		return
	}
	// The message says what is wanted, whatever was wrong.
	switch {
	case p.min != nil && p.max != nil:
		bad.Add(p.name, "catalog.api.param.between", *p.min, *p.max)
	case p.min != nil:
		bad.Add(p.name, "catalog.api.param.min", *p.min)
	case p.max != nil:
		bad.Add(p.name, "catalog.api.param.max", *p.max)
	default:
		bad.Add(p.name, "catalog.api.param.integer")
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// checked refuses a request to operation op ("GET /api/v1/services") whose
// query parameters the document does not allow, with 400 and every wrong
// parameter named.
func (m *Module) checked(op string, h http.HandlerFunc) http.HandlerFunc {
	params := m.params[op]
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var bad errs.Fields
		for _, p := range params {
			p.check(q, &bad)
		}
		if len(bad) > 0 {
			e := errs.E(errs.BadRequest, "error.bad_request")
			e.Fields = bad
			m.site.Error(w, r, e)
			return
		}
		h(w, r)
	}
}
