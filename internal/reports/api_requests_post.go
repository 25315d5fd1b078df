package reports

import (
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/open311"
	"github.com/offenes-rathaus/rathaus/internal/photo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// apiMediaField is the multipart field of uploaded photos (the Media
// Handling extension as Bloomington and Mark-a-Spot take it).
const apiMediaField = "media"

// apiPostRequest answers POST requests: a new report from an Open311
// client. The order of checks is the spec's: the key first (403), then the
// parameters (400), then the service_code (404), then the report itself.
func (m *Module) apiPostRequest(w http.ResponseWriter, r *http.Request) {
	f := apiFormat(r)
	form, files, err := parseAPIForm(r)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	sub, perr := open311.ParseSubmission(form, apiLimits)
	client, err := m.Service.APIClientByKey(r.Context(), sub.APIKey)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	if perr != nil {
		m.apiFail(w, r, f, perr, "", "")
		return
	}
	if len(files)+len(sub.MediaURLs) > MaxPhotos {
		m.apiErrors(w, r, f, open311.Errors{{Code: http.StatusBadRequest,
			Description: "media: " + m.site.T(r, "reports.photos.too_many", MaxPhotos)}})
		return
	}
	photos, err := m.apiPhotos(r, files)
	if err != nil {
		m.apiFail(w, r, f, err, "", "")
		return
	}
	n := NewReport{
		CategoryCode: sub.ServiceCode,
		Address:      sub.AddressString,
		Description:  sub.Description,
		Answers:      sub.Attributes,
		Photos:       photos,
		MediaURLs:    sub.MediaURLs,
		Name:         strings.TrimSpace(sub.FirstName + " " + sub.LastName),
		Email:        sub.Email,
		Lang:         web.Lang(r),
		Source:       SourceAPI,
		APIClientID:  client.ID,
	}
	if n.Address == "" {
		// We keep no address register: an address_id is kept as the
		// client's description of the place.
		n.Address = sub.AddressID
	}
	if sub.Lat != nil && sub.Long != nil {
		n.Location = &geo.Point{Lat: *sub.Lat, Lon: *sub.Long}
	}
	rep, _, err := m.Service.Create(r.Context(), n)
	if err != nil {
		if fieldKey(err, FieldCategory) == "reports.category.unknown" {
			m.apiErrors(w, r, f, open311.NotFound("service_code", sub.ServiceCode))
			return
		}
		m.apiFail(w, r, f, err, "", "")
		return
	}
	m.apiCache().clear()
	notice := m.site.T(r, "reports.api.notice", rep.Ref)
	if rep.DepartmentName != "" {
		notice = m.site.T(r, "reports.api.notice.department", rep.Ref, rep.DepartmentName)
	}
	w.Header().Set("Location", m.Config.BaseURL+APIPrefix+"/requests/"+url.PathEscape(rep.Ref)+"."+string(f))
	m.apiWrite(w, http.StatusCreated, f, open311.Receipts{{ServiceRequestID: rep.Ref, ServiceNotice: notice}})
}

// fieldKey returns the message key of field's error in err, "" if none.
func fieldKey(err error, field string) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return ""
	}
	for _, fe := range e.Fields {
		if fe.Field == field {
			return fe.Key
		}
	}
	return ""
}

// parseAPIForm reads the parameters of a POST, url-encoded (the spec) or
// multipart (with photos), together with those of the query string, where
// some clients put api_key.
func parseAPIForm(r *http.Request) (url.Values, []*multipart.FileHeader, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		// Photos above 1 MiB go to temporary files, removed by net/http.
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if web.IsMaxBytes(err) {
			return nil, nil, errs.Wrap(errs.TooLarge, "reports.api.too_large", err)
		}
		return nil, nil, errs.Wrap(errs.BadRequest, "reports.api.form", err)
	}
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		files = slices.Concat(r.MultipartForm.File[apiMediaField], r.MultipartForm.File[apiMediaField+"[]"])
	}
	return r.Form, files, nil
}

// apiPhotos re-encodes the uploaded photos; any that is no JPEG or PNG or
// too large refuses the whole request, as on the citizens' form.
func (m *Module) apiPhotos(r *http.Request, files []*multipart.FileHeader) ([]*photo.Result, error) {
	var out []*photo.Result
	for _, fh := range files {
		file, err := fh.Open()
		if err != nil {
			return nil, errs.Wrap(errs.BadRequest, "reports.api.form", err)
		}
		res, err := m.Photos.Process(r.Context(), file)
		file.Close()
		if err != nil {
			if e := errs.As(err); e.Code == errs.Invalid {
				// A field error, so the client learns which parameter.
				var f errs.Fields
				f.Add(FieldPhotos, e.Key, e.Args...)
				return nil, f.Err()
			}
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}
