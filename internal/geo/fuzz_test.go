package geo

import (
	"errors"
	"testing"
)

// The parsers take query parameters and uploaded files from anyone: they
// must never panic, and whatever they accept must be valid and survive a
// round trip through its text form.

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"51.95,7.60,51.97,7.65", "-90,-180,90,180", "1,2,3", "NaN,0,1,1", " 1e-5 ,2,3,4", "0x1p-2,0,1,1", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseBBox(%q) error does not wrap ErrInvalid: %v", s, err)
			}
			return
		}
		if !b.Valid() {
			t.Fatalf("ParseBBox(%q) accepted invalid %+v", s, b)
		}
		if again, err := ParseBBox(b.String()); err != nil || again != b {
			t.Fatalf("round trip of %+v: %+v, %v", b, again, err)
		}
	})
}

func FuzzParsePoint(f *testing.F) {
	for _, s := range [][2]string{{"52.52", "13.40"}, {"-90", "180"}, {"NaN", "1"}, {"1e308", "1e-320"}, {"+0", "-0"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, lat, lon string) {
		p, err := ParsePoint(lat, lon)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParsePoint(%q, %q) error does not wrap ErrInvalid: %v", lat, lon, err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePoint(%q, %q) accepted invalid %v", lat, lon, p)
		}
		if d := Distance(p, p); d != 0 {
			t.Fatalf("Distance(p, p) = %v", d)
		}
		b := Around(p, 50)
		if !b.Valid() || !b.Contains(p) {
			t.Fatalf("Around(%v, 50) = %+v does not hold its centre", p, b)
		}
	})
}

func FuzzParseArea(f *testing.F) {
	f.Add([]byte(townGeoJSON))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[7,51],[8,51],[8,52],[7,52],[7,51]]]}`))
	f.Add([]byte(`{"type":"Feature","geometry":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArea(data)
		if err != nil {
			return
		}
		b := a.Bounds()
		if !b.Valid() {
			t.Fatalf("area bounds %+v invalid", b)
		}
		// Contains must be total; outside the bounds it is always false.
		a.Contains(b.Center())
		if a.Contains(Point{Lat: b.MaxLat + 1, Lon: b.MaxLon}) && b.MaxLat+1 <= 90 {
			t.Fatalf("area contains a point north of its bounds %+v", b)
		}
	})
}
