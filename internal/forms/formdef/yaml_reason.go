package formdef

import (
	"regexp"
	"strings"
)

// yamlReason is a syntax message of the YAML parser. It is English; the
// frequent ones are said again in German, the rest stay as they are.
type yamlReason string

// yamlReasons translate the parser's messages that authors meet most,
// matched on their start.
var yamlReasons = []struct{ en, de string }{
	{"found character '\t' that cannot start any token", "Tabulatorzeichen sind nicht erlaubt; rücken Sie bitte mit Leerzeichen ein"},
	{"could not find end character of double-quoted text", "Ein doppeltes Anführungszeichen (\") wird nicht geschlossen"},
	{"could not find end character of single-quoted text", "Ein einfaches Anführungszeichen (') wird nicht geschlossen"},
	{"sequence end token ']' not found", "Eine eckige Klammer [ wird nicht mit ] geschlossen"},
	{"could not find flow mapping end token '}'", "Eine geschweifte Klammer { wird nicht mit } geschlossen"},
	{"',' or ']' must be specified", "Hier wird , oder ] erwartet"},
	{"',' or '}' must be specified", "Hier wird , oder } erwartet"},
	{"could not find expected ':'", "Hier fehlt ein Doppelpunkt (:)"},
	{"expected map key-value delimiter ':'", "Hier fehlt ein Doppelpunkt (:)"},
	{"non-map value is specified", "Hier wird „schlüssel: wert“ erwartet; fehlt ein Doppelpunkt?"},
	{"mapping value is not allowed in this context", "Ein Doppelpunkt ist hier nicht erlaubt; prüfen Sie die Einrückung oder setzen Sie den Wert in Anführungszeichen"},
	{"value is not allowed in this context", "Ein Wert ist hier nicht erlaubt; prüfen Sie die Einrückung"},
}

var yamlDuplicateKey = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]$`)

func (y yamlReason) in(lang string) string {
	s := string(y)
	if lang == "en" {
		return s
	}
	if m := yamlDuplicateKey.FindStringSubmatch(s); m != nil {
		return "Der Schlüssel „" + m[1] + "“ steht schon in Zeile " + m[2]
	}
	for _, r := range yamlReasons {
		if strings.HasPrefix(s, r.en) {
			return r.de
		}
	}
	return s
}
