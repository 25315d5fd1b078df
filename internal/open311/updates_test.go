package open311

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseUpdateQuery(t *testing.T) {
	cases := []struct {
		name  string
		query string
		want  UpdateQuery
		errs  []string
	}{
		{name: "no parameters: the last 90 days", query: "",
			want: UpdateQuery{Start: now.Add(-90 * 24 * time.Hour), Page: 1, PageSize: 1000}},
		{name: "as FixMyStreet asks",
			query: "api_key=k&jurisdiction_id=x&start_date=2026-03-10T10:00:00Z&end_date=2026-03-10T11:00:00Z",
			want: UpdateQuery{APIKey: "k", Start: at("2026-03-10T10:00:00Z"), End: at("2026-03-10T11:00:00Z"),
				Page: 1, PageSize: 1000}},
		{name: "paged", query: "start_date=2026-03-01T00:00:00Z&end_date=2026-03-02T00:00:00Z&page=2&page_size=10",
			want: UpdateQuery{Start: at("2026-03-01T00:00:00Z"), End: at("2026-03-02T00:00:00Z"), Page: 2, PageSize: 10}},
		{name: "end before start", query: "start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z",
			errs: []string{"order start_date end_date"}},
		{name: "bad datetimes and page", query: "start_date=gestern&end_date=heute&page_size=0",
			errs: []string{"datetime start_date", "datetime end_date", "integer page_size 1 1000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseUpdateQuery(query(t, c.query), now, Limits{})
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.errs == nil && !reflect.DeepEqual(got, c.want) {
				t.Errorf("query\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseUpdateSubmission(t *testing.T) {
	const base = "api_key=k&service_request_id=2026-000042&update_id=77&updated_datetime=2026-03-02T14:00:05%2B01:00&"
	cases := []struct {
		name string
		form string
		want UpdateSubmission
		errs []string
	}{
		{name: "as FixMyStreet posts",
			form: base + "status=OPEN&description=Liegt+immer+noch+da&first_name=Anna&last_name=-&email=anna%40example.org" +
				"&phone=0641+1&title=Frau&media_url=https://fms.example/p/1.jpg&jurisdiction_id=x",
			want: UpdateSubmission{APIKey: "k", ServiceRequestID: "2026-000042", UpdateID: "77",
				UpdatedDatetime: at("2026-03-02T14:00:05+01:00"), Status: UpdateOpen, Description: "Liegt immer noch da",
				FirstName: "Anna", LastName: "-", Email: "anna@example.org", Phone: "0641 1", Title: "Frau",
				MediaURLs: []string{"https://fms.example/p/1.jpg"}}},
		{name: "extended status in any case, with spaces",
			form: base + "status=not+councils+responsibility",
			want: UpdateSubmission{APIKey: "k", ServiceRequestID: "2026-000042", UpdateID: "77",
				UpdatedDatetime: at("2026-03-02T14:00:05+01:00"), Status: UpdateNotCouncilsResponsibility}},
		{name: "nothing sent", form: "",
			errs: []string{"required service_request_id", "required update_id", "required updated_datetime", "required status"}},
		{name: "unknown status", form: base + "status=done",
			errs: []string{"update_status status " + updateStatusList()}},
		{name: "datetime without zone", form: "service_request_id=1&update_id=1&status=open&updated_datetime=2026-03-02T14:00:05",
			errs: []string{"datetime updated_datetime"}},
		{name: "description too long", form: base + "status=open&description=" + strings.Repeat("x", 4001),
			errs: []string{"too_long description 4000"}},
		{name: "bad email and media_url", form: base + "status=open&email=@&media_url=data:x",
			errs: []string{"email email", "url media_url"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseUpdateSubmission(query(t, c.form), Limits{})
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.errs == nil && !reflect.DeepEqual(got, c.want) {
				t.Errorf("update\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}
