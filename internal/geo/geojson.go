package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Feature is one point of a GeoJSON FeatureCollection.
type Feature struct {
	// ID becomes the Feature's "id" member; empty leaves it out.
	ID    string
	Point Point
	// Properties must marshal to a JSON object (a struct or a map), or be
	// nil for "properties": null.
	Properties any
}

// FeatureWriter streams a GeoJSON FeatureCollection of points (RFC 7946),
// one Feature at a time, so a map of many reports never sits in memory as a
// whole. Call Close to finish the document.
type FeatureWriter struct {
	w    io.Writer
	n    int
	buf  []byte
	err  error
	head []byte
}

const collectionHead = `{"type":"FeatureCollection",`

// NewFeatureWriter returns a writer that writes the collection to w.
func NewFeatureWriter(w io.Writer) *FeatureWriter {
	return &FeatureWriter{w: w, head: []byte(collectionHead + `"features":[`)}
}

// NewFeatureWriterWith returns a writer whose collection also carries
// members, foreign members in the sense of RFC 7946 §6.1 such as a licence
// of open data. members must marshal to a JSON object; its keys must not be
// "type" or "features".
func NewFeatureWriterWith(w io.Writer, members any) (*FeatureWriter, error) {
	b, err := json.Marshal(members)
	if err != nil {
		return nil, fmt.Errorf("geo: collection members: %w", err)
	}
	if len(b) < 2 || b[0] != '{' {
		return nil, fmt.Errorf("geo: collection members must be a JSON object")
	}
	head := []byte(collectionHead)
	if inner := b[1 : len(b)-1]; len(inner) > 0 {
		head = append(append(head, inner...), ',')
	}
	return &FeatureWriter{w: w, head: append(head, `"features":[`...)}, nil
}

// Write appends f to the collection. Invalid points and properties that are
// not an object are refused; after a write error every call returns it.
func (fw *FeatureWriter) Write(f Feature) error {
	if fw.err != nil {
		return fw.err
	}
	if !f.Point.Valid() {
		return fmt.Errorf("geo: feature %.40q: point %s: %w", f.ID, f.Point, ErrInvalid)
	}
	props := []byte("null")
	if f.Properties != nil {
		var err error
		props, err = json.Marshal(f.Properties)
		if err != nil {
			return fmt.Errorf("geo: feature %.40q properties: %w", f.ID, err)
		}
		if !bytes.HasPrefix(props, []byte("{")) && !bytes.Equal(props, []byte("null")) {
			return fmt.Errorf("geo: feature %.40q properties must be a JSON object", f.ID)
		}
	}
	b := fw.buf[:0]
	if fw.n == 0 {
		b = append(b, fw.head...)
	} else {
		b = append(b, ',')
	}
	b = append(b, `{"type":"Feature",`...)
	if f.ID != "" {
		id, err := json.Marshal(f.ID)
		if err != nil {
			return fmt.Errorf("geo: feature id: %w", err)
		}
		b = append(b, `"id":`...)
		b = append(b, id...)
		b = append(b, ',')
	}
	// RFC 7946 §3.1.1: a position is longitude first, then latitude.
	b = append(b, `"geometry":{"type":"Point","coordinates":[`...)
	b = strconv.AppendFloat(b, f.Point.Lon, 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, f.Point.Lat, 'f', -1, 64)
	b = append(b, `]},"properties":`...)
	b = append(b, props...)
	b = append(b, '}')
	fw.buf = b
	if _, err := fw.w.Write(b); err != nil {
		fw.err = fmt.Errorf("geo: write feature: %w", err)
		return fw.err
	}
	fw.n++
	return nil
}

// Close ends the collection; with no features written it writes an empty
// one. It does not close the underlying writer.
func (fw *FeatureWriter) Close() error {
	if fw.err != nil {
		return fw.err
	}
	end := "]}\n"
	if fw.n == 0 {
		end = string(fw.head) + end
	}
	if _, err := io.WriteString(fw.w, end); err != nil {
		fw.err = fmt.Errorf("geo: write feature collection: %w", err)
		return fw.err
	}
	fw.err = fmt.Errorf("geo: feature collection closed")
	return nil
}

// WriteFeatureCollection writes features as one FeatureCollection.
func WriteFeatureCollection(w io.Writer, features []Feature) error {
	fw := NewFeatureWriter(w)
	for _, f := range features {
		if err := fw.Write(f); err != nil {
			return err
		}
	}
	return fw.Close()
}
