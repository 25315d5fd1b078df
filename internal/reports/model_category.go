package reports

import (
	"slices"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/open311"
)

// Category is a kind of defect the town takes reports on: an Open311
// service. Code is the service_code.
type Category struct {
	ID int64
	// Code is the Open311 service_code: lowercase letters, digits, '-' and
	// '_', unique, e.g. "muell-illegal".
	Code string
	// Group collects categories on the reporting page ("Straße und Wege").
	Group       Text
	Name        Text
	Description Text
	// DepartmentID is the department new reports go to; 0 is allowed only
	// for a "not our job" category.
	DepartmentID   int64
	DepartmentName string
	// Keywords help the category search (Open311 keywords).
	Keywords []string
	// FirstReactionDays and ClosureDays are deadlines in working days of
	// the town's Land; 0 sets none.
	FirstReactionDays int
	ClosureDays       int
	// Attributes are the extra questions (Open311 attributes).
	Attributes []Attribute
	// NotOurJob, when set, says who is responsible instead ("Die
	// Autobahn GmbH des Bundes …"): the category is shown with this hint and
	// takes no reports.
	NotOurJob Text
	// NotifyDepartment mails the department's address on each new report.
	NotifyDepartment bool
	// Inactive categories take no new reports and are hidden; their
	// reports stay.
	Active    bool
	SortOrder int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsNotOurJob reports whether the category only points elsewhere.
func (c Category) IsNotOurJob() bool { return !c.NotOurJob.IsZero() }

// Attribute is an extra question of a category (Open311 attribute).
type Attribute struct {
	// Code is unique within the category: letters, digits, '-' and '_'.
	Code     string           `json:"code"`
	Datatype open311.Datatype `json:"datatype"`
	Required bool             `json:"required,omitempty"`
	// Info marks text that only informs (Open311 variable=false) and takes
	// no answer.
	Info bool `json:"info,omitempty"`
	// Public answers are shown on the report's public page; others only
	// to staff, since a citizen may write personal things into them.
	Public      bool             `json:"public,omitempty"`
	Description Text             `json:"description"`
	Order       int              `json:"order"`
	Values      []AttributeValue `json:"values,omitempty"`
}

// AttributeValue is one option of a list attribute.
type AttributeValue struct {
	Key  string `json:"key"`
	Name Text   `json:"name"`
}

// CategoryGroup is a heading with its active categories, for the
// reporting page.
type CategoryGroup struct {
	Name       Text
	Categories []Category
}

// Open311Service returns c as an entry of GET services in lang.
func (c Category) Open311Service(lang string) open311.Service {
	metadata := slices.ContainsFunc(c.Attributes, func(a Attribute) bool { return !a.Info })
	return open311.Service{
		ServiceCode: c.Code,
		ServiceName: c.Name.In(lang),
		Description: c.Description.In(lang),
		Metadata:    metadata,
		Type:        open311.Realtime,
		Keywords:    strings.Join(c.Keywords, ","),
		Group:       c.Group.In(lang),
	}
}

// Open311Definition returns c's questions as GET services/{code} in lang.
func (c Category) Open311Definition(lang string) open311.ServiceDefinition {
	def := open311.ServiceDefinition{ServiceCode: c.Code, Attributes: []open311.Attribute{}}
	for _, a := range c.sortedAttributes() {
		oa := open311.Attribute{
			Variable:    !a.Info,
			Code:        a.Code,
			Datatype:    a.Datatype,
			Required:    a.Required && !a.Info,
			Order:       a.Order,
			Description: a.Description.In(lang),
		}
		for _, v := range a.Values {
			oa.Values = append(oa.Values, open311.Value{Key: v.Key, Name: v.Name.In(lang)})
		}
		def.Attributes = append(def.Attributes, oa)
	}
	return def
}

func (c Category) sortedAttributes() []Attribute {
	attrs := slices.Clone(c.Attributes)
	slices.SortStableFunc(attrs, func(a, b Attribute) int { return a.Order - b.Order })
	return attrs
}

// Answer is the answer to one extra question as people read it: the
// question and the chosen options' names (or the text typed).
type Answer struct {
	Question string
	Values   []string
}

// AnswerList pairs answers with c's questions in their order, in lang;
// answers to questions since removed follow under their code.
func (c Category) AnswerList(answers open311.Answers, lang string) []Answer {
	var out []Answer
	seen := map[string]bool{}
	for _, a := range c.sortedAttributes() {
		vals, ok := answers[a.Code]
		if !ok {
			continue
		}
		seen[a.Code] = true
		ans := Answer{Question: a.Description.In(lang)}
		for _, val := range vals {
			if i := slices.IndexFunc(a.Values, func(v AttributeValue) bool { return v.Key == val }); i >= 0 {
				val = a.Values[i].Name.In(lang)
			}
			ans.Values = append(ans.Values, val)
		}
		out = append(out, ans)
	}
	var rest []string
	for code := range answers {
		if !seen[code] {
			rest = append(rest, code)
		}
	}
	slices.Sort(rest)
	for _, code := range rest {
		out = append(out, Answer{Question: code, Values: answers[code]})
	}
	return out
}

// PublicAnswers keeps the answers to c's public questions; answers to
// questions since removed are not public.
func (c Category) PublicAnswers(answers open311.Answers) open311.Answers {
	out := open311.Answers{}
	for _, a := range c.Attributes {
		if vals, ok := answers[a.Code]; ok && a.Public && !a.Info {
			out[a.Code] = vals
		}
	}
	return out
}
