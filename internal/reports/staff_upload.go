package reports

import (
	"errors"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// staffUpload processes the photo posted as field: re-encoded without
// metadata, JPEG and PNG only. Without a file it is nil, or a field error
// when the photo is required. Refused files are errors on field.
func (m *Module) staffUpload(r *http.Request, field string, required bool) (*photo.Result, error) {
	file, _, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		if !required {
			return nil, nil
		}
		var f errs.Fields
		f.Add(field, "reports.staff.photo.missing")
		return nil, f.Err()
	}
	if err != nil {
		if web.IsMaxBytes(err) {
			return nil, errs.Wrap(errs.TooLarge, "error.too_large", err)
		}
		return nil, errs.Wrap(errs.BadRequest, "error.bad_request", err)
	}
	defer file.Close()
	proc := m.Photos
	if proc == nil {
		proc = photo.New(photo.DefaultLimits)
	}
	p, err := proc.Process(r.Context(), file)
	if err != nil {
		return nil, errs.OnField(field, err)
	}
	return p, nil
}
