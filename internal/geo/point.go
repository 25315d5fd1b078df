// Package geo holds the small amount of geometry a town hall needs: WGS 84
// points, distances, bounding boxes, the town's area and GeoJSON output.
// Distances use a spherical earth, which is exact to about 0.5 % and far
// better than a phone's GPS.
package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// EarthRadius is the mean earth radius in metres (IUGG), used by Distance,
// Destination and Around.
const EarthRadius = 6371008.8

// ErrInvalid is wrapped by every error of this package about malformed or
// out-of-range input, so callers can map it to a 400 or a field error.
var ErrInvalid = errors.New("invalid coordinates")

// Point is a WGS 84 position in decimal degrees.
type Point struct {
	Lat float64
	Lon float64
}

// Valid reports whether p is a finite position on earth: latitude in
// [-90, 90], longitude in [-180, 180].
func (p Point) Valid() bool {
	// NaN fails every comparison, and ±Inf is outside the ranges.
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180
}

// String formats p as "lat,lon".
func (p Point) String() string {
	return formatCoord(p.Lat) + "," + formatCoord(p.Lon)
}

// ParsePoint parses a latitude and a longitude given as two decimal
// numbers, as Open311's lat and long parameters and HTML forms send them.
func ParsePoint(lat, lon string) (Point, error) {
	la, err := parseCoord(lat)
	if err != nil {
		return Point{}, fmt.Errorf("geo: latitude: %w", err)
	}
	lo, err := parseCoord(lon)
	if err != nil {
		return Point{}, fmt.Errorf("geo: longitude: %w", err)
	}
	p := Point{Lat: la, Lon: lo}
	if !p.Valid() {
		return Point{}, fmt.Errorf("geo: point %s out of range: %w", p, ErrInvalid)
	}
	return p, nil
}

// maxCoordLen bounds a coordinate's text; 64 characters hold any honest
// decimal degree with room to spare.
const maxCoordLen = 64

// parseCoord accepts a plain decimal number with an optional sign and
// exponent ("52.52", "-0.5", "1e-5"). strconv.ParseFloat alone would also
// take "NaN", "Inf", hexadecimal floats and underscores, none of which a
// client means as a coordinate.
func parseCoord(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty: %w", ErrInvalid)
	}
	if len(s) > maxCoordLen || !isDecimal(s) {
		return 0, fmt.Errorf("%.20q is not a decimal number: %w", s, ErrInvalid)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%.20q is not a decimal number: %w", s, ErrInvalid)
	}
	return f, nil
}

// isDecimal reports whether s matches [+-]?digits(.digits)?([eE][+-]?digits)?.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// formatCoord uses the shortest form that parses back exactly; 'g' keeps
// tiny values short (1e-70, not seventy zeros) so they stay under maxCoordLen.
func formatCoord(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func rad(deg float64) float64 { return deg * math.Pi / 180 }
func deg(rad float64) float64 { return rad * 180 / math.Pi }

// Distance returns the great-circle distance between a and b in metres
// (haversine formula).
func Distance(a, b Point) float64 {
	φ1, φ2 := rad(a.Lat), rad(b.Lat)
	dφ := φ2 - φ1
	dλ := rad(b.Lon - a.Lon)
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	// Rounding can push h a hair above 1 for antipodal points.
	return 2 * EarthRadius * math.Asin(math.Sqrt(math.Min(1, h)))
}

// Destination returns the point reached from p after metres along the
// great circle with the initial bearing (degrees clockwise from north).
// It serves tests and synthetic data that scatter points around a centre.
func Destination(p Point, bearing, metres float64) Point {
	δ := metres / EarthRadius
	θ := rad(bearing)
	φ1, λ1 := rad(p.Lat), rad(p.Lon)
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	lon := math.Mod(deg(λ2)+540, 360) - 180
	return Point{Lat: deg(φ2), Lon: lon}
}
