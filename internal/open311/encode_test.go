package open311

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func ptr(f float64) *float64 { return &f }

var cet = time.FixedZone("CET", 3600)

// encodeCases is the conformance table of the encoders: each document with
// the exact XML and JSON we answer.
var encodeCases = []struct {
	name     string
	doc      Document
	xml      string
	json     string
	noDecode bool // documents whose decoding cannot restore every field
}{
	{
		name: "services",
		doc: Services{{ServiceCode: "017", ServiceName: "Wilde Müllkippe", Description: "Müll im Wald",
			Metadata: true, Type: Realtime, Keywords: "müll, sperrmüll", Group: "Sauberkeit"}},
		xml: `<services><service><service_code>017</service_code><service_name>Wilde Müllkippe</service_name>` +
			`<description>Müll im Wald</description><metadata>true</metadata><type>realtime</type>` +
			`<keywords>müll, sperrmüll</keywords><group>Sauberkeit</group></service></services>`,
		json: `[{"service_code":"017","service_name":"Wilde Müllkippe","description":"Müll im Wald",` +
			`"metadata":true,"type":"realtime","keywords":"müll, sperrmüll","group":"Sauberkeit"}]`,
	},
	{
		name: "services with empty optional texts",
		doc:  Services{{ServiceCode: "010", ServiceName: "Ampel defekt", Type: Batch}},
		xml: `<services><service><service_code>010</service_code><service_name>Ampel defekt</service_name>` +
			`<description></description><metadata>false</metadata><type>batch</type><keywords></keywords>` +
			`<group></group></service></services>`,
		json: `[{"service_code":"010","service_name":"Ampel defekt","description":null,"metadata":false,` +
			`"type":"batch","keywords":null,"group":null}]`,
	},
	{
		name: "empty service list is an empty array",
		doc:  Services{},
		xml:  `<services></services>`,
		json: `[]`,
	},
	{
		name:     "nil service list is an empty array, not null",
		doc:      Services(nil),
		xml:      `<services></services>`,
		json:     `[]`,
		noDecode: true,
	},
	{
		name: "service definition",
		doc: ServiceDefinition{ServiceCode: "017", Attributes: []Attribute{
			{Variable: true, Code: "MENGE", Datatype: DatatypeSingleValueList, Required: true, Order: 1,
				Description: "Wie viel Müll?", Values: []Value{{Key: "1", Name: "ein Sack"}, {Key: "2", Name: "mehr"}}},
			{Variable: true, Code: "KENNZ", Datatype: DatatypeString, DatatypeDescription: "z. B. GI-AB 123", Order: 2,
				Description: "Kennzeichen"},
		}},
		xml: `<service_definition><service_code>017</service_code><attributes>` +
			`<attribute><variable>true</variable><code>MENGE</code><datatype>singlevaluelist</datatype>` +
			`<required>true</required><datatype_description></datatype_description><order>1</order>` +
			`<description>Wie viel Müll?</description><values><value><key>1</key><name>ein Sack</name></value>` +
			`<value><key>2</key><name>mehr</name></value></values></attribute>` +
			`<attribute><variable>true</variable><code>KENNZ</code><datatype>string</datatype>` +
			`<required>false</required><datatype_description>z. B. GI-AB 123</datatype_description>` +
			`<order>2</order><description>Kennzeichen</description></attribute></attributes></service_definition>`,
		json: `{"service_code":"017","attributes":[` +
			`{"variable":true,"code":"MENGE","datatype":"singlevaluelist","required":true,"datatype_description":null,` +
			`"order":1,"description":"Wie viel Müll?","values":[{"key":"1","name":"ein Sack"},{"key":"2","name":"mehr"}]},` +
			`{"variable":true,"code":"KENNZ","datatype":"string","required":false,` +
			`"datatype_description":"z. B. GI-AB 123","order":2,"description":"Kennzeichen"}]}`,
	},
	{
		name: "service definition without attributes",
		doc:  ServiceDefinition{ServiceCode: "010", Attributes: []Attribute{}},
		xml:  `<service_definition><service_code>010</service_code><attributes></attributes></service_definition>`,
		json: `{"service_code":"010","attributes":[]}`,
	},
	{
		name: "service requests",
		doc: ServiceRequests{{ServiceRequestID: "2026-000042", Status: Closed, StatusNotes: "Erledigt.",
			ServiceName: "Wilde Müllkippe", ServiceCode: "017", Description: "Sofa am Waldweg\nneben der Bank",
			AgencyResponsible: "Ordnungsamt", ServiceNotice: "",
			RequestedDatetime: Time{time.Date(2026, 3, 1, 9, 30, 0, 0, cet)},
			UpdatedDatetime:   Time{time.Date(2026, 3, 2, 14, 0, 5, 0, cet)},
			Address:           "Waldweg 3, 35390 Gießen", Zipcode: "35390", Lat: ptr(50.5841), Long: ptr(8.6784),
			MediaURL: "https://rathaus.example/media/1.jpg"}},
		xml: `<service_requests><request><service_request_id>2026-000042</service_request_id><status>closed</status>` +
			`<status_notes>Erledigt.</status_notes><service_name>Wilde Müllkippe</service_name>` +
			`<service_code>017</service_code><description>Sofa am Waldweg&#xA;neben der Bank</description>` +
			`<agency_responsible>Ordnungsamt</agency_responsible><service_notice></service_notice>` +
			`<requested_datetime>2026-03-01T09:30:00+01:00</requested_datetime>` +
			`<updated_datetime>2026-03-02T14:00:05+01:00</updated_datetime><expected_datetime></expected_datetime>` +
			`<address>Waldweg 3, 35390 Gießen</address><address_id></address_id><zipcode>35390</zipcode>` +
			`<lat>50.5841</lat><long>8.6784</long><media_url>https://rathaus.example/media/1.jpg</media_url>` +
			`</request></service_requests>`,
		json: `[{"service_request_id":"2026-000042","status":"closed","status_notes":"Erledigt.",` +
			`"service_name":"Wilde Müllkippe","service_code":"017","description":"Sofa am Waldweg\nneben der Bank",` +
			`"agency_responsible":"Ordnungsamt","service_notice":null,"requested_datetime":"2026-03-01T09:30:00+01:00",` +
			`"updated_datetime":"2026-03-02T14:00:05+01:00","expected_datetime":null,` +
			`"address":"Waldweg 3, 35390 Gießen","address_id":null,"zipcode":"35390","lat":50.5841,"long":8.6784,` +
			`"media_url":"https://rathaus.example/media/1.jpg"}]`,
	},
	{
		name: "request without coordinates and UTC time",
		doc: ServiceRequests{{ServiceRequestID: "7", Status: Open, ServiceCode: "010", ServiceName: "Ampel",
			RequestedDatetime: Time{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, AddressID: "A-1"}},
		xml: `<service_requests><request><service_request_id>7</service_request_id><status>open</status>` +
			`<status_notes></status_notes><service_name>Ampel</service_name><service_code>010</service_code>` +
			`<description></description><agency_responsible></agency_responsible><service_notice></service_notice>` +
			`<requested_datetime>2026-01-02T03:04:05Z</requested_datetime><updated_datetime></updated_datetime>` +
			`<expected_datetime></expected_datetime><address></address><address_id>A-1</address_id><zipcode></zipcode>` +
			`<lat></lat><long></long><media_url></media_url></request></service_requests>`,
		json: `[{"service_request_id":"7","status":"open","status_notes":null,"service_name":"Ampel",` +
			`"service_code":"010","description":null,"agency_responsible":null,"service_notice":null,` +
			`"requested_datetime":"2026-01-02T03:04:05Z","updated_datetime":null,"expected_datetime":null,` +
			`"address":null,"address_id":"A-1","zipcode":null,"lat":null,"long":null,"media_url":null}]`,
		noDecode: true, // XML has no null: an empty <lat/> reads as 0
	},
	{
		name: "hostile text is escaped in both formats",
		doc: ServiceRequests{{ServiceRequestID: "1", Status: Open,
			Description: "<script>alert(\"x\")</script> & \u2028 \x01 \xff"}},
		xml: `<service_requests><request><service_request_id>1</service_request_id><status>open</status>` +
			`<status_notes></status_notes><service_name></service_name><service_code></service_code>` +
			`<description>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ` + "\u2028 \uFFFD \uFFFD" + `</description>` +
			`<agency_responsible></agency_responsible><service_notice></service_notice>` +
			`<requested_datetime></requested_datetime><updated_datetime></updated_datetime>` +
			`<expected_datetime></expected_datetime><address></address><address_id></address_id><zipcode></zipcode>` +
			`<lat></lat><long></long><media_url></media_url></request></service_requests>`,
		json: `[{"service_request_id":"1","status":"open","status_notes":null,"service_name":null,` +
			`"service_code":null,"description":"\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 \u2028 \u0001 \ufffd",` +
			`"agency_responsible":null,"service_notice":null,"requested_datetime":null,"updated_datetime":null,` +
			`"expected_datetime":null,"address":null,"address_id":null,"zipcode":null,"lat":null,"long":null,` +
			`"media_url":null}]`,
		noDecode: true,
	},
	{
		name: "POST answer of a realtime service has the id, no token",
		doc:  Receipts{{ServiceRequestID: "2026-000043", ServiceNotice: "Wir melden uns in 3 Werktagen."}},
		xml: `<service_requests><request><service_request_id>2026-000043</service_request_id>` +
			`<service_notice>Wir melden uns in 3 Werktagen.</service_notice><account_id></account_id>` +
			`</request></service_requests>`,
		json: `[{"service_request_id":"2026-000043","service_notice":"Wir melden uns in 3 Werktagen.","account_id":null}]`,
	},
	{
		name: "POST answer of a batch service has the token, no id",
		doc:  Receipts{{Token: "tk-1", AccountID: "acc"}},
		xml: `<service_requests><request><token>tk-1</token><service_notice></service_notice>` +
			`<account_id>acc</account_id></request></service_requests>`,
		json: `[{"token":"tk-1","service_notice":null,"account_id":"acc"}]`,
	},
	{
		name: "POST answer of a blackbox service has neither",
		doc:  Receipts{{}},
		xml:  `<service_requests><request><service_notice></service_notice><account_id></account_id></request></service_requests>`,
		json: `[{"service_notice":null,"account_id":null}]`,
	},
	{
		name: "token answer",
		doc:  Tokens{{ServiceRequestID: "2026-000043", Token: "tk-1"}},
		xml: `<service_requests><request><service_request_id>2026-000043</service_request_id>` +
			`<token>tk-1</token></request></service_requests>`,
		json: `[{"service_request_id":"2026-000043","token":"tk-1"}]`,
	},
	{
		name: "token not yet resolved",
		doc:  Tokens{{Token: "tk-2"}},
		xml:  `<service_requests><request><service_request_id></service_request_id><token>tk-2</token></request></service_requests>`,
		json: `[{"service_request_id":null,"token":"tk-2"}]`,
	},
	{
		name: "errors",
		doc:  Errors{{Code: 403, Description: "Invalid api_key"}, {Code: 400, Description: "service_code was not provided."}},
		xml: `<errors><error><code>403</code><description>Invalid api_key</description></error>` +
			`<error><code>400</code><description>service_code was not provided.</description></error></errors>`,
		json: `[{"code":403,"description":"Invalid api_key"},{"code":400,"description":"service_code was not provided."}]`,
	},
	{
		name: "errors without description are described in German from their key",
		doc:  Errors{{Code: 400, Key: "open311.error.required", Args: []any{"service_code"}}},
		xml:  `<errors><error><code>400</code><description>service_code fehlt.</description></error></errors>`,
		json: `[{"code":400,"description":"service_code fehlt."}]`,
		// Key and Args are not part of the document.
		noDecode: true,
	},
	{
		name: "discovery",
		doc: Discovery{Changeset: "2026-03-01T09:30:00Z", Contact: "Bürgerbüro, 0641 306-0",
			KeyService: "Schlüssel beim Bürgerbüro", Endpoints: []Endpoint{{
				Specification: SpecGeoReportV2, URL: "https://rathaus.example/georeport/v2",
				Changeset: "2026-03-01T09:30:00Z", Type: Production, Formats: []string{"text/xml", "application/json"}}}},
		xml: `<discovery><changeset>2026-03-01T09:30:00Z</changeset><contact>Bürgerbüro, 0641 306-0</contact>` +
			`<key_service>Schlüssel beim Bürgerbüro</key_service><endpoints><endpoint>` +
			`<specification>http://wiki.open311.org/GeoReport_v2</specification>` +
			`<url>https://rathaus.example/georeport/v2</url><changeset>2026-03-01T09:30:00Z</changeset>` +
			`<type>production</type><formats><format>text/xml</format><format>application/json</format></formats>` +
			`</endpoint></endpoints></discovery>`,
		json: `{"changeset":"2026-03-01T09:30:00Z","contact":"Bürgerbüro, 0641 306-0",` +
			`"key_service":"Schlüssel beim Bürgerbüro","endpoints":[{"specification":"http://wiki.open311.org/GeoReport_v2",` +
			`"url":"https://rathaus.example/georeport/v2","changeset":"2026-03-01T09:30:00Z","type":"production",` +
			`"formats":["text/xml","application/json"]}]}`,
	},
	{
		name: "request updates",
		doc: RequestUpdates{{UpdateID: "u1", ServiceRequestID: "2026-000042", Status: UpdateFixed,
			UpdatedDatetime: Time{time.Date(2026, 3, 2, 14, 0, 5, 0, cet)}, Description: "Abgeholt."}},
		xml: `<service_request_updates><request_update><update_id>u1</update_id>` +
			`<service_request_id>2026-000042</service_request_id><status>FIXED</status>` +
			`<updated_datetime>2026-03-02T14:00:05+01:00</updated_datetime><description>Abgeholt.</description>` +
			`<media_url></media_url></request_update></service_request_updates>`,
		json: `[{"update_id":"u1","service_request_id":"2026-000042","status":"FIXED",` +
			`"updated_datetime":"2026-03-02T14:00:05+01:00","description":"Abgeholt.","media_url":null}]`,
	},
	{
		name: "update receipt",
		doc:  UpdateReceipts{{UpdateID: "u2"}},
		xml:  `<service_request_updates><request_update><update_id>u2</update_id></request_update></service_request_updates>`,
		json: `[{"update_id":"u2"}]`,
	},
}

func TestMarshal(t *testing.T) {
	for _, c := range encodeCases {
		t.Run(c.name, func(t *testing.T) {
			if got, want := string(Marshal(XML, c.doc)), decl+c.xml+"\n"; got != want {
				t.Errorf("XML\n got %s\nwant %s", got, want)
			}
			got := Marshal(JSON, c.doc)
			if string(got) != c.json+"\n" {
				t.Errorf("JSON\n got %s\nwant %s", got, c.json)
			}
			if !json.Valid(got) {
				t.Errorf("JSON not valid: %s", got)
			}
		})
	}
}

// TestUnmarshalRestoresMarshal decodes our own answers, as a client would,
// and gets the same values back.
func TestUnmarshalRestoresMarshal(t *testing.T) {
	for _, c := range encodeCases {
		if c.noDecode {
			continue
		}
		for _, f := range []Format{XML, JSON} {
			t.Run(c.name+"/"+string(f), func(t *testing.T) {
				back := reflect.New(reflect.TypeOf(c.doc))
				if err := Unmarshal(f, Marshal(f, c.doc), back.Interface()); err != nil {
					t.Fatal(err)
				}
				if got := back.Elem().Interface(); !equalDocs(got, c.doc) {
					t.Errorf("decoded %+v\n    want %+v", got, c.doc)
				}
			})
		}
	}
}

// equalDocs compares documents, times by instant and zone offset.
func equalDocs(a, b any) bool {
	return string(Marshal(JSON, a.(Document))) == string(Marshal(JSON, b.(Document))) &&
		reflect.DeepEqual(normalise(a), normalise(b))
}

// normalise turns v into plain JSON values by its struct tags, times into
// their W3C text and empty lists into null, so DeepEqual sees values, not
// representations.
func normalise(v any) any {
	data, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(data, &out)
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case []any:
			if len(x) == 0 {
				return nil
			}
			for i := range x {
				x[i] = walk(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = walk(x[k])
			}
		}
		return v
	}
	return walk(out)
}

func TestUnmarshalRejectsWrongRoot(t *testing.T) {
	cases := []struct {
		name string
		data string
		doc  any
	}{
		{"services", `<service_requests></service_requests>`, new(Services)},
		{"requests", `<services></services>`, new(ServiceRequests)},
		{"definition", `<services></services>`, new(ServiceDefinition)},
		{"discovery", `<errors></errors>`, new(Discovery)},
		{"errors", `<error></error>`, new(Errors)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := Unmarshal(XML, []byte(c.data), c.doc); err == nil {
				t.Errorf("decoded %s into %T", c.data, c.doc)
			}
		})
	}
}

// TestWrite serves documents over real HTTP and checks status, content type
// and body.
func TestWrite(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, f, ok := SplitFormat(strings.TrimPrefix(r.URL.Path, "/"))
		if !ok {
			WriteErrors(w, f, UnknownFormat().Localize("en"))
			return
		}
		if r.URL.Query().Get("fail") != "" {
			WriteErrors(w, f, InvalidKey())
			return
		}
		Write(w, http.StatusOK, f, Tokens{{ServiceRequestID: "1", Token: "t"}})
	}))
	defer srv.Close()
	cases := []struct {
		path, status, ctype, body string
	}{
		{"/tokens.xml", "200 OK", "text/xml; charset=utf-8", decl + `<service_requests><request><service_request_id>1</service_request_id><token>t</token></request></service_requests>` + "\n"},
		{"/tokens.json", "200 OK", "application/json; charset=utf-8", `[{"service_request_id":"1","token":"t"}]` + "\n"},
		{"/tokens.json?fail=1", "403 Forbidden", "application/json; charset=utf-8", `[{"code":403,"description":"Der api_key fehlt oder ist ungültig."}]` + "\n"},
		{"/tokens.html", "404 Not Found", "text/xml; charset=utf-8", decl + `<errors><error><code>404</code><description>Unknown format. Please add .xml or .json to the address.</description></error></errors>` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+c.path, nil)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.Status != c.status || resp.Header.Get("Content-Type") != c.ctype || string(body) != c.body {
				t.Errorf("got %s %s\n%s\nwant %s %s\n%s", resp.Status, resp.Header.Get("Content-Type"), body, c.status, c.ctype, c.body)
			}
		})
	}
}
