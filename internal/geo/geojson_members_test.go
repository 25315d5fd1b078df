package geo

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestFeatureWriterWithMembersKeepsThemBesideFeatures(t *testing.T) {
	type licence struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	members := map[string]any{"license": licence{"dl-de/by-2-0", "https://www.govdata.de/dl-de/by-2-0"}}
	for _, n := range []int{0, 2} {
		var buf bytes.Buffer
		fw, err := NewFeatureWriterWith(&buf, members)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if err := fw.Write(Feature{Point: Point{Lat: 52, Lon: 7 + float64(i)}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := fw.Close(); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Type     string            `json:"type"`
			License  licence           `json:"license"`
			Features []json.RawMessage `json:"features"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%d features: not JSON: %v\n%s", n, err, buf.String())
		}
		if doc.Type != "FeatureCollection" || doc.License.ID != "dl-de/by-2-0" || len(doc.Features) != n || doc.Features == nil {
			t.Errorf("%d features: got %s", n, buf.String())
		}
	}
}

func TestFeatureWriterWithRefusesMembersThatAreNoObject(t *testing.T) {
	for _, m := range []any{[]int{1}, "licence", nil} {
		if _, err := NewFeatureWriterWith(new(bytes.Buffer), m); err == nil {
			t.Errorf("members %v accepted", m)
		}
	}
}

func TestFeatureWriterWithEmptyMembersWritesThePlainCollection(t *testing.T) {
	var a, b bytes.Buffer
	fw, err := NewFeatureWriterWith(&a, struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(Feature{Point: Point{Lat: 1, Lon: 2}})
	fw.Close()
	plain := NewFeatureWriter(&b)
	plain.Write(Feature{Point: Point{Lat: 1, Lon: 2}})
	plain.Close()
	if a.String() != b.String() {
		t.Errorf("with empty members %s, plain %s", a.String(), b.String())
	}
}
