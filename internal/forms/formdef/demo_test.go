package formdef

import (
	"maps"
	"net/url"
	"strings"
	"testing"
)

// filled is a complete, valid way through a demo form: posted values per
// page and the file answers the web module would store.
type filled struct {
	pages map[string]url.Values
	files map[string]any
}

func pdf(name string) map[string]any {
	return map[string]any{"blob": "sha256-" + name, "name": name, "type": "application/pdf", "size": 123456.0}
}

func addr(prefix, street, no, plz, city string) []string {
	return []string{prefix + ".street", street, prefix + ".house_number", no, prefix + ".postal_code", plz, prefix + ".city", city}
}

func kv(parts ...[]string) url.Values {
	v := url.Values{}
	for _, p := range parts {
		for i := 0; i+1 < len(p); i += 2 {
			v.Add(p[i], p[i+1])
		}
	}
	return v
}

// goodAnswers has one valid filling per demo form; today is 02.03.2026.
var goodAnswers = map[string]filled{
	"hund-anmelden": {pages: map[string]url.Values{
		"halter": kv([]string{"name", "Erika Mustermann", "birth_date", "12.08.1975", "email", "erika@example.org", "phone", "0251 1234567"},
			addr("address", "Lindenallee", "7a", "48143", "Musterstadt")),
		// Bello has lived in Musterstadt since the owner moved here in 2022.
		"hunde": kv([]string{
			"dogs.0.dog_name", "Bello", "dogs.0.breed", "Labrador", "dogs.0.sex", "male", "dogs.0.kept_since", "15.06.2022", "dogs.0.dangerous", "no", "dogs.0.chip", "276098106543210",
			"dogs.1.dog_name", "Luna", "dogs.1.breed", "Mischling", "dogs.1.sex", "female", "dogs.1.kept_since", "2026-02-20", "dogs.1.dangerous", "no"}),
		"steuer": kv([]string{"reduction", "no", "payment", "sepa", "account_holder", "Erika Mustermann",
			"iban", "DE89 3704 0044 0532 0130 00", "mandate", "agree"}),
	}},
	"halteverbot-umzug": {pages: map[string]url.Values{
		"ort":           kv(addr("location", "Bahnhofstraße", "3", "48143", "Musterstadt"), []string{"side", "house", "length", "20"}),
		"zeit":          kv([]string{"date_from", "20.03.2026", "date_to", "21.03.2026", "hours", "day"}),
		"fahrzeug":      kv([]string{"vehicle", "truck", "company", "yes", "company_name", "Umzüge Schnell GmbH"}),
		"antragsteller": kv([]string{"name", "Jonas Neumann", "email", "jonas@example.org", "phone", "+49 171 2345678", "billing_same", "yes"}),
		"kosten":        kv(),
	}},
	"bewohnerparkausweis": {pages: map[string]url.Values{
		"person":   kv([]string{"name", "Aylin Demir", "zone", "b", "email", "aylin@example.org"}, addr("address", "Schillerstraße", "14", "48145", "Musterstadt")),
		"fahrzeug": kv([]string{"plate", "ms-ad  1234", "make", "VW Golf", "holder", "self"}),
		"dauer":    kv([]string{"duration", "12", "start", "01.04.2026", "confirm", "correct"}),
	}, files: map[string]any{"registration": pdf("fahrzeugschein.pdf")}},
	"gewerbe-anmelden": {pages: map[string]url.Values{
		"art": kv([]string{"kind", "company", "reason", "branch"}, addr("head_office", "Industriestraße", "5", "44135", "Dortmund")),
		"firma": kv([]string{"company_name", "Rad & Tat GmbH", "legal_form", "gmbh", "register_number", "HRB 12345",
			"representatives.0.rep_name", "Lena Rad", "representatives.0.rep_birth_date", "03.04.1985", "representatives.0.rep_role", "Geschäftsführerin"}),
		"taetigkeit": kv([]string{"activity", "Einzelhandel mit Fahrrädern und Zubehör, Reparatur von Fahrrädern", "start_date", "01.05.2026", "sideline", "no", "employees", "3"}),
		"betrieb":    kv([]string{"email", "info@radundtat.example", "phone", "0251 998877"}, addr("business_address", "Marktplatz", "2", "48143", "Musterstadt")),
	}},
	"meldebescheinigung": {pages: map[string]url.Values{
		"art":        kv([]string{"kind", "extended", "purpose", "other", "purpose_other", "Kindergeldantrag"}),
		"person":     kv([]string{"name", "Tom Becker", "birth_date", "01.01.1990", "email", "tom@example.org", "others.0.other_name", "Mia Becker", "others.0.other_birth_date", "05.06.2019"}, addr("address", "Am Wall", "1", "48143", "Musterstadt")),
		"zustellung": kv([]string{"delivery", "post", "post_other", "yes"}, addr("post_address", "Hafenweg", "22", "20457", "Hamburg")),
	}},
}

// fill runs the web module's flow: page by page (only visible pages),
// Decode, Compute, ValidatePage; returns the answers and page errors.
func fill(t *testing.T, f *Form, in filled, lang string) (Answers, FieldErrors) {
	t.Helper()
	a := Answers{}
	maps.Copy(a, in.files)
	all := FieldErrors{}
	for _, p := range f.Pages {
		if !f.PageVisible(p, a) {
			continue
		}
		f.Decode(p, in.pages[p.ID], a)
		f.Compute(a)
		maps.Copy(all, f.ValidatePage(p, a, lang, today))
	}
	return a, all
}

func TestDemoFormsAcceptGoodAnswers(t *testing.T) {
	for _, id := range demoIDs(t) {
		t.Run(id, func(t *testing.T) {
			f := demoForm(t, id)
			if f.ID != id {
				t.Fatalf("file %s.yaml has id %q", id, f.ID)
			}
			good, ok := goodAnswers[id]
			if !ok {
				t.Fatalf("no good answers for %s", id)
			}
			a, errs := fill(t, f, good, "de")
			if len(errs) != 0 {
				t.Fatalf("page errors: %v\nanswers %#v", errs, a)
			}
			f.Compute(a)
			f.Clean(a)
			if errs := f.Validate(a, "en", today); len(errs) != 0 {
				t.Fatalf("Validate after Clean: %v", errs)
			}
			for _, lang := range []string{"de", "en"} {
				lines := f.Summary(a, lang)
				if len(lines) < 5 {
					t.Errorf("%s summary has %d lines", lang, len(lines))
				}
				for _, l := range lines {
					if l.Label == "" || l.Value == "" || l.Path == "" {
						t.Errorf("%s summary line incomplete: %+v", lang, l)
					}
				}
			}
		})
	}
}

func TestDemoFormCalculations(t *testing.T) {
	cases := []struct {
		id, path, want string
	}{
		{"hund-anmelden", "tax_total", "216.00"}, // 96 + 120
		{"halteverbot-umzug", "fee", "75.00"},    // 35 + 2 days × 10 + 20 for 20 m
		{"bewohnerparkausweis", "fee", "120.00"},
		{"gewerbe-anmelden", "fee", "40.00"},
		{"meldebescheinigung", "fee", "24.00"}, // extended 12 € × 2 people
		// Typed on a phone in lower case: kept as on the plate.
		{"bewohnerparkausweis", "plate", "MS-AD 1234"},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			f := demoForm(t, tc.id)
			a, _ := fill(t, f, goodAnswers[tc.id], "de")
			if a[tc.path] != tc.want {
				t.Errorf("%s = %#v, want %s", tc.path, a[tc.path], tc.want)
			}
		})
	}
}

func TestDemoFormsRejectTypicalMistakes(t *testing.T) {
	cases := []struct {
		name, id string
		change   map[string]url.Values // page → values replacing keys of the good filling
		drop     map[string][]string   // page → keys to remove
		want     map[string]string     // path → part of the German message
	}{
		{name: "dog_owner_iban_typo", id: "hund-anmelden",
			change: map[string]url.Values{"steuer": {"iban": {"DE89 3704 0044 0532 0130 01"}}},
			want:   map[string]string{"iban": "Prüfziffern"}},
		{name: "dangerous_dog_needs_permit", id: "hund-anmelden",
			change: map[string]url.Values{"hunde": {"dogs.1.dangerous": {"yes"}}},
			want:   map[string]string{"dogs.1.permit": "Bitte füllen Sie „Aktenzeichen der Erlaubnis“ aus."}},
		{name: "dog_chip_wrong_length", id: "hund-anmelden",
			change: map[string]url.Values{"hunde": {"dogs.0.chip": {"27609810654321"}}},
			want:   map[string]string{"dogs.0.chip": "genau 15 Ziffern"}},
		{name: "dog_reduction_needs_proof", id: "hund-anmelden",
			change: map[string]url.Values{"steuer": {"reduction": {"yes"}, "reduction_reason": {"tierheim"}}},
			want:   map[string]string{"reduction_proof": "Bitte laden Sie „Nachweis für die Ermäßigung“ hoch."}},
		{name: "dog_here_more_than_5_years", id: "hund-anmelden",
			change: map[string]url.Values{"hunde": {"dogs.0.kept_since": {"01.03.2021"}}},
			want:   map[string]string{"dogs.0.kept_since": "Hund 1: Das Datum darf nicht vor dem 02.03.2021 liegen."}},
		{name: "dog_here_from_tomorrow", id: "hund-anmelden",
			change: map[string]url.Values{"hunde": {"dogs.1.kept_since": {"03.03.2026"}}},
			want:   map[string]string{"dogs.1.kept_since": "Hund 2: Das Datum darf nicht nach dem 02.03.2026 liegen."}},
		{name: "dog_owner_too_young", id: "hund-anmelden",
			change: map[string]url.Values{"halter": {"birth_date": {"01.01.2015"}}},
			want:   map[string]string{"birth_date": "nicht nach dem 02.03.2010"}},
		{name: "dog_no_mandate", id: "hund-anmelden",
			drop: map[string][]string{"steuer": {"mandate"}}, want: map[string]string{"mandate": "Bitte kreuzen Sie das Kästchen an, um zu bestätigen: „Ich ermächtige die Stadt Musterstadt, die Hundesteuer von meinem Konto einzuziehen.“"}},
		{name: "parking_no_declaration_names_it", id: "bewohnerparkausweis",
			drop: map[string][]string{"dauer": {"confirm"}}, want: map[string]string{"confirm": "um zu bestätigen: „Ich wohne mit Hauptwohnsitz in der Zone"}},
		{name: "no_parking_too_soon", id: "halteverbot-umzug",
			change: map[string]url.Values{"zeit": {"date_from": {"10.03.2026"}, "date_to": {"10.03.2026"}}},
			want:   map[string]string{"date_from": "nicht vor dem 16.03.2026"}},
		{name: "no_parking_end_before_start", id: "halteverbot-umzug",
			change: map[string]url.Values{"zeit": {"date_to": {"19.03.2026"}}},
			want:   map[string]string{"date_to": "nicht vor dem 20.03.2026"}},
		{name: "no_parking_length_fraction_and_postcode", id: "halteverbot-umzug",
			change: map[string]url.Values{"ort": {"length": {"12,5"}, "location.postal_code": {"4814"}}},
			want:   map[string]string{"length": "ganze Zahl", "location.postal_code": "5 Ziffern"}},
		{name: "no_parking_billing_address_needed", id: "halteverbot-umzug",
			change: map[string]url.Values{"antragsteller": {"billing_same": {"no"}}},
			want:   map[string]string{"billing_address": "Bitte füllen Sie „Rechnungsanschrift“ aus."}},
		{name: "parking_plate_without_hyphen", id: "bewohnerparkausweis",
			change: map[string]url.Values{"fahrzeug": {"plate": {"ms ad 1234"}}},
			want:   map[string]string{"plate": "MS-AB 123"}},
		{name: "parking_leased_car_needs_proof", id: "bewohnerparkausweis",
			change: map[string]url.Values{"fahrzeug": {"holder": {"other"}}},
			want:   map[string]string{"holder_proof": "Bitte laden Sie „Nachweis, dass Sie das Fahrzeug dauerhaft nutzen“ hoch."}},
		{name: "parking_start_in_past", id: "bewohnerparkausweis",
			change: map[string]url.Values{"dauer": {"start": {"01.03.2026"}}},
			want:   map[string]string{"start": "nicht vor dem 02.03.2026"}},
		{name: "trade_register_number_format", id: "gewerbe-anmelden",
			change: map[string]url.Values{"firma": {"register_number": {"12345"}}},
			want:   map[string]string{"register_number": "HRA oder HRB"}},
		{name: "trade_representative_missing_role", id: "gewerbe-anmelden",
			drop: map[string][]string{"firma": {"representatives.0.rep_role"}},
			want: map[string]string{"representatives.0.rep_role": "Funktion"}},
		{name: "trade_no_representative", id: "gewerbe-anmelden",
			drop: map[string][]string{"firma": {"representatives.0.rep_role", "representatives.0.rep_name", "representatives.0.rep_birth_date"}},
			want: map[string]string{"representatives": "Vertretungsberechtigte Personen"}},
		{name: "trade_activity_too_vague", id: "gewerbe-anmelden",
			change: map[string]url.Values{"taetigkeit": {"activity": {"Handel"}}},
			want:   map[string]string{"activity": "mindestens 10 Zeichen"}},
		{name: "certificate_pickup_needs_office", id: "meldebescheinigung",
			change: map[string]url.Values{"zustellung": {"delivery": {"pickup"}}},
			want:   map[string]string{"pickup_office": "Bitte wählen Sie"}},
		{name: "certificate_bad_email", id: "meldebescheinigung",
			change: map[string]url.Values{"person": {"email": {"tom(at)example.org"}}},
			want:   map[string]string{"email": "E-Mail-Adresse"}},
		{name: "certificate_child_born_in_future", id: "meldebescheinigung",
			change: map[string]url.Values{"person": {"others.0.other_birth_date": {"05.06.2027"}}},
			want:   map[string]string{"others.0.other_birth_date": "nicht nach dem 02.03.2026"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := demoForm(t, tc.id)
			in := filled{pages: map[string]url.Values{}, files: goodAnswers[tc.id].files}
			for page, v := range goodAnswers[tc.id].pages {
				c := url.Values{}
				for k, vals := range v {
					c[k] = vals
				}
				for k, vals := range tc.change[page] {
					c[k] = vals
				}
				for _, k := range tc.drop[page] {
					delete(c, k)
				}
				in.pages[page] = c
			}
			_, errs := fill(t, f, in, "de")
			if len(errs) != len(tc.want) {
				t.Errorf("errors %v, want exactly %v", errs, tc.want)
			}
			for path, w := range tc.want {
				if !strings.Contains(errs[path], w) {
					t.Errorf("%s: %q, want %q", path, errs[path], w)
				}
			}
		})
	}
}

func TestDemoFormsHaveEnglishTexts(t *testing.T) {
	for _, id := range demoIDs(t) {
		f := demoForm(t, id)
		check := func(what string, txt Text) {
			if len(txt) > 0 && (txt["de"] == "" || txt["en"] == "") {
				t.Errorf("%s: %s lacks de or en: %v", id, what, txt)
			}
		}
		check("title", f.Title)
		check("intro", f.Intro)
		for _, s := range f.Statuses {
			check("status "+s.Key, s.Label)
		}
		var fields func(list []*Field)
		fields = func(list []*Field) {
			for _, fd := range list {
				check(fd.Name+" label", fd.Label)
				check(fd.Name+" hint", fd.Hint)
				check(fd.Name+" pattern_message", fd.PatternMessage)
				for _, o := range fd.Options {
					check(fd.Name+" option "+o.Value, o.Label)
				}
				fields(fd.Fields)
			}
		}
		for _, p := range f.Pages {
			check("page "+p.ID, p.Title)
			fields(p.Fields)
		}
	}
}

func TestDemoFormsUseTheRightDepartments(t *testing.T) {
	want := map[string]string{"hund-anmelden": "kaemmerei", "halteverbot-umzug": "ordnungsamt", "bewohnerparkausweis": "ordnungsamt",
		"gewerbe-anmelden": "ordnungsamt", "meldebescheinigung": "buergerbuero"}
	for id, dept := range want {
		f := demoForm(t, id)
		if f.Department != dept || f.Service != id {
			t.Errorf("%s: department %q service %q", id, f.Department, f.Service)
		}
	}
	if !demoForm(t, "meldebescheinigung").Guests {
		t.Error("meldebescheinigung must allow guests")
	}
}
