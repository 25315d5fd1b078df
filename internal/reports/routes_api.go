package reports

import (
	"net/http"
	"slices"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// APIPrefix is where the Open311 GeoReport v2 endpoint lives, the path
// German towns use.
const APIPrefix = "/georeport/v2"

// apiRoutes registers the Open311 GeoReport v2 API and the open-data exports.
// Every resource is registered per format, so the route list (and the
// authorization matrix) names each; anything else below the prefix gets the
// spec's 404 from the catch-all.
func (m *Module) apiRoutes() {
	s := m.site
	read := []web.RouteOption{web.API, web.ErrorWriter(m.apiRouteError)}
	// POSTs authenticate with the api_key parameter, never with a cookie.
	write := slices.Concat(read, []web.RouteOption{web.NoCSRF})
	get := func(path string, h http.HandlerFunc) {
		s.HandleFunc("GET "+APIPrefix+path, auth.Public, m.cors(h), read...)
	}
	for _, f := range []string{".json", ".xml"} {
		get("/discovery"+f, m.apiDiscovery)
		get("/services"+f, m.apiServices)
		get("/requests"+f, m.apiRequests)
		get("/servicerequestupdates"+f, m.apiUpdates)
		s.HandleFunc("POST "+APIPrefix+"/requests"+f, auth.Public, m.apiPostRequest,
			slices.Concat(write, []web.RouteOption{web.BodyLimit(m.apiUploadLimit())})...)
		s.HandleFunc("POST "+APIPrefix+"/servicerequestupdates"+f, auth.Public, m.apiPostUpdate, write...)
	}
	get("/services/{code}", m.apiServiceDefinition)
	get("/requests/{id}", m.apiRequest)
	get("/tokens/{token}", m.apiToken)
	s.HandleFunc("OPTIONS "+APIPrefix+"/", auth.Public, m.preflight, read...)
	// Unknown resources, formats and methods; NoCSRF because it changes
	// nothing and must answer a stray POST in the spec's format too.
	s.HandleFunc(APIPrefix+"/", auth.Public, m.apiNotFound, write...)

	data := []web.RouteOption{web.API}
	s.HandleFunc("GET /opendata/reports.geojson", auth.Public, m.cors(m.openDataGeoJSON), data...)
	s.HandleFunc("GET /opendata/reports.csv", auth.Public, m.cors(m.openDataCSV), data...)
	s.HandleFunc("GET /opendata/reports.csv-metadata.json", auth.Public, m.cors(m.openDataCSVMetadata), data...)
	s.HandleFunc("OPTIONS /opendata/", auth.Public, m.preflight, data...)
}
