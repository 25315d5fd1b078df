package formdef

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

type fieldCase struct {
	name    string
	input   url.Values
	wantErr string // substring of the German message at path "x" (or errPath); "" = valid
	errPath string
	want    any // stored answer, when checked
}

func runFieldCases(t *testing.T, f *Form, cases []fieldCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := post(f, tc.input)
			errs := f.Validate(a, "de", today)
			path := tc.errPath
			if path == "" {
				path = "x"
			}
			if tc.wantErr == "" {
				if len(errs) != 0 {
					t.Fatalf("errors %v, want none (answers %#v)", errs, a)
				}
			} else if !strings.Contains(errs[path], tc.wantErr) {
				t.Fatalf("error at %q = %q, want it to contain %q (all: %v)", path, errs[path], tc.wantErr, errs)
			}
			if tc.want != nil && !reflect.DeepEqual(a["x"], tc.want) {
				t.Fatalf("stored %#v (%T), want %#v (%T)", a["x"], a["x"], tc.want, tc.want)
			}
		})
	}
}

func in(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestText(t *testing.T) {
	f := formWith(t, field("x", "text", "required: true", "min_length: 2", "max_length: 5"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_trimmed_text", input: in("x", "  Anna "), want: "Anna"},
		{name: "accepts_umlauts_by_characters_not_bytes", input: in("x", "Ärger"), want: "Ärger"},
		{name: "rejects_missing", input: in(), wantErr: "Bitte füllen Sie „Feld x“ aus."},
		{name: "rejects_only_spaces", input: in("x", "   "), wantErr: "Bitte füllen Sie"},
		{name: "rejects_too_short", input: in("x", "A"), wantErr: "mindestens 2 Zeichen"},
		{name: "rejects_too_long_and_says_how_long", input: in("x", "Anna-Lena"), wantErr: "höchstens 5 Zeichen ein (jetzt sind es 9)"},
		{name: "drops_control_characters", input: in("x", "An\x00na"), want: "Anna"},
	})
}

func TestTextPattern(t *testing.T) {
	f := formWith(t, field("x", "text", `pattern: '[A-Z]{2}-[0-9]+'`, `pattern_message: {de: "Wie AB-12 eingeben.", en: "Like AB-12."}`))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_matching", input: in("x", "MS-12")},
		{name: "optional_empty_is_fine", input: in()},
		{name: "whole_answer_must_match", input: in("x", "xMS-12"), wantErr: "Wie AB-12 eingeben."},
		{name: "rejects_lowercase", input: in("x", "ms-12"), wantErr: "Wie AB-12"},
	})
}

func TestTextTransformUpper(t *testing.T) {
	f := formWith(t, field("x", "text", "transform: upper", `pattern: '[A-Z]{1,3}-[A-Z]{1,2} [1-9][0-9]{0,3}'`, "max_length: 9"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_lower_case_as_capitals", input: in("x", "ms-ab 123"), want: "MS-AB 123"},
		{name: "joins_double_spaces_before_the_pattern", input: in("x", "  ms-ab   123 "), want: "MS-AB 123"},
		{name: "counts_length_after_joining_spaces", input: in("x", "ms-ab    12"), want: "MS-AB 12"},
		{name: "still_rejects_what_the_pattern_refuses", input: in("x", "ms 123"), wantErr: "Schreibweise", want: "MS 123"},
	})
	t.Run("text_without_transform_is_kept_as_typed", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "text")), []fieldCase{
			{name: "keeps_case_and_spaces", input: in("x", "ms-ab  123"), want: "ms-ab  123"},
		})
	})
}

func TestTextarea(t *testing.T) {
	f := formWith(t, field("x", "textarea", "required: true"))
	runFieldCases(t, f, []fieldCase{
		{name: "keeps_line_breaks", input: in("x", "Zeile 1\r\nZeile 2"), want: "Zeile 1\nZeile 2"},
		{name: "default_limit_is_5000", input: in("x", strings.Repeat("a", 5001)), wantErr: "höchstens 5000 Zeichen"},
		{name: "rejects_missing", input: in("x", "\n"), wantErr: "Bitte füllen Sie"},
	})
}

func TestNumber(t *testing.T) {
	f := formWith(t, field("x", "number", "required: true", "min: 5", "max: 50", "integer: true"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_whole_number", input: in("x", "12"), want: 12.0},
		{name: "accepts_bounds", input: in("x", "50"), want: 50.0},
		{name: "rejects_fraction_for_integer", input: in("x", "12,5"), wantErr: "ganze Zahl"},
		{name: "rejects_below_min", input: in("x", "4"), wantErr: "mindestens 5"},
		{name: "rejects_above_max", input: in("x", "51"), wantErr: "höchstens 50"},
		{name: "keeps_typed_text_of_non_number", input: in("x", "zwölf"), wantErr: "Bitte geben Sie eine Zahl ein", want: "zwölf"},
		{name: "rejects_two_separators", input: in("x", "1.2.3"), wantErr: "Zahl"},
		{name: "rejects_exponent", input: in("x", "1e3"), wantErr: "Zahl"},
	})
	g := formWith(t, field("x", "number", "min: -1.5"))
	runFieldCases(t, g, []fieldCase{
		{name: "accepts_decimal_comma", input: in("x", "2,5"), want: 2.5},
		{name: "accepts_decimal_point", input: in("x", "2.5"), want: 2.5},
		{name: "accepts_negative_within_min", input: in("x", "-1,5"), want: -1.5},
		{name: "min_shown_with_comma", input: in("x", "-2"), wantErr: "mindestens -1,5"},
	})
}

func TestMoney(t *testing.T) {
	f := formWith(t, field("x", "money", "required: true", "max: 1000"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_comma", input: in("x", "12,50"), want: "12.50"},
		{name: "accepts_point", input: in("x", "12.50"), want: "12.50"},
		{name: "accepts_whole_euros", input: in("x", "12"), want: "12.00"},
		{name: "accepts_one_decimal", input: in("x", "12,5"), want: "12.50"},
		{name: "accepts_euro_sign", input: in("x", "12,50 €"), want: "12.50"},
		{name: "accepts_german_thousands", input: in("x", "1.000,00"), want: "1000.00"},
		{name: "reads_single_point_with_three_digits_as_thousands", input: in("x", "1.000"), want: "1000.00"},
		{name: "rejects_three_decimals", input: in("x", "12,505"), wantErr: "Betrag in Euro"},
		{name: "rejects_text", input: in("x", "zehn"), wantErr: "Betrag in Euro", want: "zehn"},
		{name: "rejects_negative_by_default", input: in("x", "-5"), wantErr: "mindestens 0,00 €"},
		{name: "rejects_over_max_in_euro_format", input: in("x", "1000,01"), wantErr: "höchstens 1.000,00 €"},
		{name: "rejects_bad_grouping", input: in("x", "1.00.000"), wantErr: "Betrag"},
	})
}

func TestDate(t *testing.T) {
	// today is 02.03.2026
	f := formWith(t, field("x", "date", "required: true", "min_date: +14d", "max_date: +6m"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_german_format", input: in("x", "16.03.2026"), want: "2026-03-16"},
		{name: "accepts_short_german_format", input: in("x", "1.4.2026"), want: "2026-04-01"},
		{name: "accepts_iso_from_date_input", input: in("x", "2026-04-01"), want: "2026-04-01"},
		{name: "accepts_separate_day_month_year", input: in("x.day", "1", "x.month", "4", "x.year", "2026"), want: "2026-04-01"},
		{name: "rejects_before_notice_period", input: in("x", "15.03.2026"), wantErr: "nicht vor dem 16.03.2026"},
		{name: "rejects_after_max", input: in("x", "03.09.2026"), wantErr: "nicht nach dem 02.09.2026"},
		{name: "rejects_impossible_date_and_keeps_it", input: in("x", "31.02.2026"), wantErr: "gültiges Datum im Format TT.MM.JJJJ", want: "31.02.2026"},
		{name: "rejects_two_digit_year", input: in("x", "01.04.26"), wantErr: "gültiges Datum"},
		{name: "rejects_missing", input: in(), wantErr: "Bitte füllen Sie"},
	})
}

func TestDateBoundFromOtherField(t *testing.T) {
	f := formWith(t, field("from", "date")+field("x", "date", "min_date: from"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_same_day", input: in("from", "01.04.2026", "x", "01.04.2026")},
		{name: "rejects_end_before_start", input: in("from", "01.04.2026", "x", "31.03.2026"), wantErr: "nicht vor dem 01.04.2026"},
		{name: "no_bound_without_start", input: in("x", "31.03.2026")},
	})
}

func TestEmail(t *testing.T) {
	f := formWith(t, field("x", "email", "required: true"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_plain_address", input: in("x", "anna.schmidt@example.org")},
		{name: "accepts_plus_and_subdomain", input: in("x", "anna+hund@mail.musterstadt.de")},
		{name: "accepts_umlaut_domain", input: in("x", "info@müller.de")},
		{name: "rejects_missing_at", input: in("x", "anna.example.org"), wantErr: "gültige E-Mail-Adresse"},
		{name: "rejects_domain_without_dot", input: in("x", "anna@localhost"), wantErr: "E-Mail"},
		{name: "rejects_display_name", input: in("x", "Anna <anna@example.org>"), wantErr: "E-Mail"},
		{name: "rejects_spaces", input: in("x", "anna schmidt@example.org"), wantErr: "E-Mail"},
		{name: "rejects_two_ats", input: in("x", "a@b@example.org"), wantErr: "E-Mail"},
	})
}

func TestPhone(t *testing.T) {
	f := formWith(t, field("x", "phone"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_area_code_with_space", input: in("x", "0251 1234567")},
		{name: "accepts_slash", input: in("x", "0251/123 45-67")},
		{name: "accepts_brackets", input: in("x", "(0251) 12345")},
		{name: "accepts_international", input: in("x", "+49 251 1234567")},
		{name: "accepts_international_with_trunk_zero", input: in("x", "+49 (0)251 1234567")},
		{name: "accepts_double_zero_prefix", input: in("x", "0049 251 1234567")},
		{name: "accepts_mobile", input: in("x", "0171 2345678")},
		{name: "rejects_letters", input: in("x", "0251 ABC"), wantErr: "gültige Telefonnummer"},
		{name: "rejects_too_short", input: in("x", "01234"), wantErr: "Telefonnummer"},
		{name: "rejects_too_many_digits", input: in("x", "+49 251 1234567890123"), wantErr: "Telefonnummer"},
		{name: "rejects_without_area_code", input: in("x", "1234567"), wantErr: "Telefonnummer"},
	})
}

func TestAddress(t *testing.T) {
	f := formWith(t, field("x", "address", "required: true"))
	addr := func(street, no, plz, city string) url.Values {
		return in("x.street", street, "x.house_number", no, "x.postal_code", plz, "x.city", city)
	}
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_full_address", input: addr("Musterstraße", "12", "48143", "Musterstadt"),
			want: map[string]any{"street": "Musterstraße", "house_number": "12", "postal_code": "48143", "city": "Musterstadt"}},
		{name: "accepts_house_number_with_letter", input: addr("Hauptstr.", "12a", "01067", "Dresden")},
		{name: "accepts_house_number_range", input: addr("Ring", "12-14", "48143", "Musterstadt")},
		{name: "rejects_four_digit_postal_code", input: addr("Ring", "1", "4814", "Musterstadt"), errPath: "x.postal_code", wantErr: "Postleitzahl mit 5 Ziffern"},
		{name: "rejects_letters_in_postal_code", input: addr("Ring", "1", "4814A", "Musterstadt"), errPath: "x.postal_code", wantErr: "5 Ziffern"},
		{name: "rejects_missing_house_number", input: addr("Ring", "", "48143", "Musterstadt"), errPath: "x.house_number", wantErr: "Hausnummer"},
		{name: "rejects_word_as_house_number", input: addr("Ring", "zwölf", "48143", "Musterstadt"), errPath: "x.house_number", wantErr: "Hausnummer"},
		{name: "rejects_missing_city", input: addr("Ring", "1", "48143", ""), errPath: "x.city", wantErr: "Ort"},
		{name: "rejects_missing_street", input: addr("", "1", "48143", "Musterstadt"), errPath: "x.street", wantErr: "Straße"},
		{name: "rejects_empty_required", input: addr("", "", "", ""), wantErr: "Bitte füllen Sie „Feld x“ aus."},
	})
}

func TestIBAN(t *testing.T) {
	f := formWith(t, field("x", "iban", "required: true"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_german_in_blocks", input: in("x", "DE89 3704 0044 0532 0130 00"), want: "DE89370400440532013000"},
		{name: "accepts_lowercase_without_spaces", input: in("x", "de89370400440532013000"), want: "DE89370400440532013000"},
		{name: "accepts_austria", input: in("x", "AT61 1904 3002 3457 3201")},
		{name: "accepts_netherlands", input: in("x", "NL91 ABNA 0417 1643 00")},
		{name: "accepts_france", input: in("x", "FR14 2004 1010 0505 0001 3M02 606")},
		{name: "accepts_switzerland", input: in("x", "CH93 0076 2011 6238 5295 7")},
		{name: "accepts_norway_shortest", input: in("x", "NO93 8601 1117 947")},
		{name: "accepts_malta_longest", input: in("x", "MT84 MALT 0110 0001 2345 MTLC AST0 01S")},
		{name: "rejects_typo_by_checksum", input: in("x", "DE89 3704 0044 0532 0130 01"), wantErr: "Prüfziffern der IBAN passen nicht", want: "DE89 3704 0044 0532 0130 01"},
		{name: "rejects_swapped_digits", input: in("x", "DE89 3704 0044 0523 0130 00"), wantErr: "Prüfziffern"},
		{name: "rejects_wrong_length_and_names_it", input: in("x", "DE89 3704 0044 0532 0130"), wantErr: "hat 22 Zeichen, Sie haben 20 eingegeben"},
		{name: "rejects_non_sepa_country", input: in("x", "BR15 0000 0000 0000 1093 2840 814 P2"), wantErr: "SEPA"},
		{name: "rejects_garbage_with_example", input: in("x", "keine Ahnung"), wantErr: "Bitte geben Sie eine gültige IBAN ein, z. B. DE89 3704 0044 0532 0130 00."},
	})
}

func TestBIC(t *testing.T) {
	f := formWith(t, field("x", "bic"))
	runFieldCases(t, f, []fieldCase{
		{name: "accepts_eleven", input: in("x", "COBADEFFXXX"), want: "COBADEFFXXX"},
		{name: "accepts_eight_lowercase", input: in("x", "cobadeff"), want: "COBADEFF"},
		{name: "accepts_digits_in_location", input: in("x", "DEUTDEDB101")},
		{name: "rejects_ten", input: in("x", "COBADEFFXX"), wantErr: "8 oder 11 Zeichen"},
		{name: "rejects_digit_in_bank_code", input: in("x", "C0BADEFF"), wantErr: "BIC"},
	})
}

func TestChoices(t *testing.T) {
	opts := "options: [{value: a, label: {de: Alpha, en: Alpha}}, {value: b, label: Beta}, {value: c, label: Gamma}]"
	t.Run("radio", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "radio", "required: true", opts)), []fieldCase{
			{name: "accepts_option", input: in("x", "b"), want: "b"},
			{name: "rejects_unknown_value", input: in("x", "z"), wantErr: "eine der angebotenen Möglichkeiten"},
			{name: "rejects_missing", input: in(), wantErr: "Bitte wählen Sie bei „Feld x“ eine Antwort aus."},
		})
	})
	t.Run("select", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "select", opts)), []fieldCase{
			{name: "accepts_option", input: in("x", "c")},
			{name: "rejects_label_instead_of_value", input: in("x", "Gamma"), wantErr: "angebotenen"},
		})
	})
	t.Run("checkboxes", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "checkboxes", "required: true", "min: 1", "max: 2", opts)), []fieldCase{
			{name: "accepts_two", input: in("x", "a", "x", "c"), want: []string{"a", "c"}},
			{name: "drops_repeated_value", input: in("x", "a", "x", "a"), want: []string{"a"}},
			{name: "rejects_three_over_max", input: in("x", "a", "x", "b", "x", "c"), wantErr: "höchstens 2 Möglichkeiten"},
			{name: "rejects_unknown_value", input: in("x", "a", "x", "zz"), wantErr: "angebotenen"},
			{name: "rejects_none", input: in(), wantErr: "mindestens eine Möglichkeit an"},
		})
	})
	t.Run("single_box_names_its_statement", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "checkboxes", "required: true", `options: [{value: ok, label: "Meine Angaben sind richtig"}]`)), []fieldCase{
			{name: "quotes_the_statement_and_ends_the_sentence", input: in(), wantErr: "Bitte kreuzen Sie das Kästchen an, um zu bestätigen: „Meine Angaben sind richtig“."},
		})
	})
	t.Run("single_box_with_a_bare_word_names_the_question", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "checkboxes", "required: true", `options: [{value: ok, label: "Einverstanden"}]`)), []fieldCase{
			{name: "quotes_the_label", input: in(), wantErr: "Bitte bestätigen Sie „Feld x“, indem Sie das Kästchen ankreuzen."},
		})
	})
	t.Run("checkboxes_min", func(t *testing.T) {
		runFieldCases(t, formWith(t, field("x", "checkboxes", "min: 2", opts)), []fieldCase{
			{name: "optional_none_is_fine", input: in()},
			{name: "rejects_one_under_min", input: in("x", "a"), wantErr: "mindestens 2 Möglichkeiten"},
		})
	})
}

func TestYesNo(t *testing.T) {
	f := formWith(t, field("x", "yesno", "required: true"))
	runFieldCases(t, f, []fieldCase{
		{name: "yes", input: in("x", "yes"), want: true},
		{name: "no_is_an_answer", input: in("x", "no"), want: false},
		{name: "german_ja", input: in("x", "ja"), want: true},
		{name: "rejects_other_text", input: in("x", "vielleicht"), wantErr: "Ja oder Nein", want: "vielleicht"},
		{name: "rejects_missing", input: in(), wantErr: "Bitte wählen Sie bei „Feld x“ Ja oder Nein."},
	})
}

func TestFileAnswer(t *testing.T) {
	f := formWith(t, field("x", "file", "required: true", "accept: [application/pdf, image/jpeg]", "max_size_mb: 5"))
	cases := []struct {
		name   string
		answer any
		want   string
	}{
		{"accepts_pdf", map[string]any{"blob": "b1", "name": "schein.pdf", "type": "application/pdf", "size": 1000.0}, ""},
		{"rejects_missing", nil, "Bitte laden Sie „Feld x“ hoch."},
		{"rejects_png_naming_allowed_types", map[string]any{"blob": "b1", "name": "a.png", "type": "image/png", "size": 10.0}, "Erlaubt sind: PDF, JPEG."},
		{"rejects_oversize_naming_limit", map[string]any{"blob": "b1", "name": "a.pdf", "type": "application/pdf", "size": float64(6 << 20)}, "höchstens 5 MB"},
		{"rejects_wrong_shape", "a.pdf", "nicht lesen"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := f.Validate(Answers{"x": tc.answer}, "de", today)
			if tc.want == "" && len(errs) > 0 || !strings.Contains(errs["x"], tc.want) {
				t.Fatalf("errors %v, want %q", errs, tc.want)
			}
		})
	}
	// Decode never touches file answers: the web module stores them.
	a := Answers{"x": map[string]any{"blob": "b1"}}
	f.Decode(f.Pages[0], in("x", "evil"), a)
	if _, ok := a["x"].(map[string]any); !ok {
		t.Errorf("Decode replaced the file answer: %#v", a["x"])
	}
}

func TestCheckFile(t *testing.T) {
	f := formWith(t, field("x", "file", "accept: [application/pdf, image/jpeg, image/png]", "max_size_mb: 5")+
		field("y", "file", "accept: [.pdf, image/*]")+field("z", "file"))
	x, y, z := f.Field("x"), f.Field("y"), f.Field("z")
	cases := []struct {
		name     string
		fd       *Field
		file     string
		ct       string
		size     int64
		lang     string
		contains string
	}{
		{"pdf_at_limit", x, "a.pdf", "application/pdf", 5 << 20, "de", ""},
		{"jpeg_with_params", x, "a.jpg", "image/jpeg; charset=binary", 10, "de", ""},
		{"over_limit_names_size_and_limit", x, "a.pdf", "application/pdf", 5<<20 + 1, "de", "Die Datei ist zu groß (5 MB). Erlaubt sind höchstens 5 MB."},
		{"over_limit_english", x, "a.pdf", "application/pdf", 7 << 20, "en", "The file is too large (7 MB). The limit is 5 MB."},
		{"wrong_type_lists_allowed", x, "a.docx", "application/zip", 10, "de", "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, JPEG, PNG."},
		{"empty_file", x, "a.pdf", "application/pdf", 0, "de", "leer"},
		{"extension_and_wildcard_both_needed", y, "a.pdf", "image/png", 10, "de", ""},
		{"extension_mismatch", y, "a.exe", "image/png", 10, "de", "nicht erlaubt"},
		{"wildcard_mismatch", y, "a.pdf", "application/pdf", 10, "de", "nicht erlaubt"},
		{"default_is_pdf_jpeg_png_10mb", z, "a.png", "image/png", 10 << 20, "de", ""},
		{"default_limit", z, "a.png", "image/png", 10<<20 + 1, "de", "höchstens 10 MB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.fd.CheckFile(tc.file, tc.ct, tc.size, tc.lang)
			if tc.contains == "" && got != "" || !strings.Contains(got, tc.contains) {
				t.Fatalf("CheckFile = %q, want %q", got, tc.contains)
			}
		})
	}
}

func TestInfoTakesNoAnswer(t *testing.T) {
	f := formWith(t, "      - {name: x, type: info, hint: Hinweis}\n"+field("y", "text"))
	a := post(f, in("x", "injected", "y", "ok"))
	if _, ok := a["x"]; ok {
		t.Fatalf("info field decoded: %#v", a)
	}
	a["x"] = "injected"
	f.Clean(a)
	if _, ok := a["x"]; ok || a["y"] != "ok" {
		t.Fatalf("Clean kept info answer or dropped text: %#v", a)
	}
}

func TestMessagesInEnglish(t *testing.T) {
	f := formWith(t, field("x", "iban", "required: true")+field("y", "date", "min_date: today")+field("z", "money"))
	a := post(f, in("x", "DE00", "y", "01.03.2026", "z", "-1"))
	errs := f.Validate(a, "en", today)
	want := map[string]string{
		"x": "Please enter a valid IBAN, for example DE89 3704 0044 0532 0130 00.",
		"y": "The date must be on or after 2 March 2026.",
		"z": "The amount must be €0.00 or more.",
	}
	for k, w := range want {
		if errs[k] != w {
			t.Errorf("%s: %q, want %q", k, errs[k], w)
		}
	}
}

func TestSingularMessages(t *testing.T) {
	f := formWith(t, field("x", "checkboxes", "max: 1", "options: [a, b]")+
		"      - {name: g, type: group, label: Kinder, min: 1, max: 1, fields: [{name: c, type: text, label: C}]}\n")
	cases := []struct {
		a    Answers
		lang string
		want map[string]string
	}{
		{Answers{"x": []string{"a", "b"}, "g": []any{}}, "de", map[string]string{"x": "Bitte kreuzen Sie nur eine Möglichkeit an.", "g": "Bitte geben Sie bei „Kinder“ mindestens einen Eintrag an."}},
		{Answers{"g": []any{map[string]any{}, map[string]any{}}}, "en", map[string]string{"g": "You can add only one entry to “Kinder”."}},
	}
	for _, tc := range cases {
		errs := f.Validate(tc.a, tc.lang, today)
		if len(errs) != len(tc.want) {
			t.Errorf("errors %v, want %v", errs, tc.want)
		}
		for k, w := range tc.want {
			if errs[k] != w {
				t.Errorf("%s: %q, want %q", k, errs[k], w)
			}
		}
	}
}

func TestEveryMessageHasBothLanguages(t *testing.T) {
	for key, m := range messages {
		if m[0] == "" || m[1] == "" || m[0] == m[1] && key != "item" {
			t.Errorf("message %q: de %q, en %q", key, m[0], m[1])
		}
	}
}
