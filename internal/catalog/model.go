package catalog

import (
	"strings"
	"time"
)

// Text is a text in German and English; German is required, English falls
// back to it.
type Text struct {
	DE, EN string
}

// In returns the text in lang, German when there is no English.
func (t Text) In(lang string) string {
	if lang == "en" && strings.TrimSpace(t.EN) != "" {
		return t.EN
	}
	return t.DE
}

// LangIn returns the language of In(lang): "de" when an English page shows
// the German text, so the page can mark it (WCAG 3.1.2, language of parts).
func (t Text) LangIn(lang string) string {
	if lang == "en" && strings.TrimSpace(t.EN) != "" {
		return "en"
	}
	return "de"
}

// Audience is who may use a service.
type Audience string

// The audiences.
const (
	Citizens   Audience = "citizens"
	Businesses Audience = "businesses"
)

// Audiences lists the audiences in the order pages show them.
var Audiences = []Audience{Citizens, Businesses}

// Channel is a way a service is done.
type Channel string

// The channels.
const (
	Online      Channel = "online"
	Appointment Channel = "appointment"
	InPerson    Channel = "in_person"
)

// Channels lists the channels in the order pages show them.
var Channels = []Channel{Online, Appointment, InPerson}

// Department is the responsible department as the catalog shows it.
type Department struct {
	ID    int64
	Slug  string
	Name  string
	Email string
}

// Service is one entry of the Leistungskatalog: something the town does on
// request.
type Service struct {
	ID   int64
	Slug string
	Name Text
	// Description says in plain language what the service is and who needs
	// it; Procedure says how to get it when there is no online form.
	Description, Procedure Text
	// LeiKaKey is the national Leistungsschlüssel (14 digits), "" for a
	// purely local service.
	LeiKaKey      string
	ForCitizens   bool
	ForBusinesses bool
	// Documents are the required documents, one per line.
	Documents Text
	Fees      Text
	// FeeCents is the fee when it is one fixed amount; nil when it varies
	// or is free of charge without saying so.
	FeeCents   *int64
	LegalBasis string
	Department Department
	// Online is true when the online form FormID does it.
	Online, Appointment, InPerson bool
	FormID                        string
	// formOut is set on a copy made for one answer when FormID names a
	// form that is not in service (see offer).
	formOut bool
	// formGuests is set on a copy made for one answer when the form in
	// service may be used without an account.
	formGuests bool
	// Keywords are synonyms and search words, comma separated.
	Keywords  Text
	Topics    []Ref
	Life      []Ref
	Published bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Ref is a topic or life situation as a service lists it.
type Ref struct {
	ID   int64
	Slug string
	Name Text
}

// Audiences returns who may use the service.
func (s *Service) Audiences() []Audience {
	var out []Audience
	if s.ForCitizens {
		out = append(out, Citizens)
	}
	if s.ForBusinesses {
		out = append(out, Businesses)
	}
	return out
}

// Channels returns how the service is done.
func (s *Service) Channels() []Channel {
	var out []Channel
	if s.Online {
		out = append(out, Online)
	}
	if s.Appointment {
		out = append(out, Appointment)
	}
	if s.InPerson {
		out = append(out, InPerson)
	}
	return out
}

// HasForm reports whether the service has an online form.
func (s *Service) HasForm() bool { return s.FormID != "" }

// FormPath is the path of the online form.
func (s *Service) FormPath() string { return "/forms/" + s.FormID }

// DocumentList returns the required documents in lang, one per entry.
func (s *Service) DocumentList(lang string) []string {
	return lines(s.Documents.In(lang))
}

// KeywordList returns the keywords in lang.
func (s *Service) KeywordList(lang string) []string {
	var out []string
	for _, k := range strings.Split(s.Keywords.In(lang), ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// InTopic reports whether the service belongs to the topic id.
func (s *Service) InTopic(id int64) bool { return hasRef(s.Topics, id) }

// InLife reports whether the service belongs to the life situation id.
func (s *Service) InLife(id int64) bool { return hasRef(s.Life, id) }

func hasRef(refs []Ref, id int64) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Topic is a Thema the catalog is browsed by; LifeSituation a Lebenslage.
// Both have the same shape.
type Topic struct {
	ID        int64
	Slug      string
	Name      Text
	SortOrder int
}

// LifeSituation is a Lebenslage: a moment in life (moving to town, having a
// baby) that needs several services.
type LifeSituation = Topic
