package reports

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// A photo is processed and put into the blob store as soon as it is
// uploaded, even when the rest of the form has errors: browsers cannot
// refill a file field, so the page shown again carries the photo as a
// signed reference (publicPhotoField) instead of asking for it again.

// publicPhotoField is the form field of photos already uploaded.
const publicPhotoField = "photo_keep"

// maxStoredPhoto bounds a processed photo read back from the blob store;
// the processor's JPEGs of at most 2048 px stay far below it.
const maxStoredPhoto = 16 << 20

// publicPhoto is a photo of the report being written.
type publicPhoto struct {
	// Token references the stored photo and its thumbnail, signed for this
	// browser.
	Token         string
	Width, Height int
	// Location is the GPS position of a photo uploaded with this request.
	Location *geo.Point
	result   *photo.Result
}

// publicPhotos collects the photos of the reporting form: those carried
// from an earlier try, then new uploads, at most MaxPhotos. Problems with
// a photo are field errors on FieldPhotos; other errors are returned.
func (m *Module) publicPhotos(w http.ResponseWriter, r *http.Request, f *errs.Fields) ([]publicPhoto, error) {
	ctx := r.Context()
	secret := m.site.CSRFToken(w, r)
	var out []publicPhoto
	seen := map[string]bool{}
	for _, tok := range r.PostForm[publicPhotoField] {
		if seen[tok] {
			continue
		}
		seen[tok] = true
		if len(out) == MaxPhotos {
			f.Add(FieldPhotos, "reports.photos.too_many", MaxPhotos)
			break
		}
		p, err := m.publicLoadPhoto(ctx, secret, tok)
		if err != nil {
			if errs.CodeOf(err) == errs.Internal {
				return nil, err
			}
			if !f.Has(FieldPhotos) {
				f.Add(FieldPhotos, "reports.photos.invalid")
			}
			continue
		}
		out = append(out, p)
	}
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["photos"] {
			// An empty file field still sends a part without a name.
			if fh.Filename == "" && fh.Size == 0 {
				continue
			}
			files = append(files, fh)
		}
	}
	if len(out)+len(files) > MaxPhotos {
		if !slices.ContainsFunc(*f, func(fe errs.FieldError) bool { return fe.Key == "reports.photos.too_many" }) {
			f.Add(FieldPhotos, "reports.photos.too_many", MaxPhotos)
		}
		files = files[:max(0, MaxPhotos-len(out))]
	}
	limit := m.publicMaxPhotoBytes()
	for _, fh := range files {
		if fh.Size > limit {
			f.Add(FieldPhotos, "photo.too_large", max(1, limit>>20))
			continue
		}
		p, err := m.publicUpload(ctx, secret, fh)
		if err != nil {
			code := errs.CodeOf(err)
			if code == errs.Internal {
				return nil, err
			}
			e := errs.As(err)
			f.Add(FieldPhotos, e.Key, e.Args...)
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// publicUpload processes one upload and stores it at once.
func (m *Module) publicUpload(ctx context.Context, secret string, fh *multipart.FileHeader) (publicPhoto, error) {
	if m.Photos == nil || m.Blobs == nil {
		return publicPhoto{}, errors.New("reports: photos need a processor and a blob store")
	}
	file, err := fh.Open()
	if err != nil {
		return publicPhoto{}, errs.Wrap(errs.Invalid, "photo.unreadable", err)
	}
	defer file.Close()
	res, err := m.Photos.Process(ctx, file)
	if err != nil {
		if errs.CodeOf(err) == errs.BadRequest {
			return publicPhoto{}, errs.Wrap(errs.Invalid, "photo.unreadable", err)
		}
		return publicPhoto{}, err
	}
	// Stored as a draft's photo: the sweep removes it if no report takes
	// it within OrphanAge.
	stored, err := m.Service.storePhotos(ctx, []*photo.Result{res})
	if err != nil {
		return publicPhoto{}, fmt.Errorf("store uploaded photo: %w", err)
	}
	ph := stored[0]
	return publicPhoto{Token: publicSignPhoto(secret, ph.Key, ph.ThumbKey), Width: res.Width, Height: res.Height,
		Location: res.Location, result: res}, nil
}

// publicLoadPhoto reads a carried photo back from the blob store. A token
// that is not signed for this browser is refused: nobody can attach a
// stored file they did not upload themselves.
func (m *Module) publicLoadPhoto(ctx context.Context, secret, token string) (publicPhoto, error) {
	imgKey, thumbKey, ok := publicVerifyPhoto(secret, token)
	if !ok || m.Blobs == nil {
		return publicPhoto{}, errs.E(errs.Invalid, "reports.photos.invalid")
	}
	img, err := m.publicReadBlob(ctx, imgKey)
	if err != nil {
		return publicPhoto{}, err
	}
	thumb, err := m.publicReadBlob(ctx, thumbKey)
	if err != nil {
		return publicPhoto{}, err
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return publicPhoto{}, errs.Wrap(errs.Invalid, "reports.photos.invalid", err)
	}
	res := &photo.Result{JPEG: img, Thumb: thumb, Width: cfg.Width, Height: cfg.Height, Source: "jpeg"}
	return publicPhoto{Token: token, Width: cfg.Width, Height: cfg.Height, result: res}, nil
}

func (m *Module) publicReadBlob(ctx context.Context, key string) ([]byte, error) {
	rc, obj, err := m.Blobs.Open(ctx, key)
	if err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return nil, errs.Wrap(errs.Invalid, "reports.photos.invalid", err)
		}
		return nil, fmt.Errorf("read uploaded photo: %w", err)
	}
	defer rc.Close()
	if obj.ContentType != "image/jpeg" {
		return nil, errs.E(errs.Invalid, "reports.photos.invalid")
	}
	b, err := io.ReadAll(io.LimitReader(rc, maxStoredPhoto+1))
	if err != nil {
		return nil, fmt.Errorf("read uploaded photo: %w", err)
	}
	if len(b) > maxStoredPhoto {
		return nil, errs.E(errs.Invalid, "reports.photos.invalid")
	}
	return b, nil
}

// publicSignPhoto makes the token "IMAGE.THUMB.MAC" with an HMAC keyed by
// the browser's CSRF secret, which only this browser and the server know.
func publicSignPhoto(secret, imgKey, thumbKey string) string {
	return imgKey + "." + thumbKey + "." + publicPhotoMAC(secret, imgKey, thumbKey)
}

func publicVerifyPhoto(secret, token string) (imgKey, thumbKey string, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || secret == "" || !blob.ValidKey(parts[0]) || !blob.ValidKey(parts[1]) {
		return "", "", false
	}
	want := publicPhotoMAC(secret, parts[0], parts[1])
	if !hmac.Equal([]byte(parts[2]), []byte(want)) {
		return "", "", false
	}
	return parts[0], parts[1], true
}

func publicPhotoMAC(secret, imgKey, thumbKey string) string {
	mac := hmac.New(sha256.New, []byte("reports.photo\x00"+secret))
	mac.Write([]byte(imgKey + "\x00" + thumbKey))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// publicParseForm reads the reporting form, multipart or not. The CSRF
// check has usually parsed it already; then this is a no-op.
func publicParseForm(r *http.Request) error {
	err := r.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	if err != nil {
		if web.IsMaxBytes(err) {
			return errs.Wrap(errs.TooLarge, "error.too_large", err)
		}
		return errs.Wrap(errs.BadRequest, "error.bad_request", err)
	}
	return nil
}
