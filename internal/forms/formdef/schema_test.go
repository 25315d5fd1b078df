package formdef

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, f *Form) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.JSONSchema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v\n%s", err, f.JSONSchema())
	}
	return sch
}

// asJSON round-trips answers through JSON as the database and the API do.
func asJSON(t *testing.T, a Answers) any {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cleanGood(t *testing.T, id string) (*Form, Answers) {
	f := demoForm(t, id)
	a, errs := fill(t, f, goodAnswers[id], "de")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	f.Compute(a)
	f.Clean(a)
	return f, a
}

func TestJSONSchemaAcceptsGoodAnswersOfEveryDemoForm(t *testing.T) {
	for _, id := range demoIDs(t) {
		t.Run(id, func(t *testing.T) {
			f, a := cleanGood(t, id)
			if err := compileSchema(t, f).Validate(asJSON(t, a)); err != nil {
				t.Fatalf("good answers fail the schema: %v\nanswers %#v", err, a)
			}
		})
	}
}

func TestJSONSchemaRejectsBadAnswers(t *testing.T) {
	cases := []struct {
		name, id string
		change   func(a Answers)
	}{
		{"unknown_key", "hund-anmelden", func(a Answers) { a["hacked"] = "x" }},
		{"missing_required", "hund-anmelden", func(a Answers) { delete(a, "name") }},
		{"number_as_text", "halteverbot-umzug", func(a Answers) { a["length"] = "zwanzig" }},
		{"fraction_for_integer", "halteverbot-umzug", func(a Answers) { a["length"] = 12.5 }},
		{"number_over_max", "halteverbot-umzug", func(a Answers) { a["length"] = 51.0 }},
		{"money_one_decimal", "halteverbot-umzug", func(a Answers) { a["fee"] = "75.0" }},
		{"date_german_format", "halteverbot-umzug", func(a Answers) { a["date_from"] = "20.03.2026" }},
		{"unknown_option", "halteverbot-umzug", func(a Answers) { a["hours"] = "night" }},
		{"yesno_as_text", "halteverbot-umzug", func(a Answers) { a["company"] = "ja" }},
		{"postal_code_four_digits", "halteverbot-umzug", func(a Answers) { a["location"].(map[string]any)["postal_code"] = "4814" }},
		{"address_extra_key", "halteverbot-umzug", func(a Answers) { a["location"].(map[string]any)["floor"] = "3" }},
		{"iban_with_spaces", "hund-anmelden", func(a Answers) { a["iban"] = "DE89 3704 0044 0532 0130 00" }},
		{"checkbox_unknown", "hund-anmelden", func(a Answers) { a["mandate"] = []string{"maybe"} }},
		{"checkbox_twice", "hund-anmelden", func(a Answers) { a["mandate"] = []string{"agree", "agree"} }},
		{"group_item_extra_key", "hund-anmelden", func(a Answers) { a["dogs"].([]map[string]any)[0]["owner"] = "x" }},
		{"group_item_missing_required", "hund-anmelden", func(a Answers) { delete(a["dogs"].([]map[string]any)[0], "dog_name") }},
		{"group_too_many_items", "hund-anmelden", func(a Answers) {
			items := a["dogs"].([]map[string]any)
			a["dogs"] = append(items, items[0], items[0], items[0], items[0])
		}},
		{"group_empty", "hund-anmelden", func(a Answers) { a["dogs"] = []map[string]any{} }},
		{"file_too_large", "bewohnerparkausweis", func(a Answers) { a["registration"].(map[string]any)["size"] = float64(6 << 20) }},
		{"email_invalid", "meldebescheinigung", func(a Answers) { a["email"] = "tom" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, a := cleanGood(t, tc.id)
			tc.change(a)
			if err := compileSchema(t, f).Validate(asJSON(t, a)); err == nil {
				t.Fatalf("schema accepted %#v", a)
			}
		})
	}
}

func TestJSONSchemaDescribesTheForm(t *testing.T) {
	f := demoForm(t, "hund-anmelden")
	var s map[string]any
	if err := json.Unmarshal(f.JSONSchema(), &s); err != nil {
		t.Fatal(err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["title"] != "Hund anmelden" {
		t.Errorf("header %v %v", s["$schema"], s["title"])
	}
	props := s["properties"].(map[string]any)
	if _, ok := props["tax_info"]; ok {
		t.Error("info field in schema")
	}
	if props["tax_total"].(map[string]any)["readOnly"] != true {
		t.Error("calculated field not readOnly")
	}
	if !bytes.Equal(f.JSONSchema(), f.JSONSchema()) {
		t.Error("schema output is not stable")
	}
}
