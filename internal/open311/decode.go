package open311

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
)

// Unmarshal decodes a response in format f into v, a pointer to one of the
// Document types. It is the client side of Marshal, for tests and for
// reading other towns' servers; the XML root element must be the one the
// spec names.
func Unmarshal(f Format, data []byte, v any) error {
	if f == JSON {
		return json.Unmarshal(data, v)
	}
	return xml.Unmarshal(data, v)
}

// UnmarshalXML reads <services>.
func (s *Services) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "services", "service", (*[]Service)(s))
}

// UnmarshalXML reads <service_requests> of requests.
func (s *ServiceRequests) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "service_requests", "request", (*[]ServiceRequest)(s))
}

// UnmarshalXML reads <service_requests> of a POST answer.
func (s *Receipts) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "service_requests", "request", (*[]Receipt)(s))
}

// UnmarshalXML reads <service_requests> of a token answer.
func (s *Tokens) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "service_requests", "request", (*[]Token)(s))
}

// UnmarshalXML reads <errors>.
func (s *Errors) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "errors", "error", (*[]Error)(s))
}

// UnmarshalXML reads <service_request_updates>.
func (s *RequestUpdates) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "service_request_updates", "request_update", (*[]RequestUpdate)(s))
}

// UnmarshalXML reads <service_request_updates> of a POST answer.
func (s *UpdateReceipts) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return decodeItems(d, start, "service_request_updates", "request_update", (*[]UpdateReceipt)(s))
}

// UnmarshalXML reads <service_definition>.
func (sd *ServiceDefinition) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Local != "service_definition" {
		return fmt.Errorf("open311: root element <%s>, want <service_definition>", start.Name.Local)
	}
	type plain ServiceDefinition // without this method
	return d.DecodeElement((*plain)(sd), &start)
}

// UnmarshalXML reads <discovery>.
func (dc *Discovery) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Local != "discovery" {
		return fmt.Errorf("open311: root element <%s>, want <discovery>", start.Name.Local)
	}
	type plain Discovery
	return d.DecodeElement((*plain)(dc), &start)
}

// decodeItems reads the item elements of a list root, skipping anything
// else, such as attributes other servers add (Gießen: is_array="true").
func decodeItems[T any](d *xml.Decoder, start xml.StartElement, root, item string, dst *[]T) error {
	if start.Name.Local != root {
		return fmt.Errorf("open311: root element <%s>, want <%s>", start.Name.Local, root)
	}
	*dst = (*dst)[:0]
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != item {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			var v T
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			*dst = append(*dst, v)
		case xml.EndElement:
			return nil
		}
	}
}
