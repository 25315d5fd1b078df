package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// FuzzProcess feeds arbitrary bytes to Process: it must never panic,
// every refusal must be a user-facing *errs.Error, and every success must
// be a small, metadata-free JPEG. Run with
//
//	go test ./internal/photo -run '^$' -fuzz FuzzProcess -fuzztime 60s
func FuzzProcess(f *testing.F) {
	small := jpegOf(f, quadrants(24, 16))
	f.Add(small)
	f.Add(pngOf(f, quadrants(24, 16)))
	f.Add(withEXIF(small, tiffBlock(binary.LittleEndian, 6, &berlin)))
	f.Add(withEXIF(small, tiffBlock(binary.BigEndian, 3, &berlin)))
	f.Add(withPNGChunk(pngOf(f, quadrants(8, 8)), "eXIf", tiffBlock(binary.BigEndian, 8, &berlin)))
	f.Add(pngHeaderOnly(60000, 60000, false))
	f.Add(withJPEGSize(f, small, 30000, 1))
	f.Add([]byte("GIF89a"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Add([]byte{})

	// Small limits keep each run fast; the checks do not depend on them.
	p := New(Limits{MaxBytes: 1 << 20, MaxPixels: 250_000, MaxSide: 64, ThumbSide: 16})
	known := map[string]bool{
		"photo.empty": true, "photo.type_not_allowed": true, "photo.too_large": true,
		"photo.too_many_pixels": true, "photo.unreadable": true,
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := p.Process(t.Context(), bytes.NewReader(data))
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || !known[e.Key] {
				t.Fatalf("error is not a known photo error: %v", err)
			}
			return
		}
		if res.Width > 64 || res.Height > 64 || res.ThumbWidth > 16 || res.ThumbHeight > 16 ||
			res.Width < 1 || res.Height < 1 || res.ThumbWidth < 1 || res.ThumbHeight < 1 {
			t.Fatalf("sizes %d×%d, thumb %d×%d outside the limits", res.Width, res.Height, res.ThumbWidth, res.ThumbHeight)
		}
		if res.Location != nil && !res.Location.Valid() {
			t.Fatalf("invalid location %v", *res.Location)
		}
		assertNoMetadata(t, res.JPEG)
		assertNoMetadata(t, res.Thumb)
		decode(t, res.JPEG)
	})
}

// FuzzParseEXIF checks the hand-written TIFF reader on its own, where the
// fuzzer reaches its corners much faster than through whole images.
func FuzzParseEXIF(f *testing.F) {
	f.Add(tiffBlock(binary.LittleEndian, 6, &berlin))
	f.Add(tiffBlock(binary.BigEndian, 2, &berlin))
	f.Add(tiffBlock(binary.LittleEndian, 1, nil))
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := parseEXIF(data)
		if m.orientation < 1 || m.orientation > 8 {
			t.Fatalf("orientation %d", m.orientation)
		}
		if m.location != nil && !m.location.Valid() {
			t.Fatalf("invalid location %v", *m.location)
		}
		// The segment walkers must not panic on the same bytes either.
		jpegEXIF(data)
		pngEXIF(data)
		jpegEXIF(append([]byte{0xFF, 0xD8}, data...))
		pngEXIF(append(append([]byte{}, pngMagic...), data...))
	})
}
