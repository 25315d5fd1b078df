package reports

import (
	"context"
	"net/http"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// apiCategories returns the categories Open311 offers: active ones that are
// the town's job. "Not our job" categories take no reports, so a client
// could only fail with them.
func (m *Module) apiCategories(ctx context.Context) ([]Category, error) {
	all, err := m.Service.Categories(ctx, false)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if c.Active && !c.IsNotOurJob() {
			out = append(out, c)
		}
	}
	return out, nil
}

// apiServices answers GET services.
func (m *Module) apiServices(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	cats, err := m.apiCategories(r.Context())
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	lang := web.Lang(r)
	doc := make(open311.Services, 0, len(cats))
	for _, c := range cats {
		doc = append(doc, c.Open311Service(lang))
	}
	m.apiWrite(w, http.StatusOK, f, doc)
}

// apiServiceDefinition answers GET services/{code}.
func (m *Module) apiServiceDefinition(w http.ResponseWriter, r *http.Request) {
	code, f, ok := open311.SplitFormat(r.PathValue("code"))
	if !ok {
		m.apiErrors(w, r, f, open311.UnknownFormat())
		return
	}
	c, err := m.Service.Category(r.Context(), code)
	if err == nil && (!c.Active || c.IsNotOurJob()) {
		m.apiErrors(w, r, f, open311.NotFound("service_code", code))
		return
	}
	if err != nil {
		m.apiFail(w, r, f, err, "service_code", code)
		return
	}
	m.apiWrite(w, http.StatusOK, f, c.Open311Definition(web.Lang(r)))
}

// apiDiscovery answers GET discovery: where the endpoint is and how to get
// a key. The changeset is the last change of any category, so clients know
// when to fetch services again.
func (m *Module) apiDiscovery(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	cats, err := m.Service.Categories(r.Context(), true)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	var changed time.Time
	for _, c := range cats {
		if c.UpdatedAt.After(changed) {
			changed = c.UpdatedAt
		}
	}
	changeset := apiTime(changed).W3C()
	base := m.Config.BaseURL
	doc := open311.Discovery{
		Changeset: changeset,
		// The imprint names the town's contact by law (§ 5 DDG).
		Contact:    m.site.T(r, "reports.api.discovery.contact", base+"/impressum"),
		KeyService: m.site.T(r, "reports.api.discovery.key_service", base+"/impressum"),
		Endpoints: []open311.Endpoint{{
			Specification: open311.SpecGeoReportV2,
			URL:           base + APIPrefix,
			Changeset:     changeset,
			Type:          open311.Production,
			Formats:       []string{open311.XML.MediaType(), open311.JSON.MediaType()},
		}},
	}
	m.apiWrite(w, http.StatusOK, f, doc)
}
