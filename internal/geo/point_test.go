package geo

import (
	"errors"
	"math"
	"testing"
)

func TestParsePoint(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon string
		want     Point
		ok       bool
	}{
		{"decimal degrees", "52.520008", "13.404954", Point{52.520008, 13.404954}, true},
		{"signs and spaces", " -33.8688 ", "+151.2093", Point{-33.8688, 151.2093}, true},
		{"integers", "0", "0", Point{0, 0}, true},
		{"exponent", "1e-5", "-2.5E1", Point{0.00001, -25}, true},
		{"edges of the range", "-90", "180", Point{-90, 180}, true},
		{"latitude above 90", "90.0001", "10", Point{}, false},
		{"longitude below -180", "10", "-180.5", Point{}, false},
		{"empty latitude", "", "10", Point{}, false},
		{"empty longitude", "10", "  ", Point{}, false},
		{"NaN refused", "NaN", "10", Point{}, false},
		{"Inf refused", "10", "Inf", Point{}, false},
		{"infinity refused", "10", "-infinity", Point{}, false},
		{"huge exponent overflows", "1e400", "10", Point{}, false},
		{"hex float refused", "0x1p-2", "10", Point{}, false},
		{"underscores refused", "5_2", "10", Point{}, false},
		{"comma decimal refused", "52,5", "10", Point{}, false},
		{"trailing dot refused", "52.", "10", Point{}, false},
		{"leading dot refused", ".5", "10", Point{}, false},
		{"text refused", "north", "10", Point{}, false},
		{"two points refused", "1.2.3", "10", Point{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePoint(tt.lat, tt.lon)
			if tt.ok {
				if err != nil {
					t.Fatalf("ParsePoint(%q, %q): %v", tt.lat, tt.lon, err)
				}
				if got != tt.want {
					t.Fatalf("ParsePoint(%q, %q) = %v, want %v", tt.lat, tt.lon, got, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParsePoint(%q, %q) = %v, %v; want ErrInvalid", tt.lat, tt.lon, got, err)
			}
		})
	}
}

func TestPointValidRefusesNonFinite(t *testing.T) {
	for _, p := range []Point{
		{math.NaN(), 0}, {0, math.NaN()}, {math.Inf(1), 0}, {0, math.Inf(-1)}, {91, 0}, {0, 181},
	} {
		if p.Valid() {
			t.Errorf("%v is valid, want invalid", p)
		}
	}
	if !(Point{-90, -180}).Valid() {
		t.Error("south pole at -180 is invalid, want valid")
	}
}

func TestDistance(t *testing.T) {
	oneDegree := EarthRadius * math.Pi / 180 // 111,195.08 m
	tests := []struct {
		name string
		a, b Point
		want float64 // metres
		tol  float64
	}{
		{"same point", Point{52.5, 13.4}, Point{52.5, 13.4}, 0, 1e-9},
		{"one degree of latitude", Point{50, 8}, Point{51, 8}, oneDegree, 1e-6},
		{"one degree of longitude on the equator", Point{0, 8}, Point{0, 9}, oneDegree, 1e-6},
		{"antipodes", Point{0, 0}, Point{0, 180}, math.Pi * EarthRadius, 1e-6},
		// Published haversine value for Paris–London: 343.5 km (R = 6371 km).
		{"Paris to London", Point{48.8566, 2.3522}, Point{51.5074, -0.1278}, 343_560, 100},
		// Across a market square: 0.0009° of latitude is about 100 m.
		{"a hundred metres", Point{52.0, 8.0}, Point{52.0009, 8.0}, 100.076, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tol {
				t.Fatalf("Distance(%v, %v) = %.3f m, want %.3f ± %g", tt.a, tt.b, got, tt.want, tt.tol)
			}
			if back := Distance(tt.b, tt.a); math.Abs(back-got) > 1e-6 {
				t.Fatalf("Distance is not symmetric: %.6f vs %.6f", got, back)
			}
		})
	}
}

func TestDestinationTravelsTheGivenDistance(t *testing.T) {
	start := Point{51.9607, 7.6261} // Münster
	for _, bearing := range []float64{0, 45, 90, 135, 180, 225, 270, 315} {
		for _, m := range []float64{1, 50, 1000, 25_000} {
			q := Destination(start, bearing, m)
			if d := Distance(start, q); math.Abs(d-m) > 1e-6*m+1e-6 {
				t.Errorf("Destination(%v, %g°, %g m) is %.6f m away", start, bearing, m, d)
			}
		}
	}
	if north := Destination(start, 0, 1000); !(north.Lat > start.Lat) || math.Abs(north.Lon-start.Lon) > 1e-9 {
		t.Errorf("bearing 0 went to %v, want due north of %v", north, start)
	}
	if east := Destination(Point{0, 179.9999}, 90, 1000); !(east.Lon < 0) || !east.Valid() {
		t.Errorf("crossing the antimeridian gave %v, want a valid negative longitude", east)
	}
}
