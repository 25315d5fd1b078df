package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestParseBBox(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want BBox
		ok   bool
	}{
		{"west,south,east,north", "7.60,51.95,7.65,51.97", BBox{MinLat: 51.95, MinLon: 7.60, MaxLat: 51.97, MaxLon: 7.65}, true},
		{"spaces around values", " 7.6 , 51.95 ,7.65, 51.97 ", BBox{MinLat: 51.95, MinLon: 7.6, MaxLat: 51.97, MaxLon: 7.65}, true},
		{"a point as a box", "2,1,2,1", BBox{MinLat: 1, MinLon: 2, MaxLat: 1, MaxLon: 2}, true},
		{"whole world", "-180,-90,180,90", BBox{MinLat: -90, MinLon: -180, MaxLat: 90, MaxLon: 180}, true},
		{"corners swapped refused", "7.65,51.97,7.60,51.95", BBox{}, false},
		{"lat,lon order refused when it inverts the box", "51.95,7.60,51.90,7.65", BBox{}, false},
		{"latitude out of range", "0,-91,1,0", BBox{}, false},
		{"longitude out of range", "0,0,181,1", BBox{}, false},
		{"three values", "1,2,3", BBox{}, false},
		{"five values", "1,2,3,4,5", BBox{}, false},
		{"empty", "", BBox{}, false},
		{"empty value", "1,,3,4", BBox{}, false},
		{"semicolons", "1;2;3;4", BBox{}, false},
		{"NaN", "NaN,0,1,1", BBox{}, false},
		{"too long", "1" + string(make([]byte, 400)) + ",2,3,4", BBox{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBBox(tt.in)
			if tt.ok {
				if err != nil {
					t.Fatalf("ParseBBox(%q): %v", tt.in, err)
				}
				if got != tt.want {
					t.Fatalf("ParseBBox(%q) = %+v, want %+v", tt.in, got, tt.want)
				}
				if again, err := ParseBBox(got.String()); err != nil || again != got {
					t.Fatalf("String() %q does not parse back: %+v, %v", got.String(), again, err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseBBox(%q) = %+v, %v; want ErrInvalid", tt.in, got, err)
			}
		})
	}
}

func TestBBoxContainsEdges(t *testing.T) {
	b := BBox{MinLat: 51, MinLon: 7, MaxLat: 52, MaxLon: 8}
	for _, p := range []Point{{51, 7}, {52, 8}, {51.5, 7.5}, {51, 8}} {
		if !b.Contains(p) {
			t.Errorf("%+v does not contain %v", b, p)
		}
	}
	for _, p := range []Point{{50.999, 7.5}, {51.5, 8.001}, {math.NaN(), 7.5}} {
		if b.Contains(p) {
			t.Errorf("%+v contains %v", b, p)
		}
	}
	if c := b.Center(); c != (Point{51.5, 7.5}) {
		t.Errorf("Center = %v", c)
	}
}

// TestAroundHoldsEveryPointWithinTheRadius checks the property the nearby
// query relies on: no point within the radius falls outside the box, and
// the box is not much larger than needed.
func TestAroundHoldsEveryPointWithinTheRadius(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	centres := []Point{{51.9607, 7.6261}, {0, 0}, {-45, 170}, {69.6, 18.9}, {89.9999, 0}}
	for _, c := range centres {
		for _, radius := range []float64{50, 1000, 100_000} {
			b := Around(c, radius)
			if !b.Valid() {
				t.Fatalf("Around(%v, %g) = %+v is not a valid box", c, radius, b)
			}
			for range 2000 {
				q := Destination(c, rng.Float64()*360, rng.Float64()*radius)
				if !b.Contains(q) {
					t.Fatalf("Around(%v, %g) = %+v misses %v at %.3f m", c, radius, b, q, Distance(c, q))
				}
			}
			// The four compass points on the circle touch the box's edges
			// (except where a pole widens the box).
			north := Destination(c, 0, radius)
			if b.MaxLat < 90 && math.Abs(b.MaxLat-north.Lat) > 1e-6 {
				t.Errorf("Around(%v, %g).MaxLat = %v, want %v", c, radius, b.MaxLat, north.Lat)
			}
		}
	}
}

func TestAroundSpecialCases(t *testing.T) {
	p := Point{51.9607, 7.6261}
	if b := Around(p, 0); b != (BBox{p.Lat, p.Lon, p.Lat, p.Lon}) {
		t.Errorf("Around(p, 0) = %+v, want the point", b)
	}
	if b := Around(p, -5); b != (BBox{p.Lat, p.Lon, p.Lat, p.Lon}) {
		t.Errorf("Around(p, -5) = %+v, want the point", b)
	}
	if b := Around(p, math.NaN()); b != (BBox{p.Lat, p.Lon, p.Lat, p.Lon}) {
		t.Errorf("Around(p, NaN) = %+v, want the point", b)
	}
	if b := Around(p, 30_000_000); b != (BBox{-90, -180, 90, 180}) {
		t.Errorf("Around(p, 30000 km) = %+v, want the world", b)
	}
	if b := Around(Point{89.99, 10}, 5000); b.MinLon != -180 || b.MaxLon != 180 || b.MaxLat != 90 {
		t.Errorf("around the north pole = %+v, want all longitudes up to 90°", b)
	}
	if b := Around(Point{0, 179.9999}, 1000); b.MinLon != -180 || b.MaxLon != 180 {
		t.Errorf("across the antimeridian = %+v, want all longitudes", b)
	}
	// 50 m in Münster: about 0.00045° of latitude, 0.00073° of longitude.
	b := Around(p, 50)
	if dLat := b.MaxLat - p.Lat; math.Abs(dLat-0.0004497) > 1e-6 {
		t.Errorf("50 m box half-height = %g°", dLat)
	}
	if dLon := b.MaxLon - p.Lon; math.Abs(dLon-0.0007301) > 1e-6 {
		t.Errorf("50 m box half-width = %g°", dLon)
	}
}
