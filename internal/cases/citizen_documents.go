package cases

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// upload takes the file for a document request (multipart, one file).
func (p *citizenPages) upload(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("request"), 10, 64)
	if err != nil {
		p.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	field := uploadFieldName(id)
	form := web.FormFrom(r)
	file, header, err := r.FormFile(field)
	switch {
	case errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart):
		p.formError(w, r, form, onField(field, errs.E(errs.Invalid, "cases.citizen.requests.file_required")))
		return
	case web.IsMaxBytes(err):
		p.formError(w, r, form, p.tooLarge(field))
		return
	case err != nil:
		p.site.Error(w, r, errs.Wrap(errs.BadRequest, "error.bad_request", err))
		return
	}
	defer file.Close()
	c, err := p.svc.CitizenUpload(r.Context(), p.viewer(r), id, Upload{Name: header.Filename, Body: file}, p.maxUpload, field)
	if err != nil {
		p.formError(w, r, form, err)
		return
	}
	p.redirect(w, r, c, "cases.citizen.requests.sent")
}

// tooLarge is the error of a file over the limit, naming the limit.
func (p *citizenPages) tooLarge(field string) error {
	key, n := "blob.too_large", p.maxUpload>>20
	if p.maxUpload < 1<<20 {
		key, n = "blob.too_large_kb", p.maxUpload>>10
	}
	return onField(field, errs.E(errs.TooLarge, key, n))
}

// uploadRefused answers the shell's refusals of an upload post. A body
// over the route's limit is refused before the handler runs (while the
// CSRF token is read); the citizen then sees their case page with the
// limit named next to the file control, not a bare error page.
func (p *citizenPages) uploadRefused(w http.ResponseWriter, r *http.Request, err error) {
	if errs.CodeOf(err) != errs.TooLarge {
		p.site.Error(w, r, err)
		return
	}
	id, perr := strconv.ParseInt(r.PathValue("request"), 10, 64)
	if perr != nil {
		p.site.Error(w, r, err)
		return
	}
	p.formError(w, r, web.NewForm(nil), p.tooLarge(uploadFieldName(id)))
}
