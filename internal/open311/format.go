package open311

import (
	"path"
	"strings"
)

// Format is a response format, chosen by the extension of the resource
// (/services.xml, /services/001.json).
type Format string

// The formats. XML is the spec's required format and the fallback for errors
// about the format itself.
const (
	XML  Format = "xml"
	JSON Format = "json"
)

// ContentType returns the HTTP Content-Type the spec names for f.
func (f Format) ContentType() string {
	if f == JSON {
		return "application/json; charset=utf-8"
	}
	return "text/xml; charset=utf-8"
}

// MediaType returns f's MIME type without parameters, as discovery lists it.
func (f Format) MediaType() string {
	if f == JSON {
		return "application/json"
	}
	return "text/xml"
}

// SplitFormat splits the last path element of a resource into its name and
// format: "requests.json" gives "requests", JSON. ok is false when the
// extension is missing or unknown or the name is empty; f is then XML, so the
// caller can answer the 404 in the required format.
func SplitFormat(name string) (base string, f Format, ok bool) {
	ext := path.Ext(name)
	base = strings.TrimSuffix(name, ext)
	switch strings.ToLower(ext) {
	case ".xml":
		return base, XML, base != ""
	case ".json":
		return base, JSON, base != ""
	}
	return name, XML, false
}
