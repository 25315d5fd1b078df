package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type reportProps struct {
	Title  string `json:"title"`
	Status string `json:"status"`
}

func TestWriteFeatureCollectionIsRFC7946(t *testing.T) {
	var buf bytes.Buffer
	err := WriteFeatureCollection(&buf, []Feature{
		{ID: "17", Point: Point{Lat: 51.9607, Lon: 7.6261}, Properties: reportProps{"Sperrmüll <am> Weg", "open"}},
		{Point: Point{Lat: -33.5, Lon: 151.25}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string          `json:"type"`
			ID       *string         `json:"id"`
			Geometry json.RawMessage `json:"geometry"`
			Props    json.RawMessage `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	if doc.Type != "FeatureCollection" || len(doc.Features) != 2 {
		t.Fatalf("got %+v", doc)
	}
	f := doc.Features[0]
	if f.Type != "Feature" || f.ID == nil || *f.ID != "17" {
		t.Errorf("first feature = %+v", f)
	}
	// Longitude first: RFC 7946 §3.1.1.
	if got, want := string(f.Geometry), `{"type":"Point","coordinates":[7.6261,51.9607]}`; got != want {
		t.Errorf("geometry = %s, want %s", got, want)
	}
	var props reportProps
	if err := json.Unmarshal(f.Props, &props); err != nil || props.Title != "Sperrmüll <am> Weg" {
		t.Errorf("properties = %s (%v)", f.Props, err)
	}
	if strings.Contains(buf.String(), "<am>") {
		t.Error("HTML characters in properties are not escaped")
	}
	if doc.Features[1].ID != nil || string(doc.Features[1].Props) != "null" {
		t.Errorf("second feature has id %v, properties %s; want none and null", doc.Features[1].ID, doc.Features[1].Props)
	}
}

func TestFeatureWriterEmptyCollection(t *testing.T) {
	var buf bytes.Buffer
	if err := NewFeatureWriter(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(buf.String()); got != `{"type":"FeatureCollection","features":[]}` {
		t.Fatalf("empty collection = %s", got)
	}
}

func TestFeatureWriterRefusesBadFeatures(t *testing.T) {
	var buf bytes.Buffer
	fw := NewFeatureWriter(&buf)
	if err := fw.Write(Feature{Point: Point{Lat: 95, Lon: 7}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid point: err = %v, want ErrInvalid", err)
	}
	if err := fw.Write(Feature{Point: Point{Lat: 51, Lon: 7}, Properties: "a string"}); err == nil {
		t.Error("string properties accepted, want an error")
	}
	if err := fw.Write(Feature{Point: Point{Lat: 51, Lon: 7}, Properties: map[string]any{"x": make(chan int)}}); err == nil {
		t.Error("unmarshalable properties accepted, want an error")
	}
	// The refused features left no trace: the collection is still valid.
	if err := fw.Write(Feature{Point: Point{Lat: 51, Lon: 7}, Properties: map[string]int{"n": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	var v struct{ Features []any }
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil || len(v.Features) != 1 {
		t.Fatalf("collection after refusals = %s (%v)", buf.String(), err)
	}
	if err := fw.Write(Feature{Point: Point{Lat: 51, Lon: 7}}); err == nil {
		t.Error("write after Close accepted")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestFeatureWriterReportsWriteErrors(t *testing.T) {
	fw := NewFeatureWriter(failingWriter{})
	if err := fw.Write(Feature{Point: Point{Lat: 51, Lon: 7}}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	if err := fw.Close(); err == nil {
		t.Fatal("Close after a failed write returned nil")
	}
}

func BenchmarkFeatureWriter(b *testing.B) {
	f := Feature{ID: "123456", Point: Point{Lat: 51.960712, Lon: 7.626135}, Properties: reportProps{"Sperrmüll", "open"}}
	fw := NewFeatureWriter(&bytes.Buffer{})
	for b.Loop() {
		if err := fw.Write(f); err != nil {
			b.Fatal(err)
		}
	}
}
