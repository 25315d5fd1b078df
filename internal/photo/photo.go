// Package photo turns an uploaded picture into safe JPEGs: only JPEG and
// PNG are accepted, recognised by their content; the image is turned
// upright, scaled down and re-encoded, so no metadata of the original
// (EXIF, XMP, GPS, comments) survives. The GPS position, if the photo has
// one, is handed back separately so a form can offer it as the place.
package photo

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// Messages holds locales/de.json and locales/en.json with the message keys
// of this package's errors, for the i18n catalog.
//
//go:embed locales
var Messages embed.FS

// Limits bound what Process accepts and produces. Zero fields take the
// value of DefaultLimits.
type Limits struct {
	// MaxBytes is the largest upload in bytes.
	MaxBytes int64
	// MaxPixels is the largest width × height. It is checked from the
	// header before decoding, so a small file that would unpack into
	// gigabytes (a decompression bomb) is refused cheaply.
	MaxPixels int64
	// MaxSide is the long side of the stored image in pixels.
	MaxSide int
	// ThumbSide is the long side of the thumbnail in pixels.
	ThumbSide int
	// Quality is the JPEG quality, 1–100.
	Quality int
	// Concurrent bounds how many images are decoded at once; a decoded
	// 40-megapixel photo takes some 100 MB while it is processed.
	Concurrent int
}

// DefaultLimits fit phone photos: 16 MiB, 40 megapixels, stored at 2048
// px, thumbnails at 400 px, JPEG quality 85, two at a time.
var DefaultLimits = Limits{
	MaxBytes:   16 << 20,
	MaxPixels:  40_000_000,
	MaxSide:    2048,
	ThumbSide:  400,
	Quality:    85,
	Concurrent: 2,
}

// Processor processes uploads within its limits. It is safe for concurrent
// use.
type Processor struct {
	lim Limits
	sem chan struct{}
}

// New returns a Processor with lim, zero fields filled from DefaultLimits.
func New(lim Limits) *Processor {
	d := DefaultLimits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = d.MaxBytes
	}
	if lim.MaxPixels <= 0 {
		lim.MaxPixels = d.MaxPixels
	}
	if lim.MaxSide <= 0 {
		lim.MaxSide = d.MaxSide
	}
	if lim.ThumbSide <= 0 {
		lim.ThumbSide = d.ThumbSide
	}
	if lim.Quality <= 0 || lim.Quality > 100 {
		lim.Quality = d.Quality
	}
	if lim.Concurrent <= 0 {
		lim.Concurrent = d.Concurrent
	}
	return &Processor{lim: lim, sem: make(chan struct{}, lim.Concurrent)}
}

// Limits returns the processor's limits with defaults filled in.
func (p *Processor) Limits() Limits { return p.lim }

// Result is a processed photo.
type Result struct {
	// JPEG is the upright, scaled, metadata-free image.
	JPEG          []byte
	Width, Height int
	// Thumb is a smaller JPEG of the same picture.
	Thumb                   []byte
	ThumbWidth, ThumbHeight int
	// Location is the GPS position from the photo's EXIF data, nil when
	// there is none. It is only a suggestion: the photo may be old.
	Location *geo.Point
	// Source is the format of the upload: "jpeg" or "png".
	Source string
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// Process reads one uploaded image from r and returns it re-encoded. Errors
// for bad input are *errs.Error: TooLarge with "photo.too_large" (argument:
// the limit in MiB) or "photo.too_many_pixels" (argument: the limit in
// megapixels), Invalid with "photo.empty", "photo.type_not_allowed" or
// "photo.unreadable". The client's content type and file name are never
// consulted: the bytes decide.
func (p *Processor) Process(ctx context.Context, r io.Reader) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, p.lim.MaxBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, p.tooLarge(err)
		}
		return nil, errs.Wrap(errs.BadRequest, "photo.unreadable", fmt.Errorf("photo: read upload: %w", err))
	}
	if int64(len(data)) > p.lim.MaxBytes {
		return nil, p.tooLarge(nil)
	}
	if len(data) == 0 {
		return nil, errs.E(errs.Invalid, "photo.empty")
	}

	var (
		source string
		cfg    image.Config
		md     meta
	)
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		source = "jpeg"
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
		md = parseEXIF(jpegEXIF(data))
	case bytes.HasPrefix(data, pngMagic):
		source = "png"
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
		md = parseEXIF(pngEXIF(data))
	default:
		return nil, errs.E(errs.Invalid, "photo.type_not_allowed")
	}
	if err != nil {
		return nil, unreadable(source, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, unreadable(source, fmt.Errorf("size %d×%d", cfg.Width, cfg.Height))
	}
	// Decoding needs about bytesPerPixel per pixel; 16-bit PNGs count
	// double so they cannot use twice the memory of the limit.
	if px := int64(cfg.Width) * int64(cfg.Height); px > p.lim.MaxPixels || px*bytesPerPixel(cfg.ColorModel) > p.lim.MaxPixels*4 {
		e := errs.E(errs.TooLarge, "photo.too_many_pixels", max(1, p.lim.MaxPixels/1_000_000))
		e.Err = fmt.Errorf("photo: %d×%d pixels", cfg.Width, cfg.Height)
		return nil, e
	}

	select {
	case p.sem <- struct{}{}:
		defer func() { <-p.sem }()
	case <-ctx.Done():
		return nil, fmt.Errorf("photo: waiting to decode: %w", ctx.Err())
	}

	var img image.Image
	if source == "jpeg" {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, unreadable(source, err)
	}

	big := upright(fit(img, p.lim.MaxSide), md.orientation)
	res := &Result{Location: md.location, Source: source}
	res.Width, res.Height = big.Bounds().Dx(), big.Bounds().Dy()
	if res.JPEG, err = encode(big, p.lim.Quality); err != nil {
		return nil, err
	}
	thumb := fit(big, p.lim.ThumbSide)
	res.ThumbWidth, res.ThumbHeight = thumb.Bounds().Dx(), thumb.Bounds().Dy()
	if res.Thumb, err = encode(thumb, p.lim.Quality); err != nil {
		return nil, err
	}
	return res, nil
}

func (p *Processor) tooLarge(cause error) error {
	e := errs.E(errs.TooLarge, "photo.too_large", max(1, p.lim.MaxBytes>>20))
	e.Err = cause
	return e
}

func unreadable(source string, err error) error {
	return errs.Wrap(errs.Invalid, "photo.unreadable", fmt.Errorf("photo: decode %s: %w", source, err))
}

// bytesPerPixel estimates the decoded size of one pixel.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	case color.GrayModel:
		return 1
	case color.YCbCrModel:
		return 3
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}
