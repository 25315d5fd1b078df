package geo

import (
	"encoding/json"
	"fmt"
	"math"
)

// Area is the town's territory, used to refuse reports from elsewhere. It
// is either a set of polygons (from GeoJSON) or, as a simple fallback, a
// bounding box.
type Area struct {
	// polygons are lists of rings: the first ring is the outline, the
	// others are holes. Rings hold [lon, lat] pairs and are closed.
	polygons [][][][2]float64
	bounds   BBox
}

// AreaFromBBox returns an area that is exactly b.
func AreaFromBBox(b BBox) (*Area, error) {
	if !b.Valid() {
		return nil, fmt.Errorf("geo: area bbox %s: %w", b, ErrInvalid)
	}
	return &Area{bounds: b}, nil
}

// ParseArea reads an area from GeoJSON (RFC 7946): a Polygon or
// MultiPolygon geometry, a Feature with one, or a FeatureCollection or
// GeometryCollection; all polygons found make up the area together. Other
// geometries (an admin_centre point in an OpenStreetMap export, say) are
// ignored, but there must be at least one polygon. Rings must be closed and
// have at least four positions, as RFC 7946 §3.1.6 requires; their winding
// order does not matter.
func ParseArea(data []byte) (*Area, error) {
	var obj geoObject
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("geo: area GeoJSON: %w: %w", ErrInvalid, err)
	}
	a := &Area{}
	if err := a.collect(&obj, 0); err != nil {
		return nil, fmt.Errorf("geo: area GeoJSON: %w", err)
	}
	if len(a.polygons) == 0 {
		return nil, fmt.Errorf("geo: area GeoJSON has no Polygon or MultiPolygon: %w", ErrInvalid)
	}
	a.bounds = BBox{MinLat: math.Inf(1), MinLon: math.Inf(1), MaxLat: math.Inf(-1), MaxLon: math.Inf(-1)}
	for _, poly := range a.polygons {
		for _, pos := range poly[0] {
			a.bounds.MinLon = math.Min(a.bounds.MinLon, pos[0])
			a.bounds.MaxLon = math.Max(a.bounds.MaxLon, pos[0])
			a.bounds.MinLat = math.Min(a.bounds.MinLat, pos[1])
			a.bounds.MaxLat = math.Max(a.bounds.MaxLat, pos[1])
		}
	}
	return a, nil
}

// geoObject is any GeoJSON object; only the members for its type are set.
type geoObject struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometry    *geoObject      `json:"geometry"`
	Features    []geoObject     `json:"features"`
	Geometries  []geoObject     `json:"geometries"`
}

// maxNesting bounds collections inside collections (RFC 7946 advises
// against nesting GeometryCollections at all).
const maxNesting = 8

func (a *Area) collect(o *geoObject, depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("nested too deeply: %w", ErrInvalid)
	}
	switch o.Type {
	case "FeatureCollection":
		for i := range o.Features {
			if err := a.collect(&o.Features[i], depth+1); err != nil {
				return err
			}
		}
	case "Feature":
		if o.Geometry != nil { // a Feature may have a null geometry
			return a.collect(o.Geometry, depth+1)
		}
	case "GeometryCollection":
		for i := range o.Geometries {
			if err := a.collect(&o.Geometries[i], depth+1); err != nil {
				return err
			}
		}
	case "Polygon":
		var rings [][][]float64
		if err := json.Unmarshal(o.Coordinates, &rings); err != nil {
			return fmt.Errorf("polygon coordinates: %w: %w", ErrInvalid, err)
		}
		return a.addPolygon(rings)
	case "MultiPolygon":
		var polys [][][][]float64
		if err := json.Unmarshal(o.Coordinates, &polys); err != nil {
			return fmt.Errorf("multipolygon coordinates: %w: %w", ErrInvalid, err)
		}
		for _, rings := range polys {
			if err := a.addPolygon(rings); err != nil {
				return err
			}
		}
	case "Point", "MultiPoint", "LineString", "MultiLineString":
		// Not an area; see ParseArea.
	default:
		return fmt.Errorf("unknown GeoJSON type %.30q: %w", o.Type, ErrInvalid)
	}
	return nil
}

func (a *Area) addPolygon(rings [][][]float64) error {
	if len(rings) == 0 {
		return fmt.Errorf("polygon without rings: %w", ErrInvalid)
	}
	poly := make([][][2]float64, 0, len(rings))
	for _, ring := range rings {
		if len(ring) < 4 {
			return fmt.Errorf("ring with %d positions, need at least 4: %w", len(ring), ErrInvalid)
		}
		r := make([][2]float64, len(ring))
		for i, pos := range ring {
			// A position is [lon, lat] with an optional altitude (RFC 7946 §3.1.1).
			if len(pos) < 2 || len(pos) > 3 || !(Point{Lat: pos[1], Lon: pos[0]}).Valid() {
				return fmt.Errorf("position %d of a ring is not [lon, lat] in range: %w", i+1, ErrInvalid)
			}
			r[i] = [2]float64{pos[0], pos[1]}
		}
		if r[0] != r[len(r)-1] {
			return fmt.Errorf("ring not closed (first and last position differ): %w", ErrInvalid)
		}
		poly = append(poly, r)
	}
	a.polygons = append(a.polygons, poly)
	return nil
}

// Bounds returns the smallest box around the area, for a map's first view.
func (a *Area) Bounds() BBox { return a.bounds }

// Contains reports whether p lies in the area. A point on an outline or on
// a hole's edge counts as inside: a report on the town's border is the
// town's to look at.
func (a *Area) Contains(p Point) bool {
	if !p.Valid() || !a.bounds.Contains(p) {
		return false
	}
	if a.polygons == nil {
		return true
	}
	x, y := p.Lon, p.Lat
	for _, poly := range a.polygons {
		in, edge := inRing(poly[0], x, y)
		if edge {
			return true
		}
		if !in {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			hin, hedge := inRing(hole, x, y)
			if hedge {
				return true
			}
			if hin {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// inRing is the even-odd ray-casting test on the plane of lon/lat degrees,
// which is exact enough for the few kilometres of a town. It also reports
// whether (x, y) lies on an edge.
func inRing(r [][2]float64, x, y float64) (inside, onEdge bool) {
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		xi, yi := r[i][0], r[i][1]
		xj, yj := r[j][0], r[j][1]
		if onSegment(xi, yi, xj, yj, x, y) {
			return true, true
		}
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			inside = !inside
		}
	}
	return inside, false
}

// onSegment reports whether (x, y) lies on the segment from (x1, y1) to
// (x2, y2), within 1e-12° (0.1 µm) for rounding.
func onSegment(x1, y1, x2, y2, x, y float64) bool {
	const ε = 1e-12
	if x < math.Min(x1, x2)-ε || x > math.Max(x1, x2)+ε || y < math.Min(y1, y2)-ε || y > math.Max(y1, y2)+ε {
		return false
	}
	cross := (x2-x1)*(y-y1) - (y2-y1)*(x-x1)
	length := math.Hypot(x2-x1, y2-y1)
	if length == 0 {
		return x == x1 && y == y1
	}
	return math.Abs(cross)/length <= ε
}
