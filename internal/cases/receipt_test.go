package cases

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ledongthuc/pdf"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// receiptCatalog is the citizens' message catalog alone.
func receiptCatalog(t testing.TB) *i18n.Catalog {
	t.Helper()
	c := i18n.New()
	if err := c.Load("cases.citizen", citizenUI()); err != nil {
		t.Fatal(err)
	}
	return c
}

// demoReceiptCase is a dog registration as the demo form makes it: umlauts,
// ß and € in labels and values, a repeating group, a long text that wraps
// over lines and pages.
func demoReceiptCase() Case {
	long := strings.Repeat("Der Hund ist ruhig, verträglich und an Kinder gewöhnt. ", 90)
	de := []Line{
		{Label: "Vor- und Nachname", Value: "Jürgen Weiß-Öztürk", Path: "name"},
		{Label: "Anschrift", Value: "Große Straße 12a, 12345 Musterstadt", Path: "addr"},
		{Label: "E-Mail-Adresse", Value: "juergen.weiss@example.org", Path: "email"},
		{Label: "Ihre Hunde", Value: "2", Path: "dogs"},
		{Label: "Hund 1: Name des Hundes", Value: "Bärbel", Path: "dogs.0.name", Group: 1},
		{Label: "Hund 1: Rasse", Value: "Mischling (Größe: mittel)", Path: "dogs.0.breed", Group: 1},
		{Label: "Hund 2: Name des Hundes", Value: "Äffchen", Path: "dogs.1.name", Group: 2},
		{Label: "Hund 2: Rasse", Value: "Dackel", Path: "dogs.1.breed", Group: 2},
		{Label: "Hundesteuer pro Jahr", Value: "240,00 €", Path: "tax"},
		{Label: "Besondere Hinweise zur Haltung, zum Grundstück und zur Nachbarschaft", Value: long, Path: "notes"},
		{Label: "Einverständnis", Value: "Ja", Path: "consent"},
	}
	return Case{
		ID: 7, Reference: "K7M-3PQ9", Title: Text{"de": "Hund anmelden (Hundesteuer)", "en": "Register a dog (dog tax)"},
		ApplicantName: "Jürgen Weiß-Öztürk", ApplicantEmail: "juergen.weiss@example.org", Lang: "de",
		Summary:   map[string][]Line{"de": de, "en": {{Label: "Full name", Value: "Jürgen Weiß-Öztürk"}}},
		CreatedAt: time.Date(2026, 3, 2, 8, 15, 0, 0, time.UTC),
	}
}

// pdfPlainText extracts the text of every page.
func pdfPlainText(t testing.TB, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatalf("PDF text: %v", err)
	}
	text, err := io.ReadAll(tr)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// squash drops white space, so a value wrapped over lines still matches.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

var footerRe = regexp.MustCompile(`Eingangsbestätigung\s*K7M-3PQ9\s*Seite\s*\d+\s*von\s*\d+`)

func writeTestReceipt(t testing.TB, c Case, lang, pageURL string, files []Document) []byte {
	t.Helper()
	cat := receiptCatalog(t)
	var buf bytes.Buffer
	err := WriteReceipt(&buf, Receipt{Case: c, Files: files, Town: "Musterstadt", Lang: lang, PageURL: pageURL,
		Made: c.CreatedAt, T: func(key string, args ...any) string { return cat.T(lang, key, args...) }})
	if err != nil {
		t.Fatal(err)
	}
	if missing := cat.Missing(); len(missing) > 0 {
		t.Errorf("missing messages: %v", missing)
	}
	return buf.Bytes()
}

func TestReceiptContainsReferenceAndEveryAnswer(t *testing.T) {
	c := demoReceiptCase()
	files := []Document{{Name: "Impfpass Bärbel.pdf", Size: 312_000}, {Name: "Foto.jpg", Size: 2_400_000}}
	b := writeTestReceipt(t, c, "de", "https://musterstadt.example/my/cases/K7M-3PQ9", files)
	// The footer of each page may fall inside a value that continues on
	// the next page.
	raw := pdfPlainText(t, b)
	if !strings.Contains(squash(raw), "Seite1von") {
		t.Errorf("footer with page numbers missing:\n%s", raw)
	}
	text := squash(footerRe.ReplaceAllString(raw, ""))
	want := []string{"Musterstadt", "Eingangsbestätigung", c.Title["de"], c.Reference, "02.03.2026,09:15Uhr",
		c.ApplicantName, c.ApplicantEmail, "ImpfpassBärbel.pdf", "Foto.jpg", "https://musterstadt.example/my/cases/K7M-3PQ9"}
	for _, l := range c.Summary["de"] {
		want = append(want, l.Label, l.Value)
	}
	for _, w := range want {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("receipt text lacks %q", w)
		}
	}
	if n := strings.Count(string(b), "/Type /Page\n"); n < 2 {
		t.Errorf("the long answer should continue on a second page, got %d page(s)", n)
	}
}

func TestReceiptMetadata(t *testing.T) {
	c := demoReceiptCase()
	b := writeTestReceipt(t, c, "en", "", nil)
	s := string(b)
	for _, want := range []string{"/Lang (en-GB)"} {
		if !strings.Contains(s, want) {
			t.Errorf("PDF lacks %s", want)
		}
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	title := r.Trailer().Key("Info").Key("Title").Text()
	if want := "Receipt: Register a dog (dog tax) (K7M-3PQ9)"; title != want {
		t.Errorf("title %q, want %q", title, want)
	}
	text := squash(pdfPlainText(t, b))
	for _, w := range []string{"Receipt", "Fullname", "JürgenWeiß-Öztürk", "confirmatione-mail"} {
		if !strings.Contains(text, w) {
			t.Errorf("English receipt lacks %q", w)
		}
	}
}

func TestReceiptOfErasedCaseShowsNoPersonalData(t *testing.T) {
	c := demoReceiptCase()
	c.ApplicantName, c.ApplicantEmail, c.Summary = "", "", nil
	c.ErasedAt = time.Date(2027, 4, 1, 2, 0, 0, 0, time.UTC)
	text := squash(pdfPlainText(t, writeTestReceipt(t, c, "de", "", nil)))
	for _, w := range []string{"K7M-3PQ9", "PersönlicheDatengelöscht", "01.04.2027"} {
		if !strings.Contains(text, w) {
			t.Errorf("receipt lacks %q", w)
		}
	}
	if strings.Contains(text, "Bärbel") {
		t.Error("erased receipt shows answers")
	}
}

// TestReceiptKeepsEveryCharacterAsTyped puts each answer in the name and in
// an answer and reads it back from the PDF's text.
func TestReceiptKeepsEveryCharacterAsTyped(t *testing.T) {
	long := strings.Repeat("Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft", 3)
	for _, tc := range []struct{ name, value string }{
		{"polish", "Łukasz Żółćiński, ul. Źródlana 5, Łódź, Gdańsk"},
		{"turkish", "Şahin Öztürk, İstanbul, Iğdır, ılık çağrı"},
		{"german", "Jürgen Weiß, Große Straße, Äpfel Öl Übermaß äöüß"},
		{"greek", "Γιώργος Παπαδόπουλος, Θεσσαλονίκη"},
		{"cyrillic", "Владимир Щербаков, улица Жёлтая, Київ"},
		{"czech_romanian", "Antonín Dvořák, Ștefan Țurcanu"},
		{"very_long_word", long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := demoReceiptCase()
			c.ApplicantName = tc.value
			c.Summary = map[string][]Line{"de": {{Label: "Ihre Angabe", Value: tc.value, Path: "x"}}}
			text := squash(pdfPlainText(t, writeTestReceipt(t, c, "de", "", nil)))
			if n := strings.Count(text, squash(tc.value)); n != 2 {
				t.Errorf("receipt text has %q %d times, want 2 (name and answer):\n%s", tc.value, n, text)
			}
			if strings.Contains(text, "Kästchen") {
				t.Error("receipt says it cannot show characters it can")
			}
		})
	}
}

// TestReceiptMarksCharactersItCannotShow: a character without a glyph
// stays in the text layer; one fpdf cannot write at all becomes "�"; both
// bring the note that the case page shows everything.
func TestReceiptMarksCharactersItCannotShow(t *testing.T) {
	c := demoReceiptCase()
	c.ApplicantName = "Łukasz Żółćiński-Şahin 李"
	c.Summary = map[string][]Line{"de": {{Label: "Betreff", Value: "Wohnungsbewerbung 🏠 für Łódź", Path: "x"}}}
	text := squash(pdfPlainText(t, writeTestReceipt(t, c, "de", "", nil)))
	for _, w := range []string{"ŁukaszŻółćiński-Şahin李", "Wohnungsbewerbung\ufffdfürŁódź",
		"SieerscheinenalsleeresKästchenoderals„\ufffd“"} {
		if !strings.Contains(text, w) {
			t.Errorf("receipt text lacks %q:\n%s", w, text)
		}
	}
}

func TestAnswerRowsPutGroupItemsUnderTheirHeadings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []Line
		want  []string // label|value|indent|gap|heading
	}{
		{"items_with_headings", []Line{
			{Label: "Hunde", Value: "2 Einträge", Path: "dogs"},
			{Label: "Hund 1: Name", Value: "Bello", Path: "dogs.0.name", Group: 1, Item: "Hund 1"},
			{Label: "Hund 1: Rasse", Value: "Dackel", Path: "dogs.0.breed", Group: 1, Item: "Hund 1"},
			{Label: "Hund 2: Name", Value: "Rex", Path: "dogs.1.name", Group: 2, Item: "Hund 2"},
			{Label: "Steuer", Value: "96,00 €", Path: "tax"},
		}, []string{
			"Hunde|2 Einträge|0|false|false",
			"Hund 1||0|true|true",
			"Name|Bello|4|false|false",
			"Rasse|Dackel|4|false|false",
			"Hund 2||0|true|true",
			"Name|Rex|4|false|false",
			"Steuer|96,00 €|0|false|false",
		}},
		{"no_items", []Line{{Label: "Hunde", Value: "keine Einträge", Path: "dogs"}}, []string{
			"Hunde|keine Einträge|0|false|false",
		}},
		{"stored_before_headings_keep_their_labels", []Line{
			{Label: "Hund 1: Name", Value: "Bello", Path: "dogs.0.name", Group: 1},
			{Label: "Hund 2: Name", Value: "Rex", Path: "dogs.1.name", Group: 2},
		}, []string{
			"Hund 1: Name|Bello|4|true|false",
			"Hund 2: Name|Rex|4|true|false",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range answerRows(tc.lines) {
				got = append(got, fmt.Sprintf("%s|%s|%g|%v|%v", r.Label, r.Value, r.Indent, r.Gap, r.Heading))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
