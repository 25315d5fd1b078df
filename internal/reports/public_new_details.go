package reports

import (
	"net/http"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicDetailsPage is step 3 of reporting: open reports nearby (support
// one instead of reporting it again), then the description, the
// category's questions, photos and the optional contact.
type publicDetailsPage struct {
	Fmt       publicFmt
	Category  Category
	Questions []publicQuestion
	Address   string
	Location  *geo.Point
	Nearby    []Nearby
	Radius    int
	Photos    []publicPhoto
	MaxPhotos int
	MaxMB     int64
	// EditPlace shows the place as fields: after a photo suggested its
	// GPS position, or when the place has an error.
	EditPlace bool
	// PhotoPlace says the point came from a photo just uploaded.
	PhotoPlace bool
	// PlaceErrors and PhotoErrors are the translated errors of the place
	// and of the photo field.
	PlaceErrors, PhotoErrors []string
}

func (m *Module) publicNewDetails(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cat, ok := m.publicFlowCategory(w, r, q.Get("category"))
	if !ok {
		return
	}
	form := web.NewForm(q)
	if _, _, f := m.publicPlace(r.Context(), q); len(f) > 0 {
		form.SetErrors(f.Err())
		m.publicRenderPlace(w, r, http.StatusUnprocessableEntity, cat, form)
		return
	}
	m.publicRenderDetails(w, r, http.StatusOK, cat, form, publicDetailsPage{})
}

// publicRenderDetails shows step 3 with the form's values; d brings the
// photos and place state of a form sent before.
func (m *Module) publicRenderDetails(w http.ResponseWriter, r *http.Request, status int, cat Category, form *web.Form, d publicDetailsPage) {
	ctx := r.Context()
	d.Fmt = m.publicFmt(r)
	d.Category = cat
	d.MaxPhotos = MaxPhotos
	d.MaxMB = max(1, m.publicMaxPhotoBytes()>>20)
	d.Radius = int(m.Service.Options().NearbyMetres)
	d.Address = web.CleanText(form.Get("address"), false)
	if p, err := geo.ParsePoint(form.Get("lat"), form.Get("lon")); err == nil {
		d.Location = &p
	}
	if form.Errors[FieldLocation] != nil || form.Errors[FieldAddress] != nil {
		d.EditPlace = true
	}
	if d.Location != nil {
		nearby, err := m.Service.Nearby(ctx, cat.Code, *d.Location, 0)
		if err != nil {
			m.site.Error(w, r, err)
			return
		}
		d.Nearby = nearby
	}
	d.Questions = m.publicQuestions(r, cat, form)
	d.PlaceErrors = m.publicFieldErrors(r, form, FieldLocation)
	d.PhotoErrors = m.publicFieldErrors(r, form, FieldPhotos)
	m.site.Render(w, r, status, "reports.public/new_details", d, form)
}

// publicQuestion is one of the category's extra questions as the form
// shows it. Info questions only inform and take no answer.
type publicQuestion struct {
	Name, ID, Label string
	Datatype        open311.Datatype
	Info, Required  bool
	Values          []string
	Options         []web.Option
	Errors          []string
}

// Value is the first answer, for single-value controls.
func (q publicQuestion) Value() string {
	if len(q.Values) == 0 {
		return ""
	}
	return q.Values[0]
}

// Control names the kind of control: "input", "number", "date",
// "textarea", "select" or "checkboxes".
func (q publicQuestion) Control() string {
	switch q.Datatype {
	case open311.DatatypeNumber:
		return "number"
	case open311.DatatypeDatetime:
		return "date"
	case open311.DatatypeText:
		return "textarea"
	case open311.DatatypeSingleValueList:
		return "select"
	case open311.DatatypeMultiValueList:
		return "checkboxes"
	}
	return "input"
}

// publicAnswerField is the form field of an attribute's answer, named as
// Open311 names it, so the Service's field errors land on it.
func publicAnswerField(code string) string { return "attribute[" + code + "]" }

func (m *Module) publicQuestions(r *http.Request, cat Category, form *web.Form) []publicQuestion {
	lang := web.Lang(r)
	var out []publicQuestion
	for _, a := range cat.sortedAttributes() {
		name := publicAnswerField(a.Code)
		q := publicQuestion{Name: name, ID: "f-" + name, Label: a.Description.In(lang), Datatype: a.Datatype,
			Info: a.Info, Required: a.Required && !a.Info, Values: form.Values[name]}
		for _, v := range a.Values {
			q.Options = append(q.Options, web.Option{Value: v.Key, Label: v.Name.In(lang), Selected: form.Has(name, v.Key)})
		}
		for _, fe := range form.Errors[name] {
			q.Errors = append(q.Errors, m.site.T(r, fe.Key, fe.Args...))
		}
		out = append(out, q)
	}
	return out
}

// publicAnswers reads the answers to the category's questions from the
// form.
func publicAnswers(cat Category, form *web.Form) open311.Answers {
	answers := open311.Answers{}
	for _, a := range cat.Attributes {
		if a.Info {
			continue
		}
		for _, v := range form.Values[publicAnswerField(a.Code)] {
			if v = strings.TrimSpace(v); v != "" {
				answers[a.Code] = append(answers[a.Code], v)
			}
		}
	}
	return answers
}
