package reports

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"sync"
	"time"
	// The binary carries the zone database, so Europe/Berlin works on hosts
	// and containers without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// TownZone is the zone Open311 and open-data times are written in, with
// their offset: every supported town is in Germany.
var TownZone = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic("reports: time zone Europe/Berlin: " + err.Error()) // tzdata is embedded above
	}
	return loc
})

// apiLimits bound Open311 queries: pages of at most MaxPageSize reports (the
// spec's default of 1000 would let one request read a thousand reports with
// their photos), DefaultPageSize without page_size.
var apiLimits = open311.Limits{DefaultPageSize: DefaultPageSize, MaxPageSize: MaxPageSize, MaxMediaURLs: MaxPhotos}

// apiFormat returns the format named by the extension of the request's
// last path element; XML, the spec's required format, when there is none.
func apiFormat(r *http.Request) open311.Format {
	_, f, _ := open311.SplitFormat(path.Base(r.URL.Path))
	return f
}

// apiWrite sends an Open311 document in format f.
func (m *Module) apiWrite(w http.ResponseWriter, status int, f open311.Format, doc open311.Document) {
	if err := open311.Write(w, status, f, doc); err != nil {
		m.Logger.Debug("open311: write response", "err", err)
	}
}

// apiErrors sends an error list in the request's language.
func (m *Module) apiErrors(w http.ResponseWriter, r *http.Request, f open311.Format, es open311.Errors) {
	m.apiWrite(w, es.Status(), f, es.Localize(web.Lang(r)))
}

// apiFail answers err in format f: spec error lists as they are, our
// errors mapped to the spec's codes, failures of ours logged and answered
// 500 without detail. param names what a 404 was about.
func (m *Module) apiFail(w http.ResponseWriter, r *http.Request, f open311.Format, err error, param, value string) {
	if es, ok := open311.AsErrors(err); ok {
		m.apiErrors(w, r, f, es)
		return
	}
	e := errs.As(err)
	lang := web.Lang(r)
	t := func(key string, args ...any) string { return m.site.Catalog().T(lang, key, args...) }
	var es open311.Errors
	switch e.Code {
	case errs.Invalid:
		for _, fe := range e.Fields {
			es = append(es, open311.Error{Code: http.StatusBadRequest, Description: apiParam(fe.Field) + ": " + t(fe.Key, fe.Args...)})
		}
		if len(es) == 0 {
			es = open311.Errors{{Code: http.StatusBadRequest, Description: t(e.Key, e.Args...)}}
		}
	case errs.BadRequest, errs.Conflict:
		es = open311.Errors{{Code: http.StatusBadRequest, Description: t(e.Key, e.Args...)}}
	case errs.TooLarge:
		es = open311.Errors{{Code: http.StatusRequestEntityTooLarge, Description: t(e.Key, e.Args...)}}
	case errs.Forbidden, errs.Unauthorized:
		es = open311.InvalidKey()
	case errs.NotFound:
		es = open311.NotFound(param, value)
	case errs.MethodNotAllowed:
		es = open311.Errors{{Code: http.StatusMethodNotAllowed, Description: t(e.Key, e.Args...)}}
	default:
		m.Logger.Error("open311", "method", r.Method, "path", r.URL.Path, "err", err)
		es = open311.ServiceFailure()
	}
	m.apiErrors(w, r, f, es)
}

// apiRouteError answers the shell's refusals of an API route (a query with
// invalid UTF-8, a body over the limit) in the resource's format.
func (m *Module) apiRouteError(w http.ResponseWriter, r *http.Request, err error) {
	m.cors(func(w http.ResponseWriter, r *http.Request) {
		m.apiFail(w, r, apiFormat(r), err, "", "")
	})(w, r)
}

// apiParam names a field of the Service's validation errors as the Open311
// parameter a client sent.
func apiParam(field string) string {
	switch field {
	case FieldCategory:
		return "service_code"
	case FieldLocation:
		return "lat/long"
	case FieldAddress:
		return "address_string"
	case FieldPhotos:
		return "media"
	case FieldName:
		return "first_name/last_name"
	case "public_note":
		return "description"
	}
	return field
}

// apiNotFound answers everything below the prefix that no route takes: an
// unknown resource or format is the spec's 404. A known address asked with
// another method never gets here: the shell answers 405 with its Allow list.
func (m *Module) apiNotFound(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	rest := r.URL.Path[min(len(r.URL.Path), len(APIPrefix)+1):]
	m.cors(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := open311.SplitFormat(rest); ok {
			m.apiErrors(w, r, f, open311.NotFound("resource", rest))
			return
		}
		m.apiErrors(w, r, f, open311.UnknownFormat())
	})(w, r)
}

// cors lets web pages of other sites read the public data: Open311 and
// open data are meant for other apps and maps. Writes stay same-origin
// (they need an api_key, which belongs on a server, not in a browser).
func (m *Module) cors(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		h(w, r)
	}
}

// preflight answers a CORS preflight for the reads.
func (m *Module) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// apiTime converts a stored time into the town's zone for the spec's
// datetime fields.
func apiTime(t time.Time) open311.Time {
	if t.IsZero() {
		return open311.Time{}
	}
	return open311.Time{Time: t.In(TownZone())}
}

// apiRequest maps a report in the public view to Open311.
func (m *Module) apiServiceRequest(r Report, lang string) open311.ServiceRequest {
	sr := r.ServiceRequest(lang, func(p Photo) string { return m.mediaURL(r.Ref, p) })
	sr.RequestedDatetime = apiTime(r.CreatedAt)
	sr.UpdatedDatetime = apiTime(r.UpdatedAt)
	sr.ExpectedDatetime = apiTime(r.ClosureDue)
	return sr
}

// mediaURL is the absolute address of a released photo: the public photo
// route of the citizens' pages (by photo id, stable while others are
// released or hidden), or the link an Open311 client sent.
func (m *Module) mediaURL(ref string, p Photo) string {
	if p.Key == "" {
		return p.URL
	}
	return m.Config.BaseURL + "/reports/photos/" + url.PathEscape(ref) + "/" + strconv.FormatInt(p.ID, 10)
}

// apiUploadLimit bounds a POST requests body: MaxPhotos photos plus the
// form around them.
func (m *Module) apiUploadLimit() int64 {
	per := m.Config.MaxUploadBytes
	if m.Photos != nil && (per <= 0 || m.Photos.Limits().MaxBytes < per) {
		per = m.Photos.Limits().MaxBytes
	}
	if per <= 0 {
		per = 10 << 20
	}
	return MaxPhotos*per + 256<<10
}
