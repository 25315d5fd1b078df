package formdef

import "fmt"

// messages are the validation messages, German first. formdef translates its
// own messages so every caller shows the same plain wording; "%s" and "%d"
// are filled by msg.
var messages = map[string][2]string{
	"required":           {"Bitte füllen Sie „%s“ aus.", "Please fill in “%s”."},
	"required_pick":      {"Bitte wählen Sie bei „%s“ eine Antwort aus.", "Please choose an answer for “%s”."},
	"required_yesno":     {"Bitte wählen Sie bei „%s“ Ja oder Nein.", "Please choose yes or no for “%s”."},
	"required_boxes":     {"Bitte kreuzen Sie bei „%s“ mindestens eine Möglichkeit an.", "Please tick at least one box for “%s”."},
	"required_confirm":   {"Bitte bestätigen Sie „%s“, indem Sie das Kästchen ankreuzen.", "Please confirm “%s” by ticking the box."},
	"required_statement": {"Bitte kreuzen Sie das Kästchen an, um zu bestätigen: „%s“", "Please tick the box to confirm: “%s”"},
	"required_file":      {"Bitte laden Sie „%s“ hoch.", "Please upload “%s”."},
	"too_short":          {"Bitte geben Sie mindestens %d Zeichen ein.", "Please enter at least %d characters."},
	"too_long":           {"Bitte geben Sie höchstens %d Zeichen ein (jetzt sind es %d).", "Please enter at most %d characters (you entered %d)."},
	"too_long_clipped":   {"Bitte geben Sie höchstens %d Zeichen ein (jetzt sind es mehr als %d).", "Please enter at most %d characters (you entered more than %d)."},
	"pattern":            {"Bitte prüfen Sie die Schreibweise Ihrer Eingabe.", "Please check how your answer is written."},
	"number":             {"Bitte geben Sie eine Zahl ein, z. B. 3 oder 2,5.", "Please enter a number, for example 3 or 2.5."},
	"integer":            {"Bitte geben Sie eine ganze Zahl ein, z. B. 3.", "Please enter a whole number, for example 3."},
	"num_min":            {"Die Zahl muss mindestens %s sein.", "The number must be %s or more."},
	"num_max":            {"Die Zahl darf höchstens %s sein.", "The number must be %s or less."},
	"money":              {"Bitte geben Sie einen Betrag in Euro ein, z. B. 12,50.", "Please enter an amount in euros, for example 12.50."},
	"money_min":          {"Der Betrag muss mindestens %s sein.", "The amount must be %s or more."},
	"money_max":          {"Der Betrag darf höchstens %s sein.", "The amount must be %s or less."},
	"date":               {"Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein, z. B. 01.03.2026.", "Please enter a real date as DD.MM.YYYY, for example 01.03.2026."},
	"date_min":           {"Das Datum darf nicht vor dem %s liegen.", "The date must be on or after %s."},
	"date_max":           {"Das Datum darf nicht nach dem %s liegen.", "The date must be on or before %s."},
	"email":              {"Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.", "Please enter a valid email address, for example name@example.com."},
	"phone":              {"Bitte geben Sie eine gültige Telefonnummer ein, z. B. 0251 1234567 oder +49 251 1234567.", "Please enter a valid phone number, for example 0251 1234567 or +49 251 1234567."},
	"street":             {"Bitte geben Sie die Straße an.", "Please enter the street."},
	"house_number":       {"Bitte geben Sie die Hausnummer an, z. B. 12 oder 12a.", "Please enter the house number, for example 12 or 12a."},
	"postal_code":        {"Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein, z. B. 48143.", "Please enter a postcode with 5 digits, for example 48143."},
	"city":               {"Bitte geben Sie den Ort an.", "Please enter the town or city."},
	"iban":               {"Bitte geben Sie eine gültige IBAN ein, z. B. DE89 3704 0044 0532 0130 00.", "Please enter a valid IBAN, for example DE89 3704 0044 0532 0130 00."},
	"iban_length":        {"Eine IBAN aus diesem Land hat %d Zeichen, Sie haben %d eingegeben.", "An IBAN from this country has %d characters, you entered %d."},
	"iban_country":       {"Diese IBAN gehört zu keinem Land im SEPA-Zahlungsraum. Bitte geben Sie eine IBAN aus dem SEPA-Raum ein.", "This IBAN is not from a country in the SEPA payment area. Please enter a SEPA IBAN."},
	"iban_checksum":      {"Die Prüfziffern der IBAN passen nicht. Bitte prüfen Sie die IBAN auf Tippfehler.", "The check digits of the IBAN do not match. Please check the IBAN for typos."},
	"bic":                {"Bitte geben Sie einen gültigen BIC mit 8 oder 11 Zeichen ein, z. B. COBADEFFXXX.", "Please enter a valid BIC with 8 or 11 characters, for example COBADEFFXXX."},
	"choice":             {"Bitte wählen Sie eine der angebotenen Möglichkeiten.", "Please choose one of the options offered."},
	"boxes_min":          {"Bitte kreuzen Sie mindestens %d Möglichkeiten an.", "Please tick at least %d boxes."},
	"boxes_max":          {"Bitte kreuzen Sie höchstens %d Möglichkeiten an.", "Please tick at most %d boxes."},
	"boxes_max_1":        {"Bitte kreuzen Sie nur eine Möglichkeit an.", "Please tick only one box."},
	"yesno":              {"Bitte wählen Sie Ja oder Nein.", "Please choose yes or no."},
	"items_min":          {"Bitte geben Sie bei „%s“ mindestens %d Einträge an.", "Please add at least %[2]d entries to “%[1]s”."},
	"items_min_1":        {"Bitte geben Sie bei „%[1]s“ mindestens einen Eintrag an.", "Please add at least one entry to “%[1]s”."},
	"items_max":          {"Bei „%s“ sind höchstens %d Einträge möglich.", "You can add at most %[2]d entries to “%[1]s”."},
	"items_max_1":        {"Bei „%[1]s“ ist nur ein Eintrag möglich.", "You can add only one entry to “%[1]s”."},
	"file_type":          {"Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %s.", "This type of file is not allowed. Allowed: %s."},
	"file_size":          {"Die Datei ist zu groß (%s). Erlaubt sind höchstens %d MB.", "The file is too large (%s). The limit is %d MB."},
	"file_empty":         {"Die Datei ist leer. Bitte wählen Sie eine andere Datei.", "The file is empty. Please choose another file."},
	"unreadable":         {"Diese Antwort können wir nicht lesen. Bitte geben Sie sie noch einmal ein.", "We cannot read this answer. Please enter it again."},
	"yes":                {"Ja", "Yes"},
	"no":                 {"Nein", "No"},
	"not_given":          {"nicht angegeben", "not given"},
	"item":               {"%s %d", "%s %d"},
	"entry":              {"Eintrag", "Entry"},
	"or":                 {"oder", "or"},
}

// msg returns the message key in lang (German unless lang is "en").
func msg(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
