package open311

import (
	"net/mail"
	"net/url"
	"sort"
	"strings"
)

// Submission is a validated POST requests: a new service request.
type Submission struct {
	// APIKey is set even when parsing fails, so the caller can answer a
	// bad key with 403 before anything else, as the spec orders.
	APIKey      string
	ServiceCode string
	// Lat and Long come together. At least one location is set: Lat and
	// Long, AddressString or AddressID.
	Lat, Long     *float64
	AddressString string
	AddressID     string
	Email         string
	DeviceID      string
	AccountID     string
	FirstName     string
	LastName      string
	Phone         string
	Description   string
	MediaURLs     []string
	// Attributes are the raw answers by attribute code; check them with
	// ValidateAttributes against the service's definition.
	Attributes Answers
}

// ParseSubmission validates the form of POST requests
// (application/x-www-form-urlencoded, or the values of a multipart form).
// It checks what needs no database: presence, syntax, lengths. Whether the
// key and the service_code exist and whether the attributes fit the service
// definition is the caller's part. The error is Errors.
func ParseSubmission(v url.Values, lim Limits) (Submission, error) {
	lim = lim.withDefaults()
	p := params{v: v}
	s := Submission{APIKey: p.text("api_key", maxToken, false)}

	s.ServiceCode = p.required("service_code", maxToken)

	hasLat, hasLong := p.present("lat"), p.present("long")
	s.Lat, s.Long = p.float("lat", -90, 90), p.float("long", -180, 180)
	if hasLat != hasLong {
		p.fail("open311.error.latlong_pair")
	}
	if s.Lat == nil || s.Long == nil {
		s.Lat, s.Long = nil, nil
	}
	s.AddressString = p.text("address_string", maxName, false)
	s.AddressID = p.text("address_id", maxToken, false)
	if !hasLat && !hasLong && !p.present("address_string") && !p.present("address_id") {
		p.fail("open311.error.location")
	}

	s.Email = p.email("email")
	s.DeviceID = p.text("device_id", maxToken, false)
	s.AccountID = p.text("account_id", maxToken, false)
	s.FirstName = p.text("first_name", maxName, false)
	s.LastName = p.text("last_name", maxName, false)
	s.Phone = p.text("phone", 50, false)
	s.Description = p.text("description", maxDescription, true)
	s.MediaURLs = p.urls("media_url", lim.MaxMediaURLs)
	s.Attributes = p.attributes()
	return s, p.err()
}

// email reads an address without display name, "name@example.org".
func (p *params) email(name string) string {
	s := p.text(name, maxEmail, false)
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		p.fail("open311.error.email", name)
		return ""
	}
	return s
}

// urls reads a repeatable parameter of absolute http(s) URLs.
func (p *params) urls(name string, max int) []string {
	var out []string
	for _, raw := range p.v[name] {
		raw = strings.TrimSpace(raw)
		if raw == "" || contains(out, raw) {
			continue
		}
		if !p.checkText(name, raw, maxURL, false) {
			return nil
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.fail("open311.error.url", name)
			return nil
		}
		if len(out) == max {
			p.fail("open311.error.too_many", name, max)
			return nil
		}
		out = append(out, raw)
	}
	return out
}

// maxAttributes bounds the attribute[…] parameters of one request.
const maxAttributes = 100

// attributes collects attribute[code]=v and attribute[code][]=v, in
// parameter name order so errors come in a stable order. Blank values are
// dropped: an optional parameter sent empty counts as not sent.
func (p *params) attributes() Answers {
	names := make([]string, 0)
	for k := range p.v {
		if strings.HasPrefix(k, "attribute[") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var out Answers
	for _, k := range names {
		code, ok := attributeCode(k)
		if !ok {
			p.fail("open311.error.attribute_name", clip(k))
			continue
		}
		if !p.checkText(k, code, maxToken, false) {
			continue
		}
		for _, val := range p.v[k] {
			if val = strings.TrimSpace(val); val == "" {
				continue
			}
			if !p.checkText(k, val, maxDescription, true) {
				break
			}
			if out == nil {
				out = Answers{}
			}
			if _, seen := out[code]; !seen && len(out) == maxAttributes {
				p.fail("open311.error.too_many", "attribute", maxAttributes)
				return out
			}
			if !contains(out[code], val) {
				out[code] = append(out[code], val)
			}
		}
	}
	return out
}

// attributeCode returns code from "attribute[code]" or "attribute[code][]".
// Anything else after "attribute[" is an error: the client meant an
// attribute and would otherwise lose the answer silently.
func attributeCode(k string) (string, bool) {
	rest := strings.TrimPrefix(k, "attribute[")
	rest = strings.TrimSuffix(rest, "[]")
	code, ok := strings.CutSuffix(rest, "]")
	if !ok || code == "" || strings.ContainsAny(code, "[]") {
		return "", false
	}
	return code, true
}
