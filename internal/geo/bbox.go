package geo

import (
	"fmt"
	"math"
	"strings"
)

// BBox is a latitude/longitude rectangle, inclusive on all sides. Boxes that
// cross the antimeridian are not supported; a German town never needs one.
type BBox struct {
	MinLat, MinLon, MaxLat, MaxLon float64
}

// Valid reports whether b's corners are valid points and ordered min ≤ max.
func (b BBox) Valid() bool {
	return Point{b.MinLat, b.MinLon}.Valid() && Point{b.MaxLat, b.MaxLon}.Valid() &&
		b.MinLat <= b.MaxLat && b.MinLon <= b.MaxLon
}

// ParseBBox parses a bbox parameter in the order of GeoJSON (RFC 7946,
// section 5) and of the Open311 GeoReport bbox extension:
// "west,south,east,north", that is min_lon,min_lat,max_lon,max_lat. Every
// bbox the town hall reads or writes uses this one order. Four decimal
// numbers separated by commas, spaces around them allowed. A box whose
// minimum exceeds its maximum is refused rather than swapped: it usually
// means the client sent lat,lon, and answering with the wrong area would
// hide that mistake.
func ParseBBox(s string) (BBox, error) {
	// Four coordinates and three commas; anything longer is not a bbox.
	if len(s) > 4*maxCoordLen+3 {
		return BBox{}, fmt.Errorf("geo: bbox too long: %w", ErrInvalid)
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return BBox{}, fmt.Errorf("geo: bbox needs 4 numbers west,south,east,north, got %d: %w", len(parts), ErrInvalid)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := parseCoord(p)
		if err != nil {
			return BBox{}, fmt.Errorf("geo: bbox value %d: %w", i+1, err)
		}
		v[i] = f
	}
	b := BBox{MinLon: v[0], MinLat: v[1], MaxLon: v[2], MaxLat: v[3]}
	if !(Point{b.MinLat, b.MinLon}.Valid() && Point{b.MaxLat, b.MaxLon}.Valid()) {
		return BBox{}, fmt.Errorf("geo: bbox %s out of range: %w", b, ErrInvalid)
	}
	if b.MinLat > b.MaxLat || b.MinLon > b.MaxLon {
		return BBox{}, fmt.Errorf("geo: bbox %s is not west,south,east,north: %w", b, ErrInvalid)
	}
	return b, nil
}

// String formats b in the order ParseBBox reads.
func (b BBox) String() string {
	return formatCoord(b.MinLon) + "," + formatCoord(b.MinLat) + "," + formatCoord(b.MaxLon) + "," + formatCoord(b.MaxLat)
}

// Contains reports whether p lies in b, edges included.
func (b BBox) Contains(p Point) bool {
	return p.Lat >= b.MinLat && p.Lat <= b.MaxLat && p.Lon >= b.MinLon && p.Lon <= b.MaxLon
}

// Center returns the middle of b in degrees.
func (b BBox) Center() Point {
	return Point{Lat: (b.MinLat + b.MaxLat) / 2, Lon: (b.MinLon + b.MaxLon) / 2}
}

// Around returns the smallest box that holds every point within metres of
// p, for "nearby" queries: filter rows by the box in SQL (an index can
// serve it), then keep those with Distance(p, q) ≤ metres. Near a pole or
// the antimeridian the box widens to all longitudes, which is still a
// superset. A negative or NaN radius counts as 0.
func Around(p Point, metres float64) BBox {
	if !(metres > 0) {
		return BBox{MinLat: p.Lat, MinLon: p.Lon, MaxLat: p.Lat, MaxLon: p.Lon}
	}
	δ := metres / EarthRadius
	if δ >= math.Pi {
		return BBox{MinLat: -90, MinLon: -180, MaxLat: 90, MaxLon: 180}
	}
	φ, λ := rad(p.Lat), rad(p.Lon)
	minφ, maxφ := φ-δ, φ+δ
	if minφ <= -math.Pi/2 || maxφ >= math.Pi/2 {
		// A pole lies inside the circle: every longitude is reached.
		return BBox{
			MinLat: math.Max(-90, deg(minφ)), MinLon: -180,
			MaxLat: math.Min(90, deg(maxφ)), MaxLon: 180,
		}
	}
	// The widest longitude of a spherical cap is not at the centre's
	// latitude but where the circle touches a meridian: asin(sin δ / cos φ)
	// (J. P. Matuschek, "Finding points within a distance of a
	// latitude/longitude using bounding coordinates").
	dλ := math.Asin(math.Min(1, math.Sin(δ)/math.Cos(φ)))
	minλ, maxλ := λ-dλ, λ+dλ
	if minλ < -math.Pi || maxλ > math.Pi {
		minλ, maxλ = -math.Pi, math.Pi
	}
	// A margin of 1e-9° (0.1 mm) keeps points exactly on the circle inside
	// despite rounding in the radian/degree round trip.
	const ε = 1e-9
	return BBox{
		MinLat: math.Max(-90, deg(minφ)-ε), MinLon: math.Max(-180, deg(minλ)-ε),
		MaxLat: math.Min(90, deg(maxφ)+ε), MaxLon: math.Min(180, deg(maxλ)+ε),
	}
}
