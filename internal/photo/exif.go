package photo

import (
	"bytes"
	"encoding/binary"
	"math"

	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// meta is what we read from a photo's EXIF block: how to turn it upright
// and where it was taken. Everything else in EXIF (camera serial numbers,
// owner names, thumbnails) is dropped with the re-encoding.
type meta struct {
	orientation int // 1–8 as in EXIF; 1 when absent or invalid
	location    *geo.Point
}

// jpegEXIF returns the TIFF data of the first EXIF APP1 segment of a JPEG,
// or nil. It walks the marker segments up to the start of scan and never
// reads past data.
func jpegEXIF(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	pos := 2
	for pos+4 <= len(data) {
		if data[pos] != 0xFF {
			return nil
		}
		marker := data[pos+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			pos++
			continue
		case marker == 0xD9 || marker == 0xDA: // end of image, start of scan
			return nil
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			pos += 2
			continue
		}
		length := int(binary.BigEndian.Uint16(data[pos+2:]))
		end := pos + 2 + length
		if length < 2 || end > len(data) {
			return nil
		}
		seg := data[pos+4 : end]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		pos = end
	}
	return nil
}

// pngEXIF returns the content of a PNG's eXIf chunk (PNG 3rd edition),
// which is TIFF data as in JPEG, or nil.
func pngEXIF(data []byte) []byte {
	pos := len(pngMagic)
	for pos+12 <= len(data) {
		n := binary.BigEndian.Uint32(data[pos:])
		typ := string(data[pos+4 : pos+8])
		if uint64(n) > uint64(len(data)-pos-12) {
			return nil
		}
		body := data[pos+8 : pos+8+int(n)]
		switch typ {
		case "eXIf":
			return body
		case "IEND":
			return nil
		}
		pos += 12 + int(n)
	}
	return nil
}

// EXIF tags we read (EXIF 2.32 / TIFF 6.0).
const (
	tagOrientation  = 0x0112
	tagGPSIFD       = 0x8825
	tagGPSLatRef    = 0x0001
	tagGPSLat       = 0x0002
	tagGPSLonRef    = 0x0003
	tagGPSLon       = 0x0004
	tagGPSStatus    = 0x0009
	typeASCII       = 2
	typeShort       = 3
	typeLong        = 4
	typeRational    = 5
	maxIFDEntries   = 1000 // real IFDs have a few dozen
	ifdEntrySize    = 12
	tiffHeaderBytes = 8
)

// tiff reads a TIFF structure (the body of an EXIF block) with bounds
// checks on every offset, since the bytes come from anyone.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

type ifdEntry struct {
	typ   uint16
	count uint32
	value []byte // count values of typ, already bounds-checked
}

// parseEXIF reads orientation and GPS position from TIFF data. Broken or
// missing parts yield the defaults: a photo with odd EXIF is still a photo.
func parseEXIF(b []byte) meta {
	m := meta{orientation: 1}
	if len(b) < tiffHeaderBytes {
		return m
	}
	t := tiff{b: b}
	switch string(b[:4]) {
	case "II*\x00":
		t.bo = binary.LittleEndian
	case "MM\x00*":
		t.bo = binary.BigEndian
	default:
		return m
	}
	ifd0 := t.ifd(t.bo.Uint32(b[4:]))
	if e, ok := ifd0[tagOrientation]; ok && e.typ == typeShort && e.count >= 1 {
		if o := int(t.bo.Uint16(e.value)); o >= 1 && o <= 8 {
			m.orientation = o
		}
	}
	if e, ok := ifd0[tagGPSIFD]; ok && e.typ == typeLong && e.count >= 1 {
		m.location = t.gps(t.ifd(t.bo.Uint32(e.value)))
	}
	return m
}

// ifd returns the entries of the IFD at off, or nil when it does not fit.
func (t tiff) ifd(off uint32) map[uint16]ifdEntry {
	if off < tiffHeaderBytes || uint64(off)+2 > uint64(len(t.b)) {
		return nil
	}
	n := int(t.bo.Uint16(t.b[off:]))
	start := int(off) + 2
	if n > maxIFDEntries || start+n*ifdEntrySize > len(t.b) {
		return nil
	}
	out := make(map[uint16]ifdEntry, n)
	for i := range n {
		e := t.b[start+i*ifdEntrySize : start+(i+1)*ifdEntrySize]
		tag, typ, count := t.bo.Uint16(e), t.bo.Uint16(e[2:]), t.bo.Uint32(e[4:])
		var size uint64
		switch typ {
		case typeASCII:
			size = 1
		case typeShort:
			size = 2
		case typeLong:
			size = 4
		case typeRational:
			size = 8
		default:
			continue // a type we never read
		}
		total := size * uint64(count)
		var value []byte
		if total <= 4 {
			value = e[8 : 8+total]
		} else {
			voff := uint64(t.bo.Uint32(e[8:]))
			if voff+total > uint64(len(t.b)) {
				continue
			}
			value = t.b[voff : voff+total]
		}
		out[tag] = ifdEntry{typ: typ, count: count, value: value}
	}
	return out
}

// gps turns the GPS IFD into a point, or nil when it is incomplete, marked
// void, or not a valid position.
func (t tiff) gps(ifd map[uint16]ifdEntry) *geo.Point {
	if s, ok := ifd[tagGPSStatus]; ok && s.typ == typeASCII && len(s.value) > 0 && s.value[0] == 'V' {
		return nil // "measurement void": the receiver had no fix
	}
	lat, ok1 := t.degrees(ifd[tagGPSLat])
	lon, ok2 := t.degrees(ifd[tagGPSLon])
	latRef, ok3 := ref(ifd[tagGPSLatRef])
	lonRef, ok4 := ref(ifd[tagGPSLonRef])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil
	}
	switch latRef {
	case 'S':
		lat = -lat
	case 'N':
	default:
		return nil
	}
	switch lonRef {
	case 'W':
		lon = -lon
	case 'E':
	default:
		return nil
	}
	p := geo.Point{Lat: lat, Lon: lon}
	// Cameras without a fix often write zeros; nobody reports from 0°, 0°.
	if !p.Valid() || (lat == 0 && lon == 0) {
		return nil
	}
	return &p
}

// degrees reads degrees, minutes and seconds as three RATIONALs.
func (t tiff) degrees(e ifdEntry) (float64, bool) {
	if e.typ != typeRational || e.count != 3 {
		return 0, false
	}
	var dms [3]float64
	for i := range dms {
		num, den := t.bo.Uint32(e.value[i*8:]), t.bo.Uint32(e.value[i*8+4:])
		if den == 0 {
			return 0, false
		}
		dms[i] = float64(num) / float64(den)
	}
	v := dms[0] + dms[1]/60 + dms[2]/3600
	return v, !math.IsNaN(v) && !math.IsInf(v, 0)
}

func ref(e ifdEntry) (byte, bool) {
	if e.typ != typeASCII || len(e.value) == 0 {
		return 0, false
	}
	return e.value[0], true
}
