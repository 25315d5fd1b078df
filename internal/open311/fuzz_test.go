package open311

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkErrorList fails unless err is a non-empty spec error list of 400s
// whose every entry has a description in both languages and encodes to
// well-formed XML and valid JSON.
func checkErrorList(t *testing.T, err error) {
	t.Helper()
	es, ok := AsErrors(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an Errors list", err, err)
	}
	for _, e := range es {
		if e.Code != 400 {
			t.Fatalf("code %d in %v", e.Code, es)
		}
		for _, lang := range []string{"de", "en"} {
			if !catalog().Has(lang, e.Key) {
				t.Fatalf("key %q has no %s description", e.Key, lang)
			}
		}
	}
	var back Errors
	if err := xml.Unmarshal(Marshal(XML, es), &back); err != nil || len(back) != len(es) {
		t.Fatalf("error XML: %v", err)
	}
	if !json.Valid(Marshal(JSON, es.Localize("en"))) {
		t.Fatal("error JSON not valid")
	}
}

var fuzzSeeds = []string{
	"",
	"service_request_id=1,2&status=open",
	"service_code=001,002&status=OPEN,closed&start_date=2026-01-01T00:00:00+01:00&end_date=2026-02-01T00:00:00Z",
	"updated_after=2026-03-01T00:00Z&updated_before=2026-03-02T00:00:00Z&page=2&page_size=50",
	"bbox=8.6,50.5,8.7,50.6",
	"lat=50.5&long=8.6&radius=100",
	"lat=1e400&long=NaN&radius=-0",
	"page=99999999999999999999999&page_size=0",
	"api_key=k&service_code=017&lat=50.5&long=8.6&attribute[A][]=1&attribute[B]=x&media_url=https://a/1",
	"service_code=1&address_string=%FF%FE&description=%00&email=a@b",
	"attribute[=1&attribute[]]=2&attribute[a][b]=3",
	"service_request_id=1&update_id=2&updated_datetime=2026-03-02T14:00:05Z&status=fixed&description=ok",
	"start_date=2026-01-01T00:00:00 01:00&end_date=2026-01-01T00:00 01:00",
}

func FuzzParseRequestQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		q, err := ParseRequestQuery(v, now, Limits{})
		if err != nil {
			checkErrorList(t, err)
			return
		}
		if len(q.IDs) > 0 {
			if len(q.IDs) > 100 || q.PageSize != len(q.IDs) || q.ServiceCodes != nil || q.BBox != nil || q.Near != nil {
				t.Fatalf("ids query carries more: %+v", q)
			}
			return
		}
		if q.Page < 1 || q.PageSize < 1 || q.PageSize > 1000 || q.Offset() < 0 || q.Offset() > maxOffset {
			t.Fatalf("paging %+v", q)
		}
		if !q.Start.IsZero() && !q.End.IsZero() && (q.End.Before(q.Start) || q.End.Sub(q.Start) > DefaultLimits().MaxSpan) {
			t.Fatalf("range %v..%v", q.Start, q.End)
		}
		if q.BBox != nil && q.Near != nil {
			t.Fatal("bbox and circle")
		}
		if b := q.BBox; b != nil && (b.West > b.East || b.South > b.North || b.West < -180 || b.North > 90) {
			t.Fatalf("bbox %+v", b)
		}
		if c := q.Near; c != nil && (c.Lat < -90 || c.Lat > 90 || c.Radius < 1 || c.Radius > 20000) {
			t.Fatalf("circle %+v", c)
		}
		for _, s := range q.Statuses {
			if s != Open && s != Closed {
				t.Fatalf("status %q", s)
			}
		}
	})
}

func FuzzParseSubmission(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	def := ServiceDefinition{Attributes: []Attribute{
		{Variable: true, Code: "A", Datatype: DatatypeMultiValueList, Values: []Value{{Key: "1"}, {Key: "2"}}},
		{Variable: true, Code: "B", Datatype: DatatypeString, Required: true},
		{Variable: true, Code: "N", Datatype: DatatypeNumber},
		{Variable: true, Code: "D", Datatype: DatatypeDatetime},
	}}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		s, err := ParseSubmission(v, Limits{})
		if err != nil {
			checkErrorList(t, err)
			return
		}
		if s.ServiceCode == "" || (s.Lat == nil) != (s.Long == nil) ||
			(s.Lat == nil && s.AddressString == "" && s.AddressID == "") {
			t.Fatalf("submission without code or location: %+v", s)
		}
		if utf8.RuneCountInString(s.Description) > maxDescription || !utf8.ValidString(s.Description) || len(s.MediaURLs) > 3 {
			t.Fatalf("submission %+v", s)
		}
		kept, err := ValidateAttributes(def, s.Attributes)
		if err != nil {
			checkErrorList(t, err)
			return
		}
		for code, vals := range kept {
			if code != "A" && code != "B" && code != "N" && code != "D" || len(vals) == 0 {
				t.Fatalf("kept %q=%q", code, vals)
			}
			if code != "A" && len(vals) != 1 {
				t.Fatalf("several values for %s", code)
			}
		}
		for _, a := range kept["A"] {
			if a != "1" && a != "2" {
				t.Fatalf("list value %q", a)
			}
		}
		if len(kept["B"]) != 1 || strings.ContainsAny(kept["B"][0], "\r\n") {
			t.Fatalf("required string %q", kept["B"])
		}
	})
}

func FuzzParseUpdates(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		q, err := ParseUpdateQuery(v, now, Limits{})
		if err != nil {
			checkErrorList(t, err)
		} else if q.Page < 1 || q.PageSize < 1 || (!q.End.IsZero() && q.End.Before(q.Start)) {
			t.Fatalf("query %+v", q)
		}
		u, err := ParseUpdateSubmission(v, Limits{})
		if err != nil {
			checkErrorList(t, err)
			return
		}
		if u.ServiceRequestID == "" || u.UpdateID == "" || u.UpdatedDatetime.IsZero() {
			t.Fatalf("update without required fields: %+v", u)
		}
		if _, ok := parseUpdateStatus(string(u.Status)); !ok {
			t.Fatalf("status %q", u.Status)
		}
	})
}

// FuzzMarshalText puts any text into a response and checks both formats
// stay well-formed and carry the text back, with what they cannot carry
// replaced by U+FFFD.
func FuzzMarshalText(f *testing.F) {
	for _, s := range []string{"", "plain", "<a href=\"x\">&amp;</a>", "line\r\nbreak\ttab", "\x00\x01\x1f\x7f", "\xff\xfe", "\u2028\u2029", "\uFFFE\U0010FFFF", "]]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := ServiceRequests{{ServiceRequestID: s, Description: s, Address: s}}
		var fromJSON ServiceRequests
		if err := json.Unmarshal(Marshal(JSON, doc), &fromJSON); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		if want := validUTF8(s); fromJSON[0].Description != want && !(s == "" && fromJSON[0].Description == "") {
			t.Fatalf("JSON text %q, want %q", fromJSON[0].Description, want)
		}
		var fromXML ServiceRequests
		if err := xml.Unmarshal(Marshal(XML, doc), &fromXML); err != nil {
			t.Fatalf("XML: %v", err)
		}
		if want := xmlText(s); fromXML[0].Description != want {
			t.Fatalf("XML text %q, want %q", fromXML[0].Description, want)
		}
	})
}

// validUTF8 replaces each invalid byte with U+FFFD.
func validUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// xmlText is what XML can carry of s: characters outside XML's Char
// production become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range validUTF8(s) {
		if r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			b.WriteRune(r)
		} else {
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}
