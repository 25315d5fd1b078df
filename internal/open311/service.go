package open311

// ServiceType says what a client gets back when it posts a request.
type ServiceType string

// The service types of the spec.
const (
	// Realtime services answer a POST with the service_request_id.
	Realtime ServiceType = "realtime"
	// Batch services answer with a token to look the id up later.
	Batch ServiceType = "batch"
	// Blackbox services answer with neither.
	Blackbox ServiceType = "blackbox"
)

// Service is one entry of GET services: a kind of request the town takes.
type Service struct {
	ServiceCode string `xml:"service_code" json:"service_code"`
	ServiceName string `xml:"service_name" json:"service_name"`
	Description string `xml:"description" json:"description"`
	// Metadata is true when the service has a ServiceDefinition with
	// attributes the client must ask for.
	Metadata bool        `xml:"metadata" json:"metadata"`
	Type     ServiceType `xml:"type" json:"type"`
	// Keywords is a comma separated list of synonyms.
	Keywords string `xml:"keywords" json:"keywords"`
	Group    string `xml:"group" json:"group"`
}

func (s Service) element() node {
	return object("service",
		text("service_code", s.ServiceCode),
		text("service_name", s.ServiceName),
		text("description", s.Description),
		boolean("metadata", s.Metadata),
		text("type", string(s.Type)),
		text("keywords", s.Keywords),
		text("group", s.Group),
	)
}

// Services is the GET services document.
type Services []Service

func (s Services) tree() node { return listOf("services", s, Service.element) }

// Datatype is the kind of input an attribute asks for.
type Datatype string

// The datatypes of the spec.
const (
	DatatypeString          Datatype = "string" // one line
	DatatypeNumber          Datatype = "number"
	DatatypeDatetime        Datatype = "datetime"
	DatatypeText            Datatype = "text" // may contain line breaks
	DatatypeSingleValueList Datatype = "singlevaluelist"
	DatatypeMultiValueList  Datatype = "multivaluelist"
)

// Valid reports whether d is one of the spec's datatypes.
func (d Datatype) Valid() bool {
	switch d {
	case DatatypeString, DatatypeNumber, DatatypeDatetime, DatatypeText,
		DatatypeSingleValueList, DatatypeMultiValueList:
		return true
	}
	return false
}

// IsList reports whether d offers a list of Values.
func (d Datatype) IsList() bool {
	return d == DatatypeSingleValueList || d == DatatypeMultiValueList
}

// ServiceDefinition is the GET services/{service_code} document: the extra
// questions of a service.
type ServiceDefinition struct {
	ServiceCode string      `xml:"service_code" json:"service_code"`
	Attributes  []Attribute `xml:"attributes>attribute" json:"attributes"`
}

func (d ServiceDefinition) tree() node {
	return object("service_definition",
		text("service_code", d.ServiceCode),
		listOf("attributes", d.Attributes, Attribute.element),
	)
}

// Attribute is one question of a ServiceDefinition.
type Attribute struct {
	// Variable is false for an attribute that only informs the user; it
	// takes no answer.
	Variable            bool     `xml:"variable" json:"variable"`
	Code                string   `xml:"code" json:"code"`
	Datatype            Datatype `xml:"datatype" json:"datatype"`
	Required            bool     `xml:"required" json:"required"`
	DatatypeDescription string   `xml:"datatype_description" json:"datatype_description"`
	// Order is the position shown to the user, 1 first.
	Order       int     `xml:"order" json:"order"`
	Description string  `xml:"description" json:"description"`
	Values      []Value `xml:"values>value" json:"values"`
}

func (a Attribute) element() node {
	fields := []node{
		boolean("variable", a.Variable),
		text("code", a.Code),
		text("datatype", string(a.Datatype)),
		boolean("required", a.Required),
		text("datatype_description", a.DatatypeDescription),
		integer("order", a.Order),
		text("description", a.Description),
	}
	// Only list datatypes offer values; for the others the element is left
	// out rather than sent empty, so clients do not draw an empty list.
	if a.Datatype.IsList() || len(a.Values) > 0 {
		fields = append(fields, listOf("values", a.Values, Value.element))
	}
	return object("attribute", fields...)
}

// Value is one option of a singlevaluelist or multivaluelist attribute.
type Value struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

func (v Value) element() node {
	return object("value", text("key", v.Key), text("name", v.Name))
}
