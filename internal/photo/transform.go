package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"

	"github.com/disintegration/imaging"
)

// fit scales img down so its long side is at most side, keeping the aspect
// ratio; smaller images are only copied. Scaling before turning upright
// moves fewer pixels, and a turn does not change the long side.
func fit(img image.Image, side int) *image.NRGBA {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w <= side && h <= side {
		return imaging.Clone(img)
	}
	if w >= h {
		return imaging.Resize(img, side, max(1, int(int64(h)*int64(side)/int64(w))), imaging.CatmullRom)
	}
	return imaging.Resize(img, max(1, int(int64(w)*int64(side)/int64(h))), side, imaging.CatmullRom)
}

// upright applies the EXIF orientation (TIFF 6.0, tag 274) so the picture
// shows as the camera's user saw it; the tag itself is not kept. imaging
// names its rotations counter-clockwise: Rotate270 turns 90° clockwise.
func upright(img *image.NRGBA, orientation int) *image.NRGBA {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// encode writes img as a baseline JPEG. Transparent parts are laid on
// white, as JPEG has no alpha. image/jpeg writes no APP or COM segments,
// so the output carries no metadata at all.
func encode(img *image.NRGBA, quality int) ([]byte, error) {
	flat := image.NewRGBA(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, flat, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	return buf.Bytes(), nil
}
