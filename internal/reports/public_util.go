package reports

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/config"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/geo"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicFmt formats values for the citizens' templates in the page's
// language (dates and times in the short forms). It carries no personal
// data, so every public page can use it.
type publicFmt struct {
	web.Dates
	Now time.Time
}

func (m *Module) publicFmt(r *http.Request) publicFmt {
	return publicFmt{Dates: web.Dates{Lang: web.Lang(r)}, Now: m.Service.now()}
}

// Text picks the page's language of a town-written text.
func (f publicFmt) Text(t Text) string { return t.In(f.Lang) }

// Coord writes a coordinate to a metre or so.
func (f publicFmt) Coord(v float64) string { return strconv.FormatFloat(v, 'f', 5, 64) }

// Metres writes a distance rounded to whole metres.
func (f publicFmt) Metres(v float64) int { return int(v + 0.5) }

// MapLink is a link to the place on OpenStreetMap, which works without our
// map and without JavaScript.
func (f publicFmt) MapLink(p *geo.Point) string {
	if p == nil {
		return ""
	}
	lat, lon := strconv.FormatFloat(p.Lat, 'f', 6, 64), strconv.FormatFloat(p.Lon, 'f', 6, 64)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon
}

// FeedbackKey is the catalog key of a reporter's feedback ("fixed" or
// "not fixed"), "" for other events.
func (f publicFmt) FeedbackKey(e Event) string {
	switch {
	case e.Fixed == nil:
		return ""
	case *e.Fixed:
		return "reports.feedback.fixed"
	}
	return "reports.feedback.not_fixed"
}

// PhotoURL is the address of a released photo, thumb for the small one.
func (f publicFmt) PhotoURL(ref string, p Photo, thumb bool) string {
	return PhotoPath(ref, p.ID, thumb)
}

// Query builds a query string from key/value pairs, leaving out empty
// values, for links that keep the flow's or the list's state.
func (f publicFmt) Query(kv ...string) template.URL {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return template.URL("?" + q.Encode())
}

// PhotoPath is the public address of a released photo of the report ref;
// thumb asks for the small version. The Open311 media_url points here.
func PhotoPath(ref string, photoID int64, thumb bool) string {
	p := "/reports/photos/" + url.PathEscape(ref) + "/" + strconv.FormatInt(photoID, 10)
	if thumb {
		p += "?size=thumb"
	}
	return p
}

// publicUploadLimit bounds the body of the reporting form: MaxPhotos photos
// of the configured size plus a margin for the text fields.
func (m *Module) publicUploadLimit() int64 {
	return MaxPhotos*m.publicMaxPhotoBytes() + 1<<20
}

// publicMaxPhotoBytes is the largest photo upload: the configured upload
// limit, or the photo processor's own when none is set.
func (m *Module) publicMaxPhotoBytes() int64 {
	if m.Config.MaxUploadBytes > 0 {
		return m.Config.MaxUploadBytes
	}
	if m.Photos != nil {
		return m.Photos.Limits().MaxBytes
	}
	return config.Defaults().MaxUploadBytes
}

// publicLog is the module's logger, or the default one.
func (m *Module) publicLog() *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	return slog.Default()
}

// publicNotFound is the error of a page that does not exist.
func publicNotFound() error { return errs.E(errs.NotFound, "error.not_found") }

// publicFormStatus maps an error from the Service to the status of the
// page that shows it next to the form: 422 for input, 409 for a state that
// does not allow the action. Other errors get the error page.
func publicFormStatus(err error) (int, bool) {
	switch errs.CodeOf(err) {
	case errs.Invalid:
		return http.StatusUnprocessableEntity, true
	case errs.Conflict:
		return http.StatusConflict, true
	}
	return 0, false
}

// publicRenameField moves the errors of field from to field to, so an error
// the Service reports on "email" shows next to the form's own e-mail field.
func publicRenameField(err error, from, to string) error {
	e := errs.As(err)
	if len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = nil
	for _, fe := range e.Fields {
		if fe.Field == from {
			fe.Field = to
		}
		out.Fields = append(out.Fields, fe)
	}
	return &out
}
