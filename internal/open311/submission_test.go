package open311

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseSubmission(t *testing.T) {
	const base = "api_key=k1&service_code=017&"
	cases := []struct {
		name string
		form string
		want Submission
		errs []string
	}{
		{name: "the spec's example request",
			form: "api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043" +
				"&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456" +
				"&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street" +
				"&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg" +
				"&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001",
			want: Submission{APIKey: "xyz", ServiceCode: "001", Lat: ptr(37.76524078), Long: ptr(-122.4212043),
				AddressString: "1234 5th street", Email: "smit333@sfgov.edu", DeviceID: "tt222111", AccountID: "123456",
				FirstName: "john", LastName: "smith", Phone: "111111111",
				Description: "A large sinkhole is destroying the street",
				MediaURLs:   []string{"http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"},
				Attributes:  Answers{"WHISPAWN": {"123456"}, "WHISDORN": {"COISL001"}}}},
		{name: "address_string is location enough",
			form: base + "address_string=Marktplatz+1",
			want: Submission{APIKey: "k1", ServiceCode: "017", AddressString: "Marktplatz 1"}},
		{name: "address_id is location enough",
			form: base + "address_id=4711",
			want: Submission{APIKey: "k1", ServiceCode: "017", AddressID: "4711"}},
		{name: "multivaluelist answers, escaped brackets and repeated media_url",
			form: base + "lat=50.5&long=8.6&attribute%5BART%5D%5B%5D=sofa&attribute[ART][]=reifen&attribute[ART][]=sofa" +
				"&attribute[LEER]=&media_url=https://a.example/1.jpg&media_url=https://a.example/2.jpg",
			want: Submission{APIKey: "k1", ServiceCode: "017", Lat: ptr(50.5), Long: ptr(8.6),
				MediaURLs:  []string{"https://a.example/1.jpg", "https://a.example/2.jpg"},
				Attributes: Answers{"ART": {"sofa", "reifen"}}}},
		{name: "description keeps its line breaks",
			form: base + "address_id=1&description=Zeile+1%0D%0AZeile+2",
			want: Submission{APIKey: "k1", ServiceCode: "017", AddressID: "1", Description: "Zeile 1\r\nZeile 2"}},
		{name: "without api_key the form still parses; the 403 is the caller's",
			form: "service_code=017&address_id=1",
			want: Submission{ServiceCode: "017", AddressID: "1"}},
		{name: "nothing sent", form: "", errs: []string{"required service_code", "location"}},
		{name: "blank service_code", form: "api_key=k&service_code=+&address_id=1", errs: []string{"required service_code"}},
		{name: "no location", form: base + "description=hier", errs: []string{"location"}},
		{name: "lat without long", form: base + "lat=50.5", errs: []string{"latlong_pair"}},
		{name: "long without lat but with an address", form: base + "long=8.6&address_id=1", errs: []string{"latlong_pair"}},
		{name: "lat off the globe", form: base + "lat=-91&long=8", errs: []string{"number lat -90 90"}},
		{name: "long not a number", form: base + "lat=50&long=acht", errs: []string{"number long -180 180"}},
		{name: "email with a display name", form: base + "address_id=1&email=Anna+%3Canna%40example.org%3E", errs: []string{"email email"}},
		{name: "email without domain", form: base + "address_id=1&email=anna", errs: []string{"email email"}},
		{name: "description of 4001 characters",
			form: base + "address_id=1&description=" + strings.Repeat("ä", 4001),
			errs: []string{"too_long description 4000"}},
		{name: "description with a NUL", form: base + "address_id=1&description=a%00b", errs: []string{"text description"}},
		{name: "description with invalid UTF-8", form: base + "address_id=1&description=%FF", errs: []string{"text description"}},
		{name: "first_name with a line break", form: base + "address_id=1&first_name=a%0Ab", errs: []string{"text first_name"}},
		{name: "phone too long", form: base + "address_id=1&phone=" + strings.Repeat("1", 51), errs: []string{"too_long phone 50"}},
		{name: "media_url not http", form: base + "address_id=1&media_url=javascript:alert(1)", errs: []string{"url media_url"}},
		{name: "media_url relative", form: base + "address_id=1&media_url=/img/1.jpg", errs: []string{"url media_url"}},
		{name: "more than three media_url",
			form: base + "address_id=1&media_url=http://a/1&media_url=http://a/2&media_url=http://a/3&media_url=http://a/4",
			errs: []string{"too_many media_url 3"}},
		{name: "service_code sent twice", form: base + "service_code=018&address_id=1", errs: []string{"repeated service_code"}},
		{name: "attribute without code", form: base + "address_id=1&attribute[]=x", errs: []string{"attribute_name attribute[]"}},
		{name: "attribute without closing bracket", form: base + "address_id=1&attribute[A=x", errs: []string{"attribute_name attribute[A"}},
		{name: "attribute nested", form: base + "address_id=1&attribute[A][B]=x", errs: []string{"attribute_name attribute[A][B]"}},
		{name: "attribute value with a NUL", form: base + "address_id=1&attribute[A]=%00", errs: []string{"text attribute[A]"}},
		{name: "every problem at once",
			form: "lat=1&email=x&media_url=ftp://x",
			errs: []string{"required service_code", "latlong_pair", "email email", "url media_url"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseSubmission(query(t, c.form), Limits{})
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.errs == nil && !reflect.DeepEqual(got, c.want) {
				t.Errorf("submission\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseSubmissionKeepsAPIKeyOnError(t *testing.T) {
	s, err := ParseSubmission(query(t, "api_key=secret"), Limits{})
	if err == nil || s.APIKey != "secret" {
		t.Errorf("key %q, error %v", s.APIKey, err)
	}
}

func TestParseSubmissionBoundsAttributes(t *testing.T) {
	var b strings.Builder
	b.WriteString("service_code=1&address_id=1")
	for i := range maxAttributes + 1 {
		b.WriteString("&attribute[a" + strconv.Itoa(i) + "]=1")
	}
	_, err := ParseSubmission(query(t, b.String()), Limits{})
	if errs := problems(t, err); !slices.Equal(errs, []string{"too_many attribute 100"}) {
		t.Errorf("errors %q", errs)
	}
}

func TestValidateAttributes(t *testing.T) {
	def := ServiceDefinition{ServiceCode: "017", Attributes: []Attribute{
		// Listed out of order: errors follow Order.
		{Variable: true, Code: "ART", Datatype: DatatypeMultiValueList, Order: 3,
			Values: []Value{{Key: "sofa", Name: "Sofa"}, {Key: "reifen", Name: "Reifen"}}},
		{Variable: true, Code: "MENGE", Datatype: DatatypeSingleValueList, Required: true, Order: 1,
			Values: []Value{{Key: "1", Name: "ein Sack"}, {Key: "2", Name: "mehr"}}},
		{Variable: true, Code: "KENNZ", Datatype: DatatypeString, Order: 2},
		{Variable: true, Code: "GEWICHT", Datatype: DatatypeNumber, Order: 4},
		{Variable: true, Code: "SEIT", Datatype: DatatypeDatetime, Order: 5},
		{Variable: true, Code: "HINWEIS", Datatype: DatatypeText, Order: 6},
		{Variable: false, Code: "INFO", Datatype: DatatypeText, Order: 7, Description: "Bitte nichts anfassen."},
	}}
	cases := []struct {
		name    string
		answers Answers
		want    Answers
		errs    []string
	}{
		{name: "only the required answer", answers: Answers{"MENGE": {"1"}}, want: Answers{"MENGE": {"1"}}},
		{name: "every datatype",
			answers: Answers{"MENGE": {"2"}, "ART": {"sofa", "reifen"}, "KENNZ": {"GI-AB 123"}, "GEWICHT": {"-1.5e2"},
				"SEIT": {"2026-03-01"}, "HINWEIS": {"Zeile 1\nZeile 2"}},
			want: Answers{"MENGE": {"2"}, "ART": {"sofa", "reifen"}, "KENNZ": {"GI-AB 123"}, "GEWICHT": {"-1.5e2"},
				"SEIT": {"2026-03-01"}, "HINWEIS": {"Zeile 1\nZeile 2"}}},
		{name: "datetime with time and zone", answers: Answers{"MENGE": {"1"}, "SEIT": {"2026-03-01T08:00:00+01:00"}},
			want: Answers{"MENGE": {"1"}, "SEIT": {"2026-03-01T08:00:00+01:00"}}},
		{name: "unknown codes and informational attributes are dropped, not refused",
			answers: Answers{"MENGE": {"1"}, "fixmystreet_id": {"99"}, "INFO": {"x"}},
			want:    Answers{"MENGE": {"1"}}},
		{name: "required attribute missing", answers: nil, errs: []string{"required attribute[MENGE]"}},
		{name: "value not in the list", answers: Answers{"MENGE": {"3"}}, errs: []string{"choice attribute[MENGE]"}},
		{name: "list value by name instead of key", answers: Answers{"MENGE": {"ein Sack"}}, errs: []string{"choice attribute[MENGE]"}},
		{name: "two values for a singlevaluelist", answers: Answers{"MENGE": {"1", "2"}}, errs: []string{"single attribute[MENGE]"}},
		{name: "one bad value in a multivaluelist", answers: Answers{"MENGE": {"1"}, "ART": {"sofa", "kühlschrank"}},
			errs: []string{"choice attribute[ART]"}},
		{name: "two values for a string", answers: Answers{"MENGE": {"1"}, "KENNZ": {"a", "b"}}, errs: []string{"single attribute[KENNZ]"}},
		{name: "line break in a string", answers: Answers{"MENGE": {"1"}, "KENNZ": {"a\nb"}}, errs: []string{"line attribute[KENNZ]"}},
		{name: "string too long", answers: Answers{"MENGE": {"1"}, "KENNZ": {strings.Repeat("x", 1001)}},
			errs: []string{"too_long attribute[KENNZ] 1000"}},
		{name: "number with a comma", answers: Answers{"MENGE": {"1"}, "GEWICHT": {"1,5"}}, errs: []string{"attribute_number attribute[GEWICHT]"}},
		{name: "number as NaN", answers: Answers{"MENGE": {"1"}, "GEWICHT": {"NaN"}}, errs: []string{"attribute_number attribute[GEWICHT]"}},
		{name: "datetime in German notation", answers: Answers{"MENGE": {"1"}, "SEIT": {"01.03.2026"}},
			errs: []string{"attribute_datetime attribute[SEIT]"}},
		{name: "problems in the order the user sees the questions",
			answers: Answers{"GEWICHT": {"x"}, "KENNZ": {"a\nb"}},
			errs:    []string{"required attribute[MENGE]", "line attribute[KENNZ]", "attribute_number attribute[GEWICHT]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ValidateAttributes(def, c.answers)
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.errs == nil && !reflect.DeepEqual(got, c.want) {
				t.Errorf("answers %v, want %v", got, c.want)
			}
		})
	}
}

// TestSubmissionToAttributes runs the form through both steps, as the
// handler will.
func TestSubmissionToAttributes(t *testing.T) {
	def := ServiceDefinition{Attributes: []Attribute{{Variable: true, Code: "WHISPAWN", Datatype: DatatypeNumber, Required: true}}}
	s, err := ParseSubmission(query(t, "service_code=1&address_id=1&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ValidateAttributes(def, s.Attributes)
	if err != nil || !reflect.DeepEqual(got, Answers{"WHISPAWN": {"123456"}}) {
		t.Errorf("answers %v, %v", got, err)
	}
}
