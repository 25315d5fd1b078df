package open311

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxLine bounds an answer of datatype string.
const maxLine = 1000

// Answers are attribute values by attribute code.
type Answers map[string][]string

// ValidateAttributes checks the answers of a Submission against the
// service's definition: every required attribute is answered, each answer
// fits its datatype, list answers are keys of the list, and only a
// multivaluelist takes several values. Answers to codes the definition does
// not know, or to attributes that only inform (variable false), are
// dropped rather than refused, because clients such as FixMyStreet send
// attributes of their own. It returns the answers kept; the error is Errors.
func ValidateAttributes(def ServiceDefinition, answers Answers) (Answers, error) {
	attrs := slices.Clone(def.Attributes)
	// In the order the user saw them, so errors read top to bottom.
	slices.SortStableFunc(attrs, func(a, b Attribute) int { return cmp.Compare(a.Order, b.Order) })
	var errs Errors
	fail := func(key string, args ...any) {
		errs = append(errs, newError(http.StatusBadRequest, key, args...))
	}
	var kept Answers
	for _, a := range attrs {
		if !a.Variable {
			continue
		}
		name := "attribute[" + a.Code + "]"
		vals := answers[a.Code]
		if len(vals) == 0 {
			if a.Required {
				fail("open311.error.required", name)
			}
			continue
		}
		if len(vals) > 1 && a.Datatype != DatatypeMultiValueList {
			fail("open311.error.single", name)
			continue
		}
		if key, args := checkAnswer(a, vals); key != "" {
			fail(key, append([]any{name}, args...)...)
			continue
		}
		if kept == nil {
			kept = Answers{}
		}
		kept[a.Code] = slices.Clone(vals)
	}
	if len(errs) > 0 {
		return kept, errs
	}
	return kept, nil
}

// checkAnswer checks the values of one attribute against its datatype and
// returns the message key of what is wrong, "" when nothing is, and the
// message's arguments after the attribute's name.
func checkAnswer(a Attribute, vals []string) (string, []any) {
	switch a.Datatype {
	case DatatypeNumber:
		if _, ok := parseDecimal(vals[0], true); !ok {
			return "open311.error.attribute_number", nil
		}
	case DatatypeDatetime:
		if _, err := parseDate(vals[0]); err != nil {
			return "open311.error.attribute_datetime", nil
		}
	case DatatypeSingleValueList, DatatypeMultiValueList:
		for _, v := range vals {
			if !slices.ContainsFunc(a.Values, func(o Value) bool { return o.Key == v }) {
				return "open311.error.choice", nil
			}
		}
	case DatatypeText:
		// Line breaks allowed; the length was checked when parsing.
	default:
		// string, and any datatype a definition got wrong: one line.
		if strings.ContainsAny(vals[0], "\r\n") {
			return "open311.error.line", nil
		}
		if n := utf8.RuneCountInString(vals[0]); n > maxLine {
			return "open311.error.too_long", []any{maxLine}
		}
	}
	return "", nil
}
