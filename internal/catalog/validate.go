package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	leikaPattern = regexp.MustCompile(`^[0-9]{14}$`)
)

// Limits of the text fields, in characters.
const (
	maxName  = 200
	maxLong  = 5000
	maxShort = 1000
	maxSlug  = 80
)

// normalize trims what a form may send with stray spaces.
func (s *Service) normalize() {
	s.Slug = strings.TrimSpace(s.Slug)
	s.Name.DE, s.Name.EN = strings.TrimSpace(s.Name.DE), strings.TrimSpace(s.Name.EN)
	s.LeiKaKey = strings.ReplaceAll(strings.TrimSpace(s.LeiKaKey), " ", "")
	s.FormID = strings.TrimSpace(s.FormID)
	s.LegalBasis = strings.TrimSpace(s.LegalBasis)
	s.Fees.DE, s.Fees.EN = strings.TrimSpace(s.Fees.DE), strings.TrimSpace(s.Fees.EN)
	s.Keywords.DE, s.Keywords.EN = strings.TrimSpace(s.Keywords.DE), strings.TrimSpace(s.Keywords.EN)
}

// Validate checks a service's fields; the field names are those of the
// admin form.
func (s *Service) Validate() error {
	var f errs.Fields
	if !slugPattern.MatchString(s.Slug) || len(s.Slug) > maxSlug {
		f.Add("slug", "field.slug.invalid")
	}
	required(&f, "name_de", s.Name.DE, maxName)
	limit(&f, "name_en", s.Name.EN, maxName)
	required(&f, "description_de", s.Description.DE, maxLong)
	limit(&f, "description_en", s.Description.EN, maxLong)
	limit(&f, "procedure_de", s.Procedure.DE, maxLong)
	limit(&f, "procedure_en", s.Procedure.EN, maxLong)
	limit(&f, "documents_de", s.Documents.DE, maxLong)
	limit(&f, "documents_en", s.Documents.EN, maxLong)
	limit(&f, "fees_de", s.Fees.DE, maxShort)
	limit(&f, "fees_en", s.Fees.EN, maxShort)
	limit(&f, "legal_basis", s.LegalBasis, maxShort)
	limit(&f, "keywords_de", s.Keywords.DE, maxShort)
	limit(&f, "keywords_en", s.Keywords.EN, maxShort)
	if s.LeiKaKey != "" && !leikaPattern.MatchString(s.LeiKaKey) {
		f.Add("leika_key", "catalog.field.leika.invalid")
	}
	if s.FeeCents != nil && *s.FeeCents < 0 {
		f.Add("fee_amount", "catalog.field.fee.invalid")
	}
	if !s.ForCitizens && !s.ForBusinesses {
		f.Add("audience", "catalog.field.audience.required")
	}
	if s.Department.ID <= 0 {
		f.Add("department", "field.required")
	}
	switch {
	case !s.Online && !s.Appointment && !s.InPerson:
		f.Add("channels", "catalog.field.channels.required")
	case s.FormID != "" && !s.Online:
		f.Add("channels", "catalog.field.channels.online_form")
	}
	switch {
	case s.FormID != "" && (!slugPattern.MatchString(s.FormID) || len(s.FormID) > maxSlug):
		f.Add("form_id", "field.slug.invalid")
	case s.FormID == "" && s.Online:
		f.Add("form_id", "catalog.field.form.required")
	}
	return f.Err()
}

func required(f *errs.Fields, name, v string, max int) {
	if strings.TrimSpace(v) == "" {
		f.Add(name, "field.required")
		return
	}
	limit(f, name, v, max)
}

func limit(f *errs.Fields, name, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		f.Add(name, "field.too_long", max)
	}
}

// ParseFee reads an amount in euro as people type it ("12,50", "12.50",
// "12 €", "1.234,50"). An empty string is no amount; ok is false for
// anything that is not an amount.
func ParseFee(s string) (cents *int64, ok bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€")), "EUR"))
	if s == "" {
		return nil, true
	}
	// German notation: the last comma is the decimal mark, dots group
	// thousands. A lone dot with one or two digits after it is a decimal
	// mark too ("12.50").
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if i := strings.LastIndex(s, "."); i >= 0 && len(s)-i-1 == 3 {
		s = strings.ReplaceAll(s, ".", "")
	}
	euros, frac, _ := strings.Cut(s, ".")
	if euros == "" || len(frac) > 2 || !digits(euros) || (frac != "" && !digits(frac)) || len(euros) > 9 {
		return nil, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	e, _ := strconv.ParseInt(euros, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	v := e*100 + c
	return &v, true
}

// FormatFee writes cents as a German or English amount: "12,50 €",
// "€12.50".
func FormatFee(cents int64, lang string) string {
	e, c := cents/100, cents%100
	if lang == "en" {
		return "€" + groupThousands(e, ",") + "." + twoDigits(c)
	}
	return groupThousands(e, ".") + "," + twoDigits(c) + " €"
}

func groupThousands(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// validateTopic checks a topic's or life situation's fields.
func validateTopic(t Topic) error {
	var f errs.Fields
	if !slugPattern.MatchString(t.Slug) || len(t.Slug) > maxSlug {
		f.Add("slug", "field.slug.invalid")
	}
	required(&f, "name_de", t.Name.DE, maxName)
	limit(&f, "name_en", t.Name.EN, maxName)
	return f.Err()
}
