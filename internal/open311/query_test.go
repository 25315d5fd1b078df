package open311

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := ParseTime(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseRequestQuery(t *testing.T) {
	const day = 24 * time.Hour
	window := now.Add(-90 * day)
	def := RequestQuery{Start: window, Page: 1, PageSize: 1000}
	with := func(f func(*RequestQuery)) RequestQuery {
		q := def
		f(&q)
		return q
	}
	manyIDs := make([]string, 101)
	for i := range manyIDs {
		manyIDs[i] = strconv.Itoa(i)
	}
	cases := []struct {
		name  string
		query string
		want  RequestQuery
		errs  []string
	}{
		{name: "no parameters: the last 90 days, first 1000", query: "", want: def},
		{name: "empty parameters count as not sent",
			query: "service_request_id=&service_code=&status=&start_date=&end_date=&page=&page_size=&bbox=&lat=&long=&radius=",
			want:  def},
		{name: "jurisdiction_id and unknown parameters are ignored", query: "jurisdiction_id=giessen.de&foo=bar", want: def},
		{name: "service_request_id overrides every other argument",
			query: "service_request_id=1,2,+3&status=bogus&page=x&start_date=never",
			want:  RequestQuery{IDs: []string{"1", "2", "3"}, Page: 1, PageSize: 3}},
		{name: "service_request_id repeated and duplicated",
			query: "service_request_id=1&service_request_id=1,2,,",
			want:  RequestQuery{IDs: []string{"1", "2"}, Page: 1, PageSize: 2}},
		{name: "service_request_id of only commas counts as not sent", query: "service_request_id=,,", want: def},
		{name: "too many service_request_id",
			query: "service_request_id=" + strings.Join(manyIDs, ","),
			errs:  []string{"too_many service_request_id 100"}},
		{name: "service_request_id with a control character",
			query: "service_request_id=1%00",
			errs:  []string{"text service_request_id"}},
		{name: "service_code comma delimited and repeated",
			query: "service_code=001,002&service_code=003",
			want:  with(func(q *RequestQuery) { q.ServiceCodes = []string{"001", "002", "003"} })},
		{name: "status in any case, duplicates folded",
			query: "status=OPEN,closed,open",
			want:  with(func(q *RequestQuery) { q.Statuses = []Status{Open, Closed} })},
		{name: "unknown status", query: "status=pending", errs: []string{"status status"}},
		{name: "start_date and end_date",
			query: "start_date=2026-01-01T00:00:00Z&end_date=2026-02-01T00:00:00Z",
			want: with(func(q *RequestQuery) {
				q.Start, q.End = at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")
			})},
		{name: "an unescaped + in the offset arrives as a space and still counts",
			query: "start_date=2026-01-01T00:00:00+01:00",
			want: with(func(q *RequestQuery) {
				q.Start = at("2026-01-01T00:00:00+01:00")
				q.End = q.Start.Add(90 * day)
			})},
		{name: "end_date alone reaches 90 days back",
			query: "end_date=2026-02-01T00:00%2B01:00",
			want: with(func(q *RequestQuery) {
				q.End = at("2026-02-01T00:00:00+01:00")
				q.Start = q.End.Add(-90 * day)
			})},
		{name: "exactly 90 days is allowed",
			query: "start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z",
			want: with(func(q *RequestQuery) {
				q.Start, q.End = at("2026-01-01T00:00:00Z"), at("2026-04-01T00:00:00Z")
			})},
		{name: "more than 90 days",
			query: "start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:01Z",
			errs:  []string{"span start_date end_date 90"}},
		{name: "end_date before start_date",
			query: "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
			errs:  []string{"order start_date end_date"}},
		{name: "datetime without time zone", query: "start_date=2026-01-01T00:00:00", errs: []string{"datetime start_date"}},
		{name: "date without time", query: "end_date=2026-01-01", errs: []string{"datetime end_date"}},
		{name: "datetime that does not exist", query: "start_date=2026-02-30T00:00:00Z", errs: []string{"datetime start_date"}},
		{name: "updated_after alone: no default window, so old requests changed lately show",
			query: "updated_after=2026-03-01T00:00:00Z",
			want: with(func(q *RequestQuery) {
				q.Start = time.Time{}
				q.UpdatedAfter = at("2026-03-01T00:00:00Z")
			})},
		{name: "updated_before before updated_after",
			query: "updated_after=2026-03-01T00:00:00Z&updated_before=2026-02-01T00:00:00Z",
			errs:  []string{"order updated_after updated_before"}},
		{name: "page and page_size",
			query: "page=3&page_size=50",
			want:  with(func(q *RequestQuery) { q.Page, q.PageSize = 3, 50 })},
		{name: "page_size over the limit", query: "page_size=1001", errs: []string{"integer page_size 1 1000"}},
		{name: "page zero", query: "page=0", errs: []string{"integer page 1 2147484"}},
		{name: "page beyond any offset", query: "page=99999999999999999999", errs: []string{"integer page 1 2147484"}},
		{name: "page with a sign", query: "page=%2B2", errs: []string{"integer page 1 2147484"}},
		{name: "negative page_size", query: "page_size=-5", errs: []string{"integer page_size 1 1000"}},
		{name: "page sent twice with different values", query: "page=1&page=2", errs: []string{"repeated page"}},
		{name: "page sent twice with the same value", query: "page=2&page=2",
			want: with(func(q *RequestQuery) { q.Page = 2 })},
		{name: "bbox west,south,east,north",
			query: "bbox=8.60,50.55,+8.72,50.62",
			want:  with(func(q *RequestQuery) { q.BBox = &BBox{West: 8.60, South: 50.55, East: 8.72, North: 50.62} })},
		{name: "bbox with west east of east", query: "bbox=8.72,50.55,8.60,50.62", errs: []string{"bbox bbox"}},
		{name: "bbox with three numbers", query: "bbox=8.6,50.5,8.7", errs: []string{"bbox bbox"}},
		{name: "bbox with five numbers", query: "bbox=8.6,50.5,8.7,50.6,1", errs: []string{"bbox bbox"}},
		{name: "bbox with words", query: "bbox=a,b,c,d", errs: []string{"bbox bbox"}},
		{name: "bbox off the globe", query: "bbox=-181,0,0,1", errs: []string{"bbox bbox"}},
		{name: "lat and long with the default radius",
			query: "lat=50.5841&long=8.6784",
			want:  with(func(q *RequestQuery) { q.Near = &Circle{Lat: 50.5841, Long: 8.6784, Radius: 500} })},
		{name: "lat, long and radius",
			query: "lat=50.5841&long=8.6784&radius=50",
			want:  with(func(q *RequestQuery) { q.Near = &Circle{Lat: 50.5841, Long: 8.6784, Radius: 50} })},
		{name: "lat without long", query: "lat=50.5", errs: []string{"latlong_pair"}},
		{name: "radius without lat and long", query: "radius=50", errs: []string{"radius_alone"}},
		{name: "lat beyond the pole", query: "lat=90.5&long=8", errs: []string{"number lat -90 90"}},
		{name: "long as hexadecimal", query: "lat=50&long=0x8", errs: []string{"number long -180 180"}},
		{name: "lat as infinity", query: "lat=Inf&long=8", errs: []string{"number lat -90 90"}},
		{name: "lat with a decimal comma", query: "lat=50,5&long=8", errs: []string{"number lat -90 90"}},
		{name: "radius over the limit", query: "lat=50&long=8&radius=20001", errs: []string{"number radius 1 20000"}},
		{name: "bbox and lat/long together",
			query: "bbox=8.6,50.5,8.7,50.6&lat=50.5&long=8.6",
			errs:  []string{"geo_conflict"}},
		{name: "every problem at once, in parameter order",
			query: "status=x&start_date=y&page=0&lat=1",
			errs:  []string{"status status", "datetime start_date", "integer page 1 2147484", "latlong_pair"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseRequestQuery(query(t, c.query), now, Limits{})
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.errs == nil && !reflect.DeepEqual(got, c.want) {
				t.Errorf("query\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestRequestQueryOffset(t *testing.T) {
	q, err := ParseRequestQuery(url.Values{"page": {"3"}, "page_size": {"50"}}, now, Limits{})
	if err != nil || q.Offset() != 100 {
		t.Errorf("offset %d, %v; want 100", q.Offset(), err)
	}
	last, err := ParseRequestQuery(url.Values{"page": {"2147484"}, "page_size": {"1000"}}, now, Limits{})
	if err != nil || last.Offset() > maxOffset {
		t.Errorf("last page offset %d, %v", last.Offset(), err)
	}
}

func TestLimitsApply(t *testing.T) {
	lim := Limits{MaxSpan: 7 * 24 * time.Hour, DefaultPageSize: 50, MaxPageSize: 200, MaxIDs: 2, MaxRadius: 100}
	cases := []struct {
		name  string
		query string
		check func(RequestQuery) bool
		errs  []string
	}{
		{"default page size", "", func(q RequestQuery) bool { return q.PageSize == 50 && q.Start.Equal(now.Add(-7*24*time.Hour)) }, nil},
		{"max page size", "page_size=201", nil, []string{"integer page_size 1 200"}},
		{"max ids", "service_request_id=1,2,3", nil, []string{"too_many service_request_id 2"}},
		{"max codes", "service_code=1,2,3", nil, []string{"too_many service_code 2"}},
		{"max span", "start_date=2026-01-01T00:00:00Z&end_date=2026-01-09T00:00:00Z", nil, []string{"span start_date end_date 7"}},
		{"default radius never exceeds the max", "lat=1&long=1", func(q RequestQuery) bool { return q.Near.Radius == 100 }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := ParseRequestQuery(query(t, c.query), now, lim)
			if errs := problems(t, err); !slices.Equal(errs, c.errs) {
				t.Fatalf("errors %q, want %q", errs, c.errs)
			}
			if c.check != nil && !c.check(q) {
				t.Errorf("query %+v", q)
			}
		})
	}
}
