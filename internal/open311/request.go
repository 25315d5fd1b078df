package open311

// Status is the state of a service request the spec knows.
type Status string

// The statuses of the spec.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// ServiceRequest is one entry of GET requests and GET requests/{id}.
type ServiceRequest struct {
	ServiceRequestID  string `xml:"service_request_id" json:"service_request_id"`
	Status            Status `xml:"status" json:"status"`
	StatusNotes       string `xml:"status_notes" json:"status_notes"`
	ServiceName       string `xml:"service_name" json:"service_name"`
	ServiceCode       string `xml:"service_code" json:"service_code"`
	Description       string `xml:"description" json:"description"`
	AgencyResponsible string `xml:"agency_responsible" json:"agency_responsible"`
	ServiceNotice     string `xml:"service_notice" json:"service_notice"`
	RequestedDatetime Time   `xml:"requested_datetime" json:"requested_datetime"`
	// UpdatedDatetime is the time of the last change; for a closed request
	// the time it was closed.
	UpdatedDatetime  Time   `xml:"updated_datetime" json:"updated_datetime"`
	ExpectedDatetime Time   `xml:"expected_datetime" json:"expected_datetime"`
	Address          string `xml:"address" json:"address"`
	AddressID        string `xml:"address_id" json:"address_id"`
	Zipcode          string `xml:"zipcode" json:"zipcode"`
	// Lat and Long are WGS84; nil when the request has only an address.
	Lat      *float64 `xml:"lat" json:"lat"`
	Long     *float64 `xml:"long" json:"long"`
	MediaURL string   `xml:"media_url" json:"media_url"`
}

func (r ServiceRequest) element() node {
	return object("request",
		text("service_request_id", r.ServiceRequestID),
		text("status", string(r.Status)),
		text("status_notes", r.StatusNotes),
		text("service_name", r.ServiceName),
		text("service_code", r.ServiceCode),
		text("description", r.Description),
		text("agency_responsible", r.AgencyResponsible),
		text("service_notice", r.ServiceNotice),
		datetime("requested_datetime", r.RequestedDatetime),
		datetime("updated_datetime", r.UpdatedDatetime),
		datetime("expected_datetime", r.ExpectedDatetime),
		text("address", r.Address),
		text("address_id", r.AddressID),
		text("zipcode", r.Zipcode),
		number("lat", r.Lat),
		number("long", r.Long),
		text("media_url", r.MediaURL),
	)
}

// ServiceRequests is the GET requests document; GET requests/{id} is a
// ServiceRequests of one, as the spec says.
type ServiceRequests []ServiceRequest

func (s ServiceRequests) tree() node { return listOf("service_requests", s, ServiceRequest.element) }

// Receipt answers POST requests. Depending on the service type it carries
// the new ServiceRequestID (realtime), a Token (batch) or neither
// (blackbox); the spec forbids sending both.
type Receipt struct {
	ServiceRequestID string `xml:"service_request_id" json:"service_request_id"`
	Token            string `xml:"token" json:"token"`
	ServiceNotice    string `xml:"service_notice" json:"service_notice"`
	AccountID        string `xml:"account_id" json:"account_id"`
}

func (r Receipt) element() node {
	var fields []node
	fields = optional(fields, text("service_request_id", r.ServiceRequestID))
	fields = optional(fields, text("token", r.Token))
	fields = append(fields, text("service_notice", r.ServiceNotice), text("account_id", r.AccountID))
	return object("request", fields...)
}

// Receipts is the POST requests document, a list of one.
type Receipts []Receipt

func (s Receipts) tree() node { return listOf("service_requests", s, Receipt.element) }

// Token answers GET tokens/{token}: the id a batch request got, empty while
// it has none yet.
type Token struct {
	ServiceRequestID string `xml:"service_request_id" json:"service_request_id"`
	Token            string `xml:"token" json:"token"`
}

func (t Token) element() node {
	return object("request", text("service_request_id", t.ServiceRequestID), text("token", t.Token))
}

// Tokens is the GET tokens/{token} document.
type Tokens []Token

func (s Tokens) tree() node { return listOf("service_requests", s, Token.element) }
