package open311

// SpecGeoReportV2 is the specification token of a GeoReport v2 endpoint in
// discovery.
const SpecGeoReportV2 = "http://wiki.open311.org/GeoReport_v2"

// EndpointType says whether an endpoint acts on what it receives.
type EndpointType string

// The endpoint types of service discovery.
const (
	Production EndpointType = "production"
	Testing    EndpointType = "test"
)

// Discovery is the discovery document: where the town's Open311 endpoints
// are and how to get a key.
type Discovery struct {
	// Changeset is sortable and changes whenever services or their
	// definitions change, so clients know to refresh their cache.
	Changeset  string     `xml:"changeset" json:"changeset"`
	Contact    string     `xml:"contact" json:"contact"`
	KeyService string     `xml:"key_service" json:"key_service"`
	Endpoints  []Endpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

// Endpoint is one API endpoint in Discovery.
type Endpoint struct {
	Specification string       `xml:"specification" json:"specification"`
	URL           string       `xml:"url" json:"url"`
	Changeset     string       `xml:"changeset" json:"changeset"`
	Type          EndpointType `xml:"type" json:"type"`
	// Formats are MIME types: text/xml, application/json.
	Formats []string `xml:"formats>format" json:"formats"`
}

func (d Discovery) tree() node {
	return object("discovery",
		text("changeset", d.Changeset),
		text("contact", d.Contact),
		text("key_service", d.KeyService),
		listOf("endpoints", d.Endpoints, Endpoint.element),
	)
}

func (e Endpoint) element() node {
	return object("endpoint",
		text("specification", e.Specification),
		text("url", e.URL),
		text("changeset", e.Changeset),
		text("type", string(e.Type)),
		listOf("formats", e.Formats, func(f string) node { return text("format", f) }),
	)
}
