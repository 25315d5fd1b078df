package reports

import (
	"net/http"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// apiFilter turns a validated GET requests query into the Service's public
// filter, newest first.
func apiFilter(q open311.RequestQuery) Filter {
	f := Filter{Refs: q.IDs, Categories: q.ServiceCodes, Page: q.Page, PageSize: q.PageSize, Sort: SortNewest}
	if len(q.Statuses) == 1 {
		f.OpenOnly, f.ClosedOnly = q.Statuses[0] == open311.Open, q.Statuses[0] == open311.Closed
	}
	f.CreatedFrom = q.Start
	if !q.End.IsZero() {
		// end_date is the latest time to include; times are whole seconds.
		f.CreatedTo = q.End.Add(time.Second)
	}
	f.UpdatedAfter, f.UpdatedBefore = q.UpdatedAfter, q.UpdatedBefore
	if b := q.BBox; b != nil {
		f.BBox = &geo.BBox{MinLat: b.South, MinLon: b.West, MaxLat: b.North, MaxLon: b.East}
	}
	if c := q.Near; c != nil {
		f.Near, f.Radius = &geo.Point{Lat: c.Lat, Lon: c.Long}, c.Radius
	}
	return f
}

// apiRequests answers GET requests: published reports matching the query,
// newest first, one page; the same request within apiCacheTTL gets the
// same answer.
func (m *Module) apiRequests(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	if m.apiServeCached(w, r, f) {
		return
	}
	q, err := open311.ParseRequestQuery(r.URL.Query(), m.Service.now(), apiLimits)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	page, err := m.Service.List(r.Context(), apiFilter(q))
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	lang := web.Lang(r)
	doc := make(open311.ServiceRequests, 0, len(page.Reports))
	for _, rep := range page.Reports {
		doc = append(doc, m.apiServiceRequest(rep, lang))
	}
	body := open311.Marshal(f, doc)
	m.apiCache().put(apiCacheKeyOf(r), body, time.Now())
	m.apiWriteBody(w, f, body)
}

// apiRequest answers GET requests/{id}: a list of one, as the spec says.
func (m *Module) apiRequest(w http.ResponseWriter, r *http.Request) {
	id, f, ok := open311.SplitFormat(r.PathValue("id"))
	if !ok {
		m.apiErrors(w, r, f, open311.UnknownFormat())
		return
	}
	rep, err := m.Service.PublicReport(r.Context(), id)
	if err != nil {
		m.apiFail(w, r, f, err, "service_request_id", id)
		return
	}
	m.apiWrite(w, http.StatusOK, f, open311.ServiceRequests{m.apiServiceRequest(rep, web.Lang(r))})
}

// apiToken answers GET tokens/{token}. Every service is realtime, so a POST
// answers with the service_request_id and never a token; for clients that
// treat every service as batch, a token is the service_request_id itself.
func (m *Module) apiToken(w http.ResponseWriter, r *http.Request) {
	token, f, ok := open311.SplitFormat(r.PathValue("token"))
	if !ok {
		m.apiErrors(w, r, f, open311.UnknownFormat())
		return
	}
	rep, err := m.Service.PublicReport(r.Context(), token)
	if err != nil {
		m.apiFail(w, r, f, err, "token", token)
		return
	}
	m.apiWrite(w, http.StatusOK, f, open311.Tokens{{ServiceRequestID: rep.Ref, Token: token}})
}
