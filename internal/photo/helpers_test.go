package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 255, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
	black = color.NRGBA{0, 0, 0, 255}
)

// quadrants returns a w×h image whose four quarters are red (top left),
// green (top right), blue (bottom left) and black (bottom right), so any
// turn or flip is visible after lossy compression.
func quadrants(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = black
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func jpegOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gpsFix is a GPS position as EXIF writes it: degrees, minutes, seconds
// as rationals and N/S, E/W references.
type gpsFix struct {
	latRef, lonRef string
	lat, lon       [3][2]uint32 // numerator, denominator
	status         string       // "A", "V" or "" for none
}

// berlin is 52°31'12.00"N 13°24'18.00"E = 52.52, 13.405.
var berlin = gpsFix{
	latRef: "N", lonRef: "E",
	lat: [3][2]uint32{{52, 1}, {31, 1}, {1200, 100}},
	lon: [3][2]uint32{{13, 1}, {24, 1}, {1800, 100}},
}

// tiffBlock builds the TIFF body of an EXIF block by hand: IFD0 with the
// orientation (0 leaves it out) and a pointer to a GPS IFD (nil leaves it
// out). Values longer than four bytes go to a data area after the IFDs.
func tiffBlock(bo binary.ByteOrder, orientation uint16, gps *gpsFix) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		data     []byte
	}
	u16 := func(v uint16) []byte { b := make([]byte, 2); bo.PutUint16(b, v); return b }
	u32 := func(v uint32) []byte { b := make([]byte, 4); bo.PutUint32(b, v); return b }
	rationals := func(v [3][2]uint32) []byte {
		var b []byte
		for _, r := range v {
			b = append(b, u32(r[0])...)
			b = append(b, u32(r[1])...)
		}
		return b
	}

	var ifd0, gpsIFD []entry
	if orientation != 0 {
		ifd0 = append(ifd0, entry{0x0112, 3, 1, u16(orientation)})
	}
	// A Make tag, as cameras write, that must not survive either.
	ifd0 = append(ifd0, entry{0x010F, 2, 11, []byte("SecretCam\x00\x00")})
	if gps != nil {
		ifd0 = append(ifd0, entry{0x8825, 4, 1, nil}) // offset filled below
		gpsIFD = []entry{
			{0x0001, 2, 2, []byte(gps.latRef + "\x00")},
			{0x0002, 5, 3, rationals(gps.lat)},
			{0x0003, 2, 2, []byte(gps.lonRef + "\x00")},
			{0x0004, 5, 3, rationals(gps.lon)},
		}
		if gps.status != "" {
			gpsIFD = append(gpsIFD, entry{0x0009, 2, 2, []byte(gps.status + "\x00")})
		}
	}

	ifdSize := func(es []entry) int { return 2 + 12*len(es) + 4 }
	ifd0Off := 8
	gpsOff := ifd0Off + ifdSize(ifd0)
	dataOff := gpsOff
	if gps != nil {
		dataOff += ifdSize(gpsIFD)
	}
	var data []byte
	writeIFD := func(es []entry) []byte {
		b := u16(uint16(len(es)))
		for _, e := range es {
			b = append(b, u16(e.tag)...)
			b = append(b, u16(e.typ)...)
			b = append(b, u32(e.count)...)
			switch {
			case e.tag == 0x8825:
				b = append(b, u32(uint32(gpsOff))...)
			case len(e.data) <= 4:
				b = append(b, append(e.data, make([]byte, 4-len(e.data))...)...)
			default:
				b = append(b, u32(uint32(dataOff+len(data)))...)
				data = append(data, e.data...)
			}
		}
		return append(b, u32(0)...) // no next IFD
	}
	out := []byte("II*\x00")
	if bo == binary.BigEndian {
		out = []byte("MM\x00*")
	}
	out = append(out, u32(uint32(ifd0Off))...)
	out = append(out, writeIFD(ifd0)...)
	if gps != nil {
		out = append(out, writeIFD(gpsIFD)...)
	}
	return append(out, data...)
}

// withEXIF puts an APP1 EXIF segment holding tiffData right after the SOI
// marker of a JPEG, where cameras put it.
func withEXIF(jpg, tiffData []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiffData...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, body []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	out = append(out, typ...)
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), body...)))
}

// withPNGChunk inserts a chunk right after IHDR.
func withPNGChunk(p []byte, typ string, body []byte) []byte {
	ihdrEnd := 8 + 8 + 13 + 4
	out := append([]byte{}, p[:ihdrEnd]...)
	out = append(out, pngChunk(typ, body)...)
	return append(out, p[ihdrEnd:]...)
}

// pngHeaderOnly is a PNG that claims w×h pixels of 8-bit RGBA (or 16-bit
// with deep) but carries no image data: enough for DecodeConfig, the shape
// of a decompression bomb.
func pngHeaderOnly(w, h uint32, deep bool) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	depth := byte(8)
	if deep {
		depth = 16
	}
	ihdr = append(ihdr, depth, 6, 0, 0, 0)
	out := append([]byte{}, pngMagic...)
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// withJPEGSize rewrites the frame size in a JPEG's SOF0 segment.
func withJPEGSize(t testing.TB, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	i := bytes.Index(out, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0 in test JPEG")
	}
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// segments lists the markers of a JPEG from SOI to SOS.
func segments(t testing.TB, jpg []byte) []byte {
	t.Helper()
	if len(jpg) < 4 || jpg[0] != 0xFF || jpg[1] != 0xD8 {
		t.Fatalf("output is not a JPEG: % x", jpg[:min(len(jpg), 8)])
	}
	var markers []byte
	pos := 2
	for pos+4 <= len(jpg) {
		if jpg[pos] != 0xFF {
			t.Fatalf("no marker at %d", pos)
		}
		m := jpg[pos+1]
		markers = append(markers, m)
		if m == 0xDA {
			return markers
		}
		pos += 2 + int(binary.BigEndian.Uint16(jpg[pos+2:]))
	}
	t.Fatal("no start of scan in output")
	return nil
}

// assertNoMetadata fails unless jpg holds only the segments image/jpeg
// writes for pixels: quantisation and Huffman tables, frame and scan
// headers. No APP0–APP15 (EXIF, JFIF, XMP, ICC) and no COM.
func assertNoMetadata(t testing.TB, jpg []byte) {
	t.Helper()
	for _, m := range segments(t, jpg) {
		switch m {
		case 0xDB, 0xC0, 0xC4, 0xDA, 0xDD:
		default:
			t.Fatalf("output has marker FF%02X, want only DQT, SOF0, DHT, SOS", m)
		}
	}
	for _, s := range []string{"Exif", "SecretCam", "http://ns.adobe.com"} {
		if bytes.Contains(jpg, []byte(s)) {
			t.Fatalf("output contains %q", s)
		}
	}
}
