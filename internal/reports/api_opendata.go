package reports

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Licence is the licence of the open data: the German open government
// licence, which asks users to name the source.
var Licence = struct {
	ID, Name, URL string
}{
	ID:   "dl-de/by-2-0",
	Name: "Datenlizenz Deutschland – Namensnennung – Version 2.0",
	URL:  "https://www.govdata.de/dl-de/by-2-0",
}

// Paths of the open-data exports.
const (
	OpenDataGeoJSON     = "/opendata/reports.geojson"
	OpenDataCSV         = "/opendata/reports.csv"
	OpenDataCSVMetadata = "/opendata/reports.csv-metadata.json"
)

// openDataFilter reads the filters of GET requests (service_code, status,
// start_date/end_date, updated_after/updated_before, bbox, lat/long/radius,
// service_request_id). Unlike Open311 an export has no 90-day default window
// and no pages: without a date it holds every published report.
func (m *Module) openDataFilter(r *http.Request) (Filter, error) {
	v := r.URL.Query()
	q, err := open311.ParseRequestQuery(v, m.Service.now(), apiLimits)
	if err != nil {
		return Filter{}, err
	}
	if strings.TrimSpace(v.Get("start_date")) == "" && strings.TrimSpace(v.Get("end_date")) == "" {
		q.Start = time.Time{}
	}
	return apiFilter(q), nil
}

// openDataLinks sets the licence (RFC 8288 link relation "license", RFC
// 4946) on an export, so it travels with every format.
func openDataLinks(w http.ResponseWriter, more ...string) {
	w.Header().Add("Link", "<"+Licence.URL+`>; rel="license"`)
	for _, l := range more {
		w.Header().Add("Link", l)
	}
}

// openDataProps are the properties of a report in the GeoJSON export, named
// like the fields of Open311 where there is one.
type openDataProps struct {
	ID          string  `json:"service_request_id"`
	URL         string  `json:"url"`
	Code        string  `json:"service_code"`
	Name        string  `json:"service_name"`
	Status      string  `json:"status"`
	Detail      string  `json:"status_detail"`
	Notes       string  `json:"status_notes"`
	Agency      string  `json:"agency_responsible"`
	Address     string  `json:"address"`
	Description string  `json:"description"`
	Supporters  int     `json:"supporters"`
	Requested   string  `json:"requested_datetime"`
	Updated     string  `json:"updated_datetime"`
	Closed      *string `json:"closed_datetime"`
}

// openDataGeoJSON answers GET /opendata/reports.geojson: the published
// reports with a location as an RFC 7946 FeatureCollection, written while
// they are read; the licence is a foreign member of the collection.
func (m *Module) openDataGeoJSON(w http.ResponseWriter, r *http.Request) {
	f, err := m.openDataFilter(r)
	if err != nil {
		m.apiFail(w, r, open311.JSON, err, "", "")
		return
	}
	lang := web.Lang(r)
	w.Header().Set("Content-Type", "application/geo+json")
	openDataLinks(w)
	bw, sent := newExportWriter(w)
	fw, err := geo.NewFeatureWriterWith(bw, map[string]any{
		"license": map[string]string{"id": Licence.ID, "name": Licence.Name, "url": Licence.URL},
		"source":  m.Config.BaseURL + "/reports",
	})
	if err != nil {
		m.apiFail(w, r, open311.JSON, err, "", "")
		return
	}
	err = m.Service.eachOpenReport(r.Context(), f, true, func(o openReport) error {
		p := openDataProps{
			ID: o.Ref, URL: m.Config.BaseURL + PublicPath(o.Ref), Code: o.CategoryCode, Name: o.CategoryName.In(lang),
			Status: string(o.Status.Open311()), Detail: string(o.Status), Notes: o.PublicNote, Agency: o.Department,
			Address: o.Address, Description: o.Description, Supporters: o.Supporters,
			Requested: apiTime(o.CreatedAt).W3C(), Updated: apiTime(o.UpdatedAt).W3C(),
		}
		if !o.ClosedAt.IsZero() {
			c := apiTime(o.ClosedAt).W3C()
			p.Closed = &c
		}
		return fw.Write(geo.Feature{ID: o.Ref, Point: *o.Location, Properties: p})
	})
	if err == nil {
		err = fw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	m.endStream(w, r, err, sent)
}

// sentCounter counts the bytes that reached the client.
type sentCounter struct {
	w http.ResponseWriter
	n int64
}

func (c *sentCounter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// newExportWriter buffers an export on its way to w.
func newExportWriter(w http.ResponseWriter) (*bufio.Writer, *sentCounter) {
	c := &sentCounter{w: w}
	return bufio.NewWriterSize(c, 32<<10), c
}

// endStream ends an export. An error before anything was sent is answered
// as an error; after that the connection is cut, so a client never takes a
// cut-off export for a whole one.
func (m *Module) endStream(w http.ResponseWriter, r *http.Request, err error, sent *sentCounter) {
	if err == nil {
		return
	}
	if sent.n == 0 {
		w.Header().Del("Link")
		m.apiFail(w, r, open311.JSON, err, "", "")
		return
	}
	if r.Context().Err() == nil {
		m.Logger.Error("open data export", "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}

// csvColumns are the header of the CSV export; the CSVW metadata describes
// them.
var csvColumns = []struct{ name, datatype, title string }{
	{"service_request_id", "string", "Vorgangsnummer"},
	{"url", "anyURI", "Adresse der Meldung"},
	{"service_code", "string", "Kategorie (Code)"},
	{"service_name", "string", "Kategorie"},
	{"status", "string", "Status (open/closed)"},
	{"status_detail", "string", "Status im Detail"},
	{"status_notes", "string", "Hinweis der Verwaltung"},
	{"agency_responsible", "string", "Zuständige Stelle"},
	{"lat", "double", "Breitengrad (WGS84)"},
	{"long", "double", "Längengrad (WGS84)"},
	{"address", "string", "Ort"},
	{"description", "string", "Beschreibung"},
	{"supporters", "integer", "Unterstützungen"},
	{"requested_datetime", "dateTime", "Gemeldet"},
	{"updated_datetime", "dateTime", "Zuletzt geändert"},
	{"closed_datetime", "dateTime", "Abgeschlossen"},
}

// openDataCSV answers GET /opendata/reports.csv: RFC 4180 with a header
// row, UTF-8. CSV has no place for metadata, so the licence and the
// description of the columns are linked (RFC 8288): rel="license" and
// rel="describedby" to the CSVW metadata (W3C, Model for Tabular Data
// §5.1.1), which also states the licence.
func (m *Module) openDataCSV(w http.ResponseWriter, r *http.Request) {
	f, err := m.openDataFilter(r)
	if err != nil {
		m.apiFail(w, r, open311.JSON, err, "", "")
		return
	}
	lang := web.Lang(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8; header=present")
	openDataLinks(w, "<"+m.Config.BaseURL+OpenDataCSVMetadata+`>; rel="describedby"; type="application/csvm+json"`)
	bw, sent := newExportWriter(w)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		header[i] = c.name
	}
	cw.Write(header)
	rec := make([]string, len(csvColumns))
	err = m.Service.eachOpenReport(r.Context(), f, false, func(o openReport) error {
		lat, lon := "", ""
		if o.Location != nil {
			lat, lon = strconv.FormatFloat(o.Location.Lat, 'f', -1, 64), strconv.FormatFloat(o.Location.Lon, 'f', -1, 64)
		}
		rec = append(rec[:0], o.Ref, m.Config.BaseURL+PublicPath(o.Ref), o.CategoryCode, o.CategoryName.In(lang),
			string(o.Status.Open311()), string(o.Status), csvText(o.PublicNote), o.Department, lat, lon,
			csvText(o.Address), csvText(o.Description), strconv.Itoa(o.Supporters),
			apiTime(o.CreatedAt).W3C(), apiTime(o.UpdatedAt).W3C(), apiTime(o.ClosedAt).W3C())
		return cw.Write(rec)
	})
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	m.endStream(w, r, err, sent)
}

// csvText defuses text a spreadsheet would run as a formula (CWE-1236): a
// leading =, +, -, @, tab or carriage return gets an apostrophe before it,
// as OWASP recommends. The metadata says so.
func csvText(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// openDataCSVMetadata answers the CSVW metadata of the CSV export.
func (m *Module) openDataCSVMetadata(w http.ResponseWriter, r *http.Request) {
	type column struct {
		Name     string `json:"name"`
		Titles   string `json:"titles"`
		Datatype string `json:"datatype"`
		Label    string `json:"dc:description"`
	}
	cols := make([]column, len(csvColumns))
	for i, c := range csvColumns {
		cols[i] = column{Name: c.name, Titles: c.name, Datatype: c.datatype, Label: c.title}
	}
	doc := map[string]any{
		"@context":       "http://www.w3.org/ns/csvw",
		"url":            m.Config.BaseURL + OpenDataCSV,
		"dc:title":       m.site.T(r, "reports.api.opendata.title"),
		"dc:description": m.site.T(r, "reports.api.opendata.description"),
		"dc:license":     map[string]string{"@id": Licence.URL},
		"dc:publisher":   m.Config.BaseURL,
		"dialect":        map[string]any{"encoding": "utf-8", "header": true, "lineTerminators": []string{"\r\n"}},
		"tableSchema":    map[string]any{"columns": cols, "primaryKey": "service_request_id"},
	}
	w.Header().Set("Content-Type", "application/csvm+json")
	openDataLinks(w)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(doc)
}
