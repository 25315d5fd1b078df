package photo

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output does not decode as JPEG: %v", err)
	}
	return img
}

func TestProcessAcceptsJPEGAndPNG(t *testing.T) {
	p := New(Limits{})
	tests := []struct {
		name          string
		data          []byte
		source        string
		width, height int
		thumbW        int
		thumbH        int
	}{
		{"small JPEG kept at its size", jpegOf(t, quadrants(800, 600)), "jpeg", 800, 600, 400, 300},
		{"PNG", pngOf(t, quadrants(640, 480)), "png", 640, 480, 400, 300},
		{"wide photo scaled to 2048", jpegOf(t, quadrants(2560, 640)), "jpeg", 2048, 512, 400, 100},
		{"tall photo scaled to 2048", pngOf(t, quadrants(600, 2400)), "png", 512, 2048, 100, 400},
		{"tiny image not enlarged", pngOf(t, quadrants(2, 2)), "png", 2, 2, 2, 2},
		{"grey JPEG", jpegOf(t, image.NewGray(image.Rect(0, 0, 300, 200))), "jpeg", 300, 200, 300, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Process(t.Context(), bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if res.Source != tt.source || res.Location != nil {
				t.Errorf("source %q, location %v; want %q, none", res.Source, res.Location, tt.source)
			}
			if res.Width != tt.width || res.Height != tt.height || res.ThumbWidth != tt.thumbW || res.ThumbHeight != tt.thumbH {
				t.Errorf("sizes %d×%d, thumb %d×%d; want %d×%d, thumb %d×%d",
					res.Width, res.Height, res.ThumbWidth, res.ThumbHeight, tt.width, tt.height, tt.thumbW, tt.thumbH)
			}
			for _, out := range []struct {
				b    []byte
				w, h int
			}{{res.JPEG, res.Width, res.Height}, {res.Thumb, res.ThumbWidth, res.ThumbHeight}} {
				assertNoMetadata(t, out.b)
				if b := decode(t, out.b).Bounds(); b.Dx() != out.w || b.Dy() != out.h {
					t.Errorf("encoded size %v, reported %d×%d", b, out.w, out.h)
				}
			}
		})
	}
}

func TestProcessLaysTransparencyOnWhite(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 50, 50)) // fully transparent
	res, err := New(Limits{}).Process(t.Context(), bytes.NewReader(pngOf(t, img)))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := decode(t, res.JPEG).At(25, 25).RGBA()
	if r>>8 < 250 || g>>8 < 250 || b>>8 < 250 {
		t.Fatalf("transparent pixel became %d,%d,%d, want white", r>>8, g>>8, b>>8)
	}
}

func TestProcessRefusesBadUploads(t *testing.T) {
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, quadrants(10, 10), nil); err != nil {
		t.Fatal(err)
	}
	small := jpegOf(t, quadrants(16, 16))
	tests := []struct {
		name string
		data []byte
		lim  Limits
		code errs.Code
		key  string
	}{
		{"empty file", nil, Limits{}, errs.Invalid, "photo.empty"},
		{"GIF", gifBuf.Bytes(), Limits{}, errs.Invalid, "photo.type_not_allowed"},
		{"WebP", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), Limits{}, errs.Invalid, "photo.type_not_allowed"},
		{"PDF named photo.jpg", []byte("%PDF-1.7\n1 0 obj"), Limits{}, errs.Invalid, "photo.type_not_allowed"},
		{"HTML", []byte("<html><script>alert(1)</script>"), Limits{}, errs.Invalid, "photo.type_not_allowed"},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), Limits{}, errs.Invalid, "photo.type_not_allowed"},
		{"JPEG magic then garbage", []byte("\xFF\xD8\xFFgarbage garbage garbage"), Limits{}, errs.Invalid, "photo.unreadable"},
		{"truncated JPEG", small[:len(small)/2], Limits{}, errs.Invalid, "photo.unreadable"},
		{"PNG magic then garbage", append(append([]byte{}, pngMagic...), "garbage"...), Limits{}, errs.Invalid, "photo.unreadable"},
		{"over the byte limit", small, Limits{MaxBytes: int64(len(small) - 1)}, errs.TooLarge, "photo.too_large"},
		{"PNG bomb: 60000×60000 header", pngHeaderOnly(60000, 60000, false), Limits{}, errs.TooLarge, "photo.too_many_pixels"},
		{"JPEG bomb: 65000×65000 header", withJPEGSize(t, small, 65000, 65000), Limits{}, errs.TooLarge, "photo.too_many_pixels"},
		{"one pixel over the pixel limit", pngOf(t, quadrants(101, 100)), Limits{MaxPixels: 10_000}, errs.TooLarge, "photo.too_many_pixels"},
		{"16-bit PNG counts double", pngHeaderOnly(80, 80, true), Limits{MaxPixels: 10_000}, errs.TooLarge, "photo.too_many_pixels"},
		{"zero width", pngHeaderOnly(0, 10, false), Limits{}, errs.Invalid, "photo.unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := New(tt.lim).Process(t.Context(), bytes.NewReader(tt.data))
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("Process = %v, %v; want *errs.Error", res, err)
			}
			if e.Code != tt.code || e.Key != tt.key {
				t.Fatalf("error %s/%s, want %s/%s (%v)", e.Code, e.Key, tt.code, tt.key, err)
			}
		})
	}
}

func TestProcessLimitsAtTheEdge(t *testing.T) {
	small := jpegOf(t, quadrants(100, 100))
	if _, err := New(Limits{MaxBytes: int64(len(small))}).Process(t.Context(), bytes.NewReader(small)); err != nil {
		t.Errorf("upload of exactly MaxBytes refused: %v", err)
	}
	if _, err := New(Limits{MaxPixels: 10_000}).Process(t.Context(), bytes.NewReader(small)); err != nil {
		t.Errorf("image of exactly MaxPixels refused: %v", err)
	}
	_, err := New(Limits{}).Process(t.Context(), bytes.NewReader(pngHeaderOnly(60000, 60000, false)))
	if e := errs.As(err); len(e.Args) != 1 || e.Args[0] != int64(40) {
		t.Errorf("too_many_pixels args = %v, want [40] megapixels", e.Args)
	}
}

func TestProcessMapsBodyLimitToTooLarge(t *testing.T) {
	body := http.MaxBytesReader(nil, io.NopCloser(strings.NewReader(strings.Repeat("x", 100))), 10)
	_, err := New(Limits{}).Process(t.Context(), body)
	if e := errs.As(err); e.Code != errs.TooLarge || e.Key != "photo.too_large" {
		t.Fatalf("err = %v, want too_large", err)
	}
}

func TestProcessWaitsForAFreeSlotOrTheContext(t *testing.T) {
	p := New(Limits{Concurrent: 1})
	p.sem <- struct{}{} // another upload is being decoded
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.Process(ctx, bytes.NewReader(jpegOf(t, quadrants(10, 10))))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	<-p.sem
	if _, err := p.Process(t.Context(), bytes.NewReader(jpegOf(t, quadrants(10, 10)))); err != nil {
		t.Fatalf("after the slot is free: %v", err)
	}
}

// colourAt classifies the pixel at (x, y) as one of the quadrant colours.
func colourAt(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	c := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
	names := map[string]color.NRGBA{"red": red, "green": green, "blue": blue, "black": black}
	best, bestD := "", math.Inf(1)
	for name, q := range names {
		d := math.Abs(float64(c.R)-float64(q.R)) + math.Abs(float64(c.G)-float64(q.G)) + math.Abs(float64(c.B)-float64(q.B))
		if d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func TestProcessHonoursEXIFOrientation(t *testing.T) {
	// The stored picture is 60×40: red top left, green top right, blue
	// bottom left, black bottom right. Each orientation says how to turn it
	// upright; want lists the upright corners TL, TR, BL, BR (EXIF 2.32,
	// tag 0x0112).
	tests := []struct {
		orientation uint16
		w, h        int
		want        [4]string
	}{
		{1, 60, 40, [4]string{"red", "green", "blue", "black"}},
		{2, 60, 40, [4]string{"green", "red", "black", "blue"}}, // mirrored
		{3, 60, 40, [4]string{"black", "blue", "green", "red"}}, // upside down
		{4, 60, 40, [4]string{"blue", "black", "red", "green"}}, // flipped
		{5, 40, 60, [4]string{"red", "blue", "green", "black"}}, // transposed
		{6, 40, 60, [4]string{"blue", "red", "black", "green"}}, // turn 90° clockwise
		{7, 40, 60, [4]string{"black", "green", "blue", "red"}}, // transverse
		{8, 40, 60, [4]string{"green", "black", "red", "blue"}}, // turn 90° anticlockwise
	}
	src := jpegOf(t, quadrants(60, 40))
	p := New(Limits{})
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%d", bo, tt.orientation), func(t *testing.T) {
				res, err := p.Process(t.Context(), bytes.NewReader(withEXIF(src, tiffBlock(bo, tt.orientation, nil))))
				if err != nil {
					t.Fatal(err)
				}
				if res.Width != tt.w || res.Height != tt.h {
					t.Fatalf("size %d×%d, want %d×%d", res.Width, res.Height, tt.w, tt.h)
				}
				img := decode(t, res.JPEG)
				got := [4]string{
					colourAt(img, 5, 5), colourAt(img, tt.w-6, 5),
					colourAt(img, 5, tt.h-6), colourAt(img, tt.w-6, tt.h-6),
				}
				if got != tt.want {
					t.Fatalf("corners %v, want %v", got, tt.want)
				}
				assertNoMetadata(t, res.JPEG)
			})
		}
	}
}

func TestProcessReadsGPSAndStripsIt(t *testing.T) {
	south := berlin
	south.latRef, south.lonRef = "S", "W"
	void := berlin
	void.status = "V"
	active := berlin
	active.status = "A"
	zeroDen := berlin
	zeroDen.lat[1] = [2]uint32{31, 0}
	noRef := berlin
	noRef.latRef = "X"
	nullIsland := gpsFix{latRef: "N", lonRef: "E", lat: [3][2]uint32{{0, 1}, {0, 1}, {0, 1}}, lon: [3][2]uint32{{0, 1}, {0, 1}, {0, 1}}}
	tooFar := berlin
	tooFar.lat[0] = [2]uint32{95, 1}

	tests := []struct {
		name     string
		gps      gpsFix
		lat, lon float64
		found    bool
	}{
		{"north east", berlin, 52.52, 13.405, true},
		{"south west", south, -52.52, -13.405, true},
		{"status active", active, 52.52, 13.405, true},
		{"status void", void, 0, 0, false},
		{"zero denominator", zeroDen, 0, 0, false},
		{"unknown reference", noRef, 0, 0, false},
		{"zeros from a camera without a fix", nullIsland, 0, 0, false},
		{"latitude beyond 90", tooFar, 0, 0, false},
	}
	src := jpegOf(t, quadrants(64, 48))
	p := New(Limits{})
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, tt := range tests {
			t.Run(bo.String()+"/"+tt.name, func(t *testing.T) {
				upload := withEXIF(src, tiffBlock(bo, 1, &tt.gps))
				if !bytes.Contains(upload, []byte("SecretCam")) {
					t.Fatal("test upload lacks its EXIF block")
				}
				res, err := p.Process(t.Context(), bytes.NewReader(upload))
				if err != nil {
					t.Fatal(err)
				}
				if !tt.found {
					if res.Location != nil {
						t.Fatalf("location %v, want none", *res.Location)
					}
				} else if res.Location == nil || math.Abs(res.Location.Lat-tt.lat) > 1e-9 || math.Abs(res.Location.Lon-tt.lon) > 1e-9 {
					t.Fatalf("location %v, want %v,%v", res.Location, tt.lat, tt.lon)
				}
				assertNoMetadata(t, res.JPEG)
				assertNoMetadata(t, res.Thumb)
			})
		}
	}
}

func TestProcessReadsPNGeXIf(t *testing.T) {
	src := withPNGChunk(pngOf(t, quadrants(60, 40)), "eXIf", tiffBlock(binary.BigEndian, 6, &berlin))
	res, err := New(Limits{}).Process(t.Context(), bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if res.Width != 40 || res.Height != 60 {
		t.Errorf("size %d×%d, want 40×60 (turned upright)", res.Width, res.Height)
	}
	if res.Location == nil || math.Abs(res.Location.Lat-52.52) > 1e-9 {
		t.Errorf("location %v, want 52.52,13.405", res.Location)
	}
	assertNoMetadata(t, res.JPEG)
}

func TestProcessIgnoresXMPBeforeEXIF(t *testing.T) {
	src := withEXIF(jpegOf(t, quadrants(60, 40)), tiffBlock(binary.LittleEndian, 8, &berlin))
	xmp := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), "<x:xmpmeta/>"...)
	seg := append([]byte{0xFF, 0xE1, byte((len(xmp) + 2) >> 8), byte(len(xmp) + 2)}, xmp...)
	src = append(append(append([]byte{}, src[:2]...), seg...), src[2:]...)
	res, err := New(Limits{}).Process(t.Context(), bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if res.Width != 40 || res.Location == nil {
		t.Fatalf("size %d×%d, location %v: EXIF after XMP not read", res.Width, res.Height, res.Location)
	}
	assertNoMetadata(t, res.JPEG)
}

func TestParseEXIFSurvivesBrokenData(t *testing.T) {
	good := tiffBlock(binary.LittleEndian, 6, &berlin)
	if m := parseEXIF(good); m.orientation != 6 || m.location == nil {
		t.Fatalf("good block parsed as %+v", m)
	}
	pointTo := func(off uint32) []byte {
		b := append([]byte{}, good...)
		binary.LittleEndian.PutUint32(b[4:], off)
		return b
	}
	hugeCount := append([]byte{}, good...)
	binary.LittleEndian.PutUint16(hugeCount[8:], 0xFFFF)
	tests := map[string][]byte{
		"nil":                  nil,
		"header only":          []byte("II*\x00"),
		"bad byte order mark":  append([]byte("XX*\x00"), good[4:]...),
		"IFD offset past end":  pointTo(1 << 30),
		"IFD offset in header": pointTo(2),
		"IFD offset max":       pointTo(math.MaxUint32),
		"entry count too big":  hugeCount,
	}
	for i := 9; i < len(good); i += 7 {
		tests[fmt.Sprintf("truncated to %d bytes", i)] = good[:i]
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			m := parseEXIF(b)
			if m.orientation < 1 || m.orientation > 8 {
				t.Fatalf("orientation %d", m.orientation)
			}
			if m.location != nil && !m.location.Valid() {
				t.Fatalf("invalid location %v", *m.location)
			}
		})
	}
}

func BenchmarkProcess12Megapixel(b *testing.B) {
	src := jpegOf(b, quadrants(4000, 3000))
	p := New(Limits{})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := p.Process(b.Context(), bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}
