package open311

import "time"

// Limits bound what a client may ask for. The zero value of a field means
// its default from DefaultLimits.
type Limits struct {
	// MaxSpan is the longest start_date..end_date range and the default
	// window: the spec's 90 days.
	MaxSpan time.Duration
	// DefaultPageSize applies without page_size; the spec's default limit
	// is 1000 requests.
	DefaultPageSize int
	MaxPageSize     int
	// MaxIDs bounds the service_request_id and service_code lists.
	MaxIDs int
	// DefaultRadius and MaxRadius are in metres, for lat/long/radius.
	DefaultRadius float64
	MaxRadius     float64
	// MaxMediaURLs bounds the repeated media_url of a POST.
	MaxMediaURLs int
}

// DefaultLimits returns the limits used where a field is zero.
func DefaultLimits() Limits {
	return Limits{
		MaxSpan:         90 * 24 * time.Hour,
		DefaultPageSize: 1000,
		MaxPageSize:     1000,
		MaxIDs:          100,
		DefaultRadius:   500,
		MaxRadius:       20000,
		MaxMediaURLs:    3,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxSpan <= 0 {
		l.MaxSpan = d.MaxSpan
	}
	if l.MaxPageSize <= 0 {
		l.MaxPageSize = d.MaxPageSize
	}
	if l.DefaultPageSize <= 0 {
		l.DefaultPageSize = d.DefaultPageSize
	}
	l.DefaultPageSize = min(l.DefaultPageSize, l.MaxPageSize)
	if l.MaxIDs <= 0 {
		l.MaxIDs = d.MaxIDs
	}
	if l.MaxRadius <= 0 {
		l.MaxRadius = d.MaxRadius
	}
	if l.DefaultRadius <= 0 {
		l.DefaultRadius = d.DefaultRadius
	}
	l.DefaultRadius = min(l.DefaultRadius, l.MaxRadius)
	if l.MaxMediaURLs <= 0 {
		l.MaxMediaURLs = d.MaxMediaURLs
	}
	return l
}

// maxOffset keeps (page-1)*page_size a sane SQL OFFSET.
const maxOffset = 1 << 31
