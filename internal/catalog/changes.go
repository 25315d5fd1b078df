package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// changes names the fields an update changed, for the audit log. Long
// texts are named, not quoted.
func changes(old, s *Service) string {
	var out []string
	short := func(field, from, to string) {
		if from != to {
			out = append(out, fmt.Sprintf("%s: %q → %q", field, from, to))
		}
	}
	long := func(field, from, to string) {
		if from != to {
			out = append(out, field+" changed")
		}
	}
	short("slug", old.Slug, s.Slug)
	short("name_de", old.Name.DE, s.Name.DE)
	short("name_en", old.Name.EN, s.Name.EN)
	long("description_de", old.Description.DE, s.Description.DE)
	long("description_en", old.Description.EN, s.Description.EN)
	long("procedure_de", old.Procedure.DE, s.Procedure.DE)
	long("procedure_en", old.Procedure.EN, s.Procedure.EN)
	short("leika_key", old.LeiKaKey, s.LeiKaKey)
	short("audience", fmt.Sprint(old.Audiences()), fmt.Sprint(s.Audiences()))
	long("documents_de", old.Documents.DE, s.Documents.DE)
	long("documents_en", old.Documents.EN, s.Documents.EN)
	long("fees_de", old.Fees.DE, s.Fees.DE)
	long("fees_en", old.Fees.EN, s.Fees.EN)
	short("fee_cents", feeText(old.FeeCents), feeText(s.FeeCents))
	long("legal_basis", old.LegalBasis, s.LegalBasis)
	short("department", old.Department.Slug, s.Department.Slug)
	short("channels", fmt.Sprint(old.Channels()), fmt.Sprint(s.Channels()))
	short("form_id", old.FormID, s.FormID)
	long("keywords_de", old.Keywords.DE, s.Keywords.DE)
	long("keywords_en", old.Keywords.EN, s.Keywords.EN)
	short("topics", refSlugs(old.Topics), refSlugs(s.Topics))
	short("life_situations", refSlugs(old.Life), refSlugs(s.Life))
	short("published", fmt.Sprint(old.Published), fmt.Sprint(s.Published))
	if len(out) == 0 {
		return "no changes"
	}
	return strings.Join(out, "; ")
}

func feeText(c *int64) string {
	if c == nil {
		return ""
	}
	return fmt.Sprint(*c)
}

func refSlugs(refs []Ref) string {
	var s []string
	for _, r := range refs {
		s = append(s, r.Slug)
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}
