package open311

import (
	"net/url"
	"strings"
	"time"
)

// RequestQuery is the validated filter of GET requests.
type RequestQuery struct {
	// IDs, from service_request_id, override every other filter (spec).
	// When IDs is set, no other filter is, and one page holds them all.
	IDs []string
	// ServiceCodes and Statuses are alternatives: a request matches one of
	// each when the list is not empty.
	ServiceCodes []string
	Statuses     []Status
	// Start and End bound requested_datetime; a zero End is open. Without
	// any date filter Start is now minus 90 days, the spec's default.
	Start, End time.Time
	// UpdatedAfter and UpdatedBefore bound updated_datetime (common
	// extension); zero is open.
	UpdatedAfter, UpdatedBefore time.Time
	// Page counts from 1; PageSize is at most Limits.MaxPageSize.
	Page, PageSize int
	// BBox or Near restrict the place; at most one is set.
	BBox *BBox
	Near *Circle
}

// Offset returns the number of requests before Page.
func (q RequestQuery) Offset() int { return (q.Page - 1) * q.PageSize }

// BBox is a bounding box in WGS84 degrees, written west,south,east,north
// (long,lat,long,lat), the order of GeoJSON (RFC 7946, 5) and OpenStreetMap.
type BBox struct {
	West, South, East, North float64
}

// Circle is a point and a radius in metres.
type Circle struct {
	Lat, Long, Radius float64
}

// ParseRequestQuery validates the parameters of GET requests. now anchors
// the default window. The error is Errors.
//
// Parameters: service_request_id, service_code, status (lists, comma
// delimited or repeated), start_date, end_date, updated_after,
// updated_before (W3C datetimes), page, page_size, bbox, lat, long, radius.
// Others, such as jurisdiction_id, are ignored.
func ParseRequestQuery(v url.Values, now time.Time, lim Limits) (RequestQuery, error) {
	lim = lim.withDefaults()
	p := params{v: v}
	var q RequestQuery
	if q.IDs = p.list("service_request_id", lim.MaxIDs); len(q.IDs) > 0 || len(p.errs) > 0 {
		// "This overrides all other arguments": they are not even read.
		q.Page, q.PageSize = 1, len(q.IDs)
		return q, p.err()
	}
	q.ServiceCodes = p.list("service_code", lim.MaxIDs)
	q.Statuses = p.statuses("status")

	q.Start, q.End = p.dateRange(now, lim.MaxSpan)
	q.UpdatedAfter = p.datetime("updated_after")
	q.UpdatedBefore = p.datetime("updated_before")
	if !q.UpdatedAfter.IsZero() && !q.UpdatedBefore.IsZero() && q.UpdatedBefore.Before(q.UpdatedAfter) {
		p.fail("open311.error.order", "updated_after", "updated_before")
	}
	if !p.present("start_date") && !p.present("end_date") && (p.present("updated_after") || p.present("updated_before")) {
		// A client syncing by update time wants old requests changed
		// lately, which the default window would hide.
		q.Start = time.Time{}
	}

	q.PageSize = p.integer("page_size", 1, lim.MaxPageSize, lim.DefaultPageSize)
	q.Page = p.integer("page", 1, maxOffset/q.PageSize+1, 1)

	q.BBox = p.bbox("bbox")
	q.Near = p.circle(lim)
	if q.BBox != nil && q.Near != nil {
		p.fail("open311.error.geo_conflict")
		q.Near = nil
	}
	return q, p.err()
}

// statuses reads the status list, open and closed in any case.
func (p *params) statuses(name string) []Status {
	var out []Status
	// Several spellings of one status are fine, within reason.
	for _, s := range p.list(name, 10) {
		switch Status(toLowerASCII(s)) {
		case Open:
			out = appendNew(out, Open)
		case Closed:
			out = appendNew(out, Closed)
		default:
			p.fail("open311.error.status", name)
			return nil
		}
	}
	return out
}

func appendNew[T comparable](xs []T, x T) []T {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// dateRange reads start_date and end_date. Alone, each extends the other by
// span; with neither, the range is the last span before now; both may not be
// further apart than span (spec, GET Service Requests).
func (p *params) dateRange(now time.Time, span time.Duration) (start, end time.Time) {
	start, end = p.datetime("start_date"), p.datetime("end_date")
	hasStart, hasEnd := p.present("start_date"), p.present("end_date")
	switch {
	case hasStart && hasEnd:
		if start.IsZero() || end.IsZero() {
			return start, end // already reported
		}
		if end.Before(start) {
			p.fail("open311.error.order", "start_date", "end_date")
		} else if end.Sub(start) > span {
			p.fail("open311.error.span", "start_date", "end_date", int(span/(24*time.Hour)))
		}
	case hasStart:
		if !start.IsZero() {
			end = start.Add(span)
		}
	case hasEnd:
		if !end.IsZero() {
			start = end.Add(-span)
		}
	default:
		start = now.Add(-span)
	}
	return start, end
}

// bbox reads west,south,east,north.
func (p *params) bbox(name string) *BBox {
	s := p.one(name)
	if s == "" {
		return nil
	}
	var f [4]float64
	i := 0
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if i == 4 {
			i++
			break
		}
		v, ok := parseDecimal(part, false)
		if !ok {
			break
		}
		f[i] = v
		i++
	}
	b := BBox{West: f[0], South: f[1], East: f[2], North: f[3]}
	if i != 4 || b.West < -180 || b.East > 180 || b.South < -90 || b.North > 90 ||
		b.West > b.East || b.South > b.North {
		p.fail("open311.error.bbox", name)
		return nil
	}
	return &b
}

// circle reads lat, long and radius. lat and long come together; radius
// needs them and defaults to Limits.DefaultRadius.
func (p *params) circle(lim Limits) *Circle {
	hasLat, hasLong, hasRadius := p.present("lat"), p.present("long"), p.present("radius")
	lat, long := p.float("lat", -90, 90), p.float("long", -180, 180)
	radius := p.float("radius", 1, lim.MaxRadius)
	switch {
	case hasLat != hasLong:
		p.fail("open311.error.latlong_pair")
		return nil
	case !hasLat:
		if hasRadius {
			p.fail("open311.error.radius_alone")
		}
		return nil
	case lat == nil || long == nil || (hasRadius && radius == nil):
		return nil // already reported
	}
	c := &Circle{Lat: *lat, Long: *long, Radius: lim.DefaultRadius}
	if radius != nil {
		c.Radius = *radius
	}
	return c
}
