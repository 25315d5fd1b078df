package formdef

import (
	"encoding/json"
	"fmt"
)

type obj = map[string]any

// JSONSchema returns the JSON Schema (draft 2020-12) of this version's
// cleaned Answers (after Compute and Clean), with German titles. Conditional
// rules (show_if, bounds on money and dates, checksums) cannot be expressed
// in a schema: the schema describes shapes and fixed limits, and a field is
// listed as required only when it is required and always shown.
func (f *Form) JSONSchema() []byte { return f.JSONSchemaIn("de") }

// JSONSchemaIn is JSONSchema with titles and descriptions in lang ("de",
// "en"); text the form has only in German stays German.
func (f *Form) JSONSchemaIn(lang string) []byte {
	props, required := obj{}, []string{}
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			if fd.Type == TypeInfo {
				continue
			}
			props[fd.Name] = fieldSchema(fd, lang)
			if fd.Required && fd.ShowIf == "" && p.ShowIf == "" && fd.Calc == "" {
				required = append(required, fd.Name)
			}
		}
	}
	s := obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"title":                f.Title.In(lang),
		"description":          fmt.Sprintf(schemaDescription(lang), f.ID, f.Version),
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // only maps, strings and numbers: cannot fail
	}
	return out
}

// schemaDescription describes the schema document; the form ID and version
// fill it in.
func schemaDescription(lang string) string {
	if lang == "en" {
		return "Answers to the form %q, version %d"
	}
	return "Antworten auf das Formular %q, Version %d"
}

func fieldSchema(fd *Field, lang string) obj {
	s := obj{"title": fd.Label.In(lang)}
	if h := fd.Hint.In(lang); h != "" {
		s["description"] = h
	}
	if fd.Calc != "" {
		s["readOnly"] = true
	}
	str := func(pattern string) {
		s["type"] = "string"
		if pattern != "" {
			s["pattern"] = pattern
		}
	}
	switch fd.Type {
	case TypeText, TypeTextarea:
		str("")
		if fd.MinLength > 0 {
			s["minLength"] = fd.MinLength
		}
		if fd.MaxLength > 0 {
			s["maxLength"] = fd.MaxLength
		}
		if fd.Pattern != "" {
			s["pattern"] = "^(?:" + fd.Pattern + ")$"
		}
	case TypeNumber:
		s["type"] = "number"
		if fd.Integer {
			s["type"] = "integer"
		}
		if fd.Min != nil {
			s["minimum"] = *fd.Min
		}
		if fd.Max != nil {
			s["maximum"] = *fd.Max
		}
	case TypeMoney:
		if fd.Min != nil && *fd.Min < 0 {
			str(`^-?[0-9]+\.[0-9]{2}$`)
		} else {
			str(`^[0-9]+\.[0-9]{2}$`)
		}
	case TypeDate:
		str(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
		s["format"] = "date"
	case TypeEmail:
		str("")
		s["format"] = "email"
		s["maxLength"] = 254
	case TypePhone:
		str(`^[+0(][0-9 ()/+-]{5,29}$`)
	case TypeIBAN:
		str(`^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$`)
	case TypeBIC:
		str(`^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	case TypeRadio, TypeSelect:
		str("")
		s["enum"] = optionValues(fd)
	case TypeCheckboxes:
		s["type"] = "array"
		s["items"] = obj{"type": "string", "enum": optionValues(fd)}
		s["uniqueItems"] = true
		s["minItems"] = 1
		if fd.Min != nil {
			s["minItems"] = int(*fd.Min)
		}
		if fd.Max != nil {
			s["maxItems"] = int(*fd.Max)
		}
	case TypeYesNo:
		s["type"] = "boolean"
	case TypeAddress:
		s["type"] = "object"
		s["properties"] = obj{
			"street":       obj{"type": "string", "minLength": 1, "maxLength": 100},
			"house_number": obj{"type": "string", "pattern": houseNumberRe.String()},
			"postal_code":  obj{"type": "string", "pattern": postalCodeRe.String()},
			"city":         obj{"type": "string", "minLength": 1, "maxLength": 100},
		}
		s["required"] = AddressParts
		s["additionalProperties"] = false
	case TypeFile:
		s["type"] = "object"
		s["properties"] = obj{
			"blob": obj{"type": "string"},
			"name": obj{"type": "string"},
			"type": obj{"type": "string"},
			"size": obj{"type": "integer", "minimum": 1, "maximum": int64(fd.maxSizeMB()) << 20},
		}
		s["required"] = []string{"blob", "name"}
		s["additionalProperties"] = false
	case TypeGroup:
		props, required := obj{}, []string{}
		for _, c := range fd.Fields {
			if c.Type == TypeInfo {
				continue
			}
			props[c.Name] = fieldSchema(c, lang)
			if c.Required && c.ShowIf == "" && c.Calc == "" {
				required = append(required, c.Name)
			}
		}
		s["type"] = "array"
		s["items"] = obj{"type": "object", "properties": props, "required": required, "additionalProperties": false}
		if fd.Min != nil {
			s["minItems"] = int(*fd.Min)
		}
		if fd.Max != nil {
			s["maxItems"] = int(*fd.Max)
		}
	}
	return s
}

func optionValues(fd *Field) []string {
	out := make([]string, len(fd.Options))
	for i, o := range fd.Options {
		out[i] = o.Value
	}
	return out
}
