package catalog

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// adminServiceView is the admin form of a new or stored service.
type adminServiceView struct {
	// ID is 0 for a new service.
	ID          int64
	Name        string
	Slug        string
	Published   bool
	Action      string
	Departments []auth.Department
	Topics      []Topic
	Life        []LifeSituation
}

// checkGroup is a group of checkboxes for the "catalog.checks" partial.
type checkGroup struct {
	Name, Legend, Hint string
	Required           bool
	Errors             []string
	ErrorPrefix        string // see web.FieldView
	Options            []web.Option
	// Describedby lists the ids of the hint and the errors.
	Describedby string
}

func newCheckGroup(p *web.Page, name, legendKey, hintKey string, required bool, opts []web.Option) checkGroup {
	g := checkGroup{Name: name, Legend: p.T(legendKey), Required: required, Options: opts, ErrorPrefix: p.T("form.error_prefix")}
	ids := ""
	if hintKey != "" {
		g.Hint = p.T(hintKey)
		ids = "f-" + name + "-hint"
	}
	for _, fe := range p.Form.Errors[name] {
		g.Errors = append(g.Errors, p.T(fe.Key, fe.Args...))
	}
	if len(g.Errors) > 0 {
		if ids != "" {
			ids += " "
		}
		ids += "f-" + name + "-error"
	}
	g.Describedby = ids
	for i := range g.Options {
		g.Options[i].Selected = p.Form.Has(name, g.Options[i].Value)
	}
	return g
}

// AudienceField is the group of audiences.
func (v adminServiceView) AudienceField(p *web.Page) checkGroup {
	var opts []web.Option
	for _, a := range Audiences {
		opts = append(opts, web.Option{Value: string(a), Label: p.T("catalog.audience." + string(a))})
	}
	return newCheckGroup(p, "audience", "catalog.field.audience", "", true, opts)
}

// ChannelsField is the group of ways the service is done.
func (v adminServiceView) ChannelsField(p *web.Page) checkGroup {
	var opts []web.Option
	for _, c := range Channels {
		opts = append(opts, web.Option{Value: string(c), Label: p.T("catalog.channel." + string(c))})
	}
	return newCheckGroup(p, "channels", "catalog.field.channels", "catalog.field.channels.hint", true, opts)
}

// TopicsField is the group of topics.
func (v adminServiceView) TopicsField(p *web.Page) checkGroup {
	return newCheckGroup(p, "topics", "catalog.field.topics", "", false, taxonOptions(p, v.Topics))
}

// LifeField is the group of life situations.
func (v adminServiceView) LifeField(p *web.Page) checkGroup {
	return newCheckGroup(p, "life", "catalog.field.life", "", false, taxonOptions(p, v.Life))
}

func taxonOptions(p *web.Page, list []Topic) []web.Option {
	var opts []web.Option
	for _, t := range list {
		opts = append(opts, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name.In(p.Lang)})
	}
	return opts
}

// DepartmentField is the select of the responsible department.
func (v adminServiceView) DepartmentField(p *web.Page) web.FieldView {
	f := p.Field("department", "select", "catalog.field.department", "required")
	f.Options = []web.Option{{Value: "", Label: p.T("catalog.field.department.choose")}}
	for _, d := range v.Departments {
		id := strconv.FormatInt(d.ID, 10)
		f.Options = append(f.Options, web.Option{Value: id, Label: d.Name, Selected: p.Form.Get("department") == id})
	}
	return f
}

// serviceValues are a stored service's fields as the form shows them.
func serviceValues(s *Service) url.Values {
	v := url.Values{}
	set := func(k, val string) { v.Set(k, val) }
	set("slug", s.Slug)
	set("name_de", s.Name.DE)
	set("name_en", s.Name.EN)
	set("description_de", s.Description.DE)
	set("description_en", s.Description.EN)
	set("procedure_de", s.Procedure.DE)
	set("procedure_en", s.Procedure.EN)
	set("leika_key", s.LeiKaKey)
	for _, a := range s.Audiences() {
		v.Add("audience", string(a))
	}
	set("documents_de", s.Documents.DE)
	set("documents_en", s.Documents.EN)
	set("fees_de", s.Fees.DE)
	set("fees_en", s.Fees.EN)
	if s.FeeCents != nil {
		set("fee_amount", strings.TrimSuffix(FormatFee(*s.FeeCents, "de"), " €"))
	}
	set("legal_basis", s.LegalBasis)
	if s.Department.ID != 0 {
		set("department", strconv.FormatInt(s.Department.ID, 10))
	}
	for _, c := range s.Channels() {
		v.Add("channels", string(c))
	}
	set("form_id", s.FormID)
	set("keywords_de", s.Keywords.DE)
	set("keywords_en", s.Keywords.EN)
	for _, r := range s.Topics {
		v.Add("topics", strconv.FormatInt(r.ID, 10))
	}
	for _, r := range s.Life {
		v.Add("life", strconv.FormatInt(r.ID, 10))
	}
	if s.Published {
		set("published", "on")
	}
	return v
}

// serviceFromForm reads the posted form. Values that cannot even be read
// (a fee that is no amount, a department or topic that is no number) come
// back as field errors; the rest is checked by Catalog.Save.
func serviceFromForm(r *http.Request) (Service, errs.Fields) {
	var bad errs.Fields
	f := r.PostForm
	s := Service{
		Slug:        f.Get("slug"),
		Name:        Text{f.Get("name_de"), f.Get("name_en")},
		Description: Text{f.Get("description_de"), f.Get("description_en")},
		Procedure:   Text{f.Get("procedure_de"), f.Get("procedure_en")},
		LeiKaKey:    f.Get("leika_key"),
		Documents:   Text{f.Get("documents_de"), f.Get("documents_en")},
		Fees:        Text{f.Get("fees_de"), f.Get("fees_en")},
		LegalBasis:  f.Get("legal_basis"),
		FormID:      f.Get("form_id"),
		Keywords:    Text{f.Get("keywords_de"), f.Get("keywords_en")},
		Published:   f.Get("published") != "",
	}
	for _, a := range f["audience"] {
		switch Audience(a) {
		case Citizens:
			s.ForCitizens = true
		case Businesses:
			s.ForBusinesses = true
		default:
			bad.Add("audience", "field.choice.invalid")
		}
	}
	for _, c := range f["channels"] {
		switch Channel(c) {
		case Online:
			s.Online = true
		case Appointment:
			s.Appointment = true
		case InPerson:
			s.InPerson = true
		default:
			bad.Add("channels", "field.choice.invalid")
		}
	}
	if d := f.Get("department"); d != "" {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("department", "field.choice.invalid")
		}
		s.Department.ID = id
	}
	fee, ok := ParseFee(f.Get("fee_amount"))
	if !ok {
		bad.Add("fee_amount", "catalog.field.fee.invalid")
	}
	s.FeeCents = fee
	for _, l := range []struct {
		name string
		into *[]Ref
	}{{"topics", &s.Topics}, {"life", &s.Life}} {
		for _, v := range f[l.name] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				bad.Add(l.name, "field.choice.invalid")
				continue
			}
			*l.into = append(*l.into, Ref{ID: id})
		}
	}
	return s, bad
}
