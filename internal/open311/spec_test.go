package open311

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// full returns documents with every field set, so each element appears.
func fullDocuments() map[string]Document {
	lat, long := 50.5841, 8.6784
	at := Time{time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))}
	return map[string]Document{
		"GET Service List": Services{{ServiceCode: "017", ServiceName: "Wilde Müllkippe", Description: "d",
			Metadata: true, Type: Realtime, Keywords: "müll, sperrmüll", Group: "Sauberkeit"}},
		"GET Service Definition": ServiceDefinition{ServiceCode: "017", Attributes: []Attribute{{
			Variable: true, Code: "MENGE", Datatype: DatatypeSingleValueList, Required: true,
			DatatypeDescription: "dd", Order: 1, Description: "Wie viel?",
			Values: []Value{{Key: "1", Name: "wenig"}},
		}}},
		"POST Service Request":                Receipts{{ServiceRequestID: "1", Token: "t", ServiceNotice: "n", AccountID: "a"}},
		"GET service_request_id from a token": Tokens{{ServiceRequestID: "1", Token: "t"}},
		"GET Service Requests": ServiceRequests{{ServiceRequestID: "1", Status: Open, StatusNotes: "n",
			ServiceName: "s", ServiceCode: "017", Description: "d", AgencyResponsible: "Ordnungsamt",
			ServiceNotice: "sn", RequestedDatetime: at, UpdatedDatetime: at, ExpectedDatetime: at,
			Address: "Marktplatz 1", AddressID: "4711", Zipcode: "35390", Lat: &lat, Long: &long,
			MediaURL: "https://example.org/1.jpg"}},
		"Errors": Errors{{Code: 400, Description: "d"}},
	}
}

// TestElementOrderFollowsSpecTables reads the response tables of the spec
// and checks that our XML has exactly their elements, in their order.
func TestElementOrderFollowsSpecTables(t *testing.T) {
	md := string(readShared(t, specFile))
	docs := fullDocuments()
	docs["GET Service Request"] = docs["GET Service Requests"]
	for section, doc := range docs {
		t.Run(section, func(t *testing.T) {
			want := specResponseFields(t, md, section)
			got := parseShape(t, Marshal(XML, doc)).Preorder()
			if !slices.Equal(got, want) {
				t.Errorf("elements\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestDiscoveryOrderFollowsSpec does the same for the field list of
// service discovery ("endpoints.endpoint.url" names <url> in <endpoint>).
func TestDiscoveryOrderFollowsSpec(t *testing.T) {
	md := string(readShared(t, discoveryFile))
	_, fields, _ := strings.Cut(md, "### Fields for All Versions")
	fields, _, _ = strings.Cut(fields, "###")
	want := []string{"discovery"}
	for _, m := range regexp.MustCompile(`\*\*([a-z_.]+)\*\*`).FindAllStringSubmatch(fields, -1) {
		name := m[1][strings.LastIndexByte(m[1], '.')+1:]
		if !slices.Contains(want, name) {
			want = append(want, name)
		}
	}
	doc := Discovery{Changeset: "c", Contact: "c", KeyService: "k", Endpoints: []Endpoint{{
		Specification: SpecGeoReportV2, URL: "u", Changeset: "c", Type: Production, Formats: []string{"text/xml"}}}}
	if got := parseShape(t, Marshal(XML, doc)).Preorder(); !slices.Equal(got, want) {
		t.Errorf("elements\n got %v\nwant %v", got, want)
	}
}

// TestUpdatesOrderFollowsMySociety checks the servicerequestupdates
// elements against mySociety's table (fixmystreet wiki, "Open311 FMS -
// Proposed differences to Open311"), which is not in shared/.
func TestUpdatesOrderFollowsMySociety(t *testing.T) {
	doc := RequestUpdates{{UpdateID: "1", ServiceRequestID: "2", Status: UpdateFixed,
		UpdatedDatetime: Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, Description: "d", MediaURL: "m"}}
	want := []string{"service_request_updates", "request_update", "update_id", "service_request_id",
		"status", "updated_datetime", "description", "media_url"}
	if got := parseShape(t, Marshal(XML, doc)).Preorder(); !slices.Equal(got, want) {
		t.Errorf("elements\n got %v\nwant %v", got, want)
	}
	receipt := parseShape(t, Marshal(XML, UpdateReceipts{{UpdateID: "9"}})).Preorder()
	if want := []string{"service_request_updates", "request_update", "update_id"}; !slices.Equal(receipt, want) {
		t.Errorf("receipt elements %v, want %v", receipt, want)
	}
}

// exampleCases are the spec's examples, each decoded into our type and
// encoded again.
var exampleCases = []struct {
	id  string
	doc func() Document
	// ordered is false where the example itself breaks the table's order
	// (the second and third service of the service list).
	ordered bool
}{
	{"service-list", func() Document { return new(Services) }, false},
	{"service-definition", func() Document { return new(ServiceDefinition) }, true},
	{"service-request-post", func() Document { return new(Receipts) }, true},
	{"request-from-token", func() Document { return new(Tokens) }, true},
	{"service-requests", func() Document { return new(ServiceRequests) }, true},
	{"service-request", func() Document { return new(ServiceRequests) }, true},
	{"errors", func() Document { return new(Errors) }, true},
}

// TestSpecXMLExamplesRoundTrip decodes every XML example of the spec into
// our types and checks that encoding them gives the same elements, nesting,
// order and text.
func TestSpecXMLExamplesRoundTrip(t *testing.T) {
	md := string(readShared(t, specFile))
	for _, c := range exampleCases {
		t.Run(c.id, func(t *testing.T) {
			roundTripXML(t, specExample(t, md, "xml-"+c.id), c.doc(), c.ordered, nil)
		})
	}
	t.Run("discovery", func(t *testing.T) {
		roundTripXML(t, discoveryExample(t, string(readShared(t, discoveryFile)), "XML"), new(Discovery), true, nil)
	})
}

// TestSpecJSONExamplesMatch checks our JSON for each example's data against
// the spec's JSON example. The spec's JSON is not valid (numbers with leading
// zeros), so those numbers are quoted first.
func TestSpecJSONExamplesMatch(t *testing.T) {
	md := string(readShared(t, specFile))
	for _, c := range exampleCases {
		t.Run(c.id, func(t *testing.T) {
			doc := c.doc()
			if err := Unmarshal(XML, specExample(t, md, "xml-"+c.id), doc); err != nil {
				t.Fatal(err)
			}
			want := decodeJSON(t, repairJSON(specExample(t, md, "json-"+c.id)))
			if d := diffJSON("$", want, decodeJSON(t, Marshal(JSON, doc))); len(d) > 0 {
				t.Errorf("differs from the spec:\n%s", strings.Join(d, "\n"))
			}
		})
	}
	t.Run("discovery", func(t *testing.T) {
		dmd := string(readShared(t, discoveryFile))
		var doc Discovery
		if err := Unmarshal(XML, discoveryExample(t, dmd, "XML"), &doc); err != nil {
			t.Fatal(err)
		}
		want := decodeJSON(t, discoveryExample(t, dmd, "JSON"))
		if d := diffJSON("$", want, decodeJSON(t, Marshal(JSON, doc))); len(d) > 0 {
			t.Errorf("differs from the spec:\n%s", strings.Join(d, "\n"))
		}
	})
}

// TestFixturesRoundTrip reads real answers of other servers into our types
// and checks that our encoding has the same shape and values.
func TestFixturesRoundTrip(t *testing.T) {
	xmlCases := []struct {
		file    string
		doc     Document
		ordered bool
		extra   []string
		why     string
	}{
		{"services_giessen.xml", new(Services), false, []string{"group"},
			"Gießen writes description after type and leaves out group, which the spec lists"},
		{"requests_single.xml", new(ServiceRequests), false, nil,
			"Toronto writes long before lat"},
		{"requests_many.xml", new(ServiceRequests), false, nil,
			"Toronto writes long before lat"},
	}
	for _, c := range xmlCases {
		t.Run(c.file, func(t *testing.T) {
			roundTripXML(t, readShared(t, "fixtures/open311/"+c.file), c.doc, c.ordered, c.extra)
		})
	}
	jsonCases := []struct {
		file string
		doc  Document
	}{
		{"service_list.json", new(Services)},
		{"service_requests.json", new(ServiceRequests)},
	}
	for _, c := range jsonCases {
		t.Run(c.file, func(t *testing.T) {
			data := readShared(t, "fixtures/open311/"+c.file)
			if err := Unmarshal(JSON, data, c.doc); err != nil {
				t.Fatal(err)
			}
			if d := diffJSON("$", decodeJSON(t, data), decodeJSON(t, Marshal(JSON, c.doc))); len(d) > 0 {
				t.Errorf("differs from the fixture:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}

func roundTripXML(t *testing.T, data []byte, doc Document, ordered bool, extra []string) {
	t.Helper()
	if err := Unmarshal(XML, data, doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out := Marshal(XML, doc)
	if d := diffShape("", parseShape(t, data), parseShape(t, out), ordered, extra); len(d) > 0 {
		t.Errorf("differs from the source:\n%s\nours: %s", strings.Join(d, "\n"), out)
	}
}

// TestFixtureValuesDecode spot-checks typed values read from the fixtures,
// so the round trip is not merely text in, text out.
func TestFixtureValuesDecode(t *testing.T) {
	var svcs Services
	if err := Unmarshal(XML, readShared(t, "fixtures/open311/services_giessen.xml"), &svcs); err != nil {
		t.Fatal(err)
	}
	if len(svcs) != 8 || svcs[6].ServiceName != "Wilde Müllkippe, Sperrmüll" || svcs[6].ServiceCode != "017" ||
		svcs[6].Metadata || svcs[6].Type != Realtime {
		t.Errorf("Gießen services: %+v", svcs)
	}
	var reqs ServiceRequests
	if err := Unmarshal(XML, readShared(t, "fixtures/open311/requests_many.xml"), &reqs); err != nil {
		t.Fatal(err)
	}
	r := reqs[1]
	wantTime := time.Date(2018, 7, 30, 4, 1, 0, 0, time.UTC)
	if len(reqs) != 2 || r.ServiceRequestID != "101005420894" || r.Status != Open ||
		!r.RequestedDatetime.Equal(wantTime) || !r.UpdatedDatetime.IsZero() ||
		r.Lat == nil || *r.Lat != 43.695823056 || *r.Long != -79.267190219 {
		t.Errorf("Toronto requests: %+v", reqs)
	}
	var chicago ServiceRequests
	if err := Unmarshal(JSON, readShared(t, "fixtures/open311/service_requests.json"), &chicago); err != nil {
		t.Fatal(err)
	}
	if len(chicago) != 2 || chicago[1].StatusNotes != "Locked" || chicago[0].MediaURL != "" ||
		chicago[0].UpdatedDatetime.W3C() != "2014-07-12T11:08:21-05:00" {
		t.Errorf("Chicago requests: %+v", chicago)
	}
}
