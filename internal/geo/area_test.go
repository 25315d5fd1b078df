package geo

import (
	"errors"
	"testing"
)

// townGeoJSON is a square town (lon 7–8, lat 51–52) with a square hole
// (a neighbouring municipality's enclave, lon 7.4–7.6, lat 51.4–51.6) and a
// separate triangular exclave east of it, inside a FeatureCollection with an
// extra point feature as OpenStreetMap exports have.
const townGeoJSON = `{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"name": "Musterstadt"},
     "geometry": {"type": "MultiPolygon", "coordinates": [
       [[[7,51],[8,51],[8,52],[7,52],[7,51]],
        [[7.4,51.4],[7.4,51.6],[7.6,51.6],[7.6,51.4],[7.4,51.4]]],
       [[[9,51],[10,51],[9.5,52,120.5],[9,51]]]
     ]}},
    {"type": "Feature", "properties": {"role": "admin_centre"},
     "geometry": {"type": "Point", "coordinates": [7.5, 51.5]}},
    {"type": "Feature", "properties": {}, "geometry": null}
  ]
}`

func TestAreaContains(t *testing.T) {
	a, err := ParseArea([]byte(townGeoJSON))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    Point
		want bool
	}{
		{"inside the main part", Point{51.2, 7.2}, true},
		{"inside the hole", Point{51.5, 7.5}, false},
		{"on the hole's edge", Point{51.5, 7.4}, true},
		{"on the outline", Point{51, 7.5}, true},
		{"on a corner", Point{52, 8}, true},
		{"inside the exclave", Point{51.2, 9.5}, true},
		{"between the parts, inside the bounds", Point{51.5, 8.5}, false},
		{"beside the exclave's slanted edge", Point{51.9, 9.1}, false},
		{"north of everything", Point{52.1, 7.5}, false},
		{"far away", Point{-33.8, 151.2}, false},
		{"invalid point", Point{100, 7.5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Contains(tt.p); got != tt.want {
				t.Fatalf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if b := a.Bounds(); b != (BBox{MinLat: 51, MinLon: 7, MaxLat: 52, MaxLon: 10}) {
		t.Errorf("Bounds = %+v", b)
	}
}

func TestParseAreaGeometryShapes(t *testing.T) {
	inside := Point{51.5, 7.5}
	for name, doc := range map[string]string{
		"bare Polygon":       `{"type":"Polygon","coordinates":[[[7,51],[8,51],[8,52],[7,52],[7,51]]]}`,
		"Feature":            `{"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[7,51],[8,51],[8,52],[7,52],[7,51]]]}}`,
		"GeometryCollection": `{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[0,0],[1,1]]},{"type":"Polygon","coordinates":[[[7,51],[7,52],[8,52],[8,51],[7,51]]]}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			a, err := ParseArea([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if !a.Contains(inside) || a.Contains(Point{50, 7.5}) {
				t.Fatalf("area from %s does not hold exactly its polygon", name)
			}
		})
	}
}

func TestParseAreaRefusesMalformed(t *testing.T) {
	tests := map[string]string{
		"not JSON":            `{"type":`,
		"no polygon":          `{"type":"Point","coordinates":[7,51]}`,
		"empty collection":    `{"type":"FeatureCollection","features":[]}`,
		"unknown type":        `{"type":"Circle","coordinates":[7,51]}`,
		"ring not closed":     `{"type":"Polygon","coordinates":[[[7,51],[8,51],[8,52],[7,52]]]}`,
		"ring too short":      `{"type":"Polygon","coordinates":[[[7,51],[8,51],[7,51]]]}`,
		"polygon no rings":    `{"type":"Polygon","coordinates":[]}`,
		"lat out of range":    `{"type":"Polygon","coordinates":[[[7,51],[8,91],[8,52],[7,51]]]}`,
		"position too short":  `{"type":"Polygon","coordinates":[[[7,51],[8],[8,52],[7,51]]]}`,
		"position too long":   `{"type":"Polygon","coordinates":[[[7,51],[8,51,0,0],[8,52],[7,51]]]}`,
		"coordinates string":  `{"type":"Polygon","coordinates":"7,51"}`,
		"bad multipolygon":    `{"type":"MultiPolygon","coordinates":[[[7,51],[8,51],[8,52],[7,51]]]}`,
		"bad feature in list": `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[7,51]]]}}]}`,
		"nested too deeply":   `{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}]}]}]}]}]}]}]}]}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			if a, err := ParseArea([]byte(doc)); !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseArea = %v, %v; want ErrInvalid", a, err)
			}
		})
	}
}

func TestAreaFromBBox(t *testing.T) {
	a, err := AreaFromBBox(BBox{MinLat: 51, MinLon: 7, MaxLat: 52, MaxLon: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Contains(Point{51.5, 7.5}) || !a.Contains(Point{52, 8}) || a.Contains(Point{52.01, 7.5}) {
		t.Error("bbox area does not hold exactly its box")
	}
	if _, err := AreaFromBBox(BBox{MinLat: 52, MinLon: 7, MaxLat: 51, MaxLon: 8}); !errors.Is(err, ErrInvalid) {
		t.Errorf("inverted box: err = %v, want ErrInvalid", err)
	}
}
