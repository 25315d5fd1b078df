package forms

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// zone is the town's time zone: "today" in a date rule is the German date.
var zone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// today is the date rules of dates compare with.
func (s *Service) today() time.Time { return s.now().In(zone) }

// filling is the draft a request works on, with its form version.
type filling struct {
	form  *formdef.Form
	draft Draft
	token string
}

// pageURL is the address of page id of the draft.
func (f filling) pageURL(id string) string {
	return fmt.Sprintf("/forms/%s/d/%s/p/%s", url.PathEscape(f.form.ID), url.PathEscape(f.token), url.PathEscape(id))
}

// url is the address of one of the draft's other pages ("check", "save" …).
func (f filling) url(what string) string {
	return fmt.Sprintf("/forms/%s/d/%s/%s", url.PathEscape(f.form.ID), url.PathEscape(f.token), what)
}

// loadFilling finds the draft of the request's {form} and {draft}. It
// answers unknown, foreign and expired drafts itself and then returns false.
// A sent draft is returned; handlers that change answers send the browser
// to the confirmation instead.
func (m *Module) loadFilling(w http.ResponseWriter, r *http.Request) (filling, bool) {
	ctx := r.Context()
	noReferrer(w)
	formID, token := r.PathValue("form"), r.PathValue("draft")
	d, f, err := m.svc.draftAndForm(ctx, formID, token, web.PrincipalOf(r))
	if err != nil {
		m.fail(w, r, err, formID)
		return filling{}, false
	}
	return filling{form: f, draft: d, token: token}, true
}

// fail answers an error: expired drafts and links with 410 Gone and a way
// to start again, an old address of a draft continued elsewhere with 410
// and where to go on, everything else through the shell.
func (m *Module) fail(w http.ResponseWriter, r *http.Request, err error, formID string) {
	var moved *movedError
	switch {
	case errors.Is(err, errExpired):
		m.site.Render(w, r, http.StatusGone, "forms/expired", expiredPage{FormID: formID}, nil)
	case errors.As(err, &moved):
		m.site.Render(w, r, http.StatusGone, "forms/moved", movedPage{FormID: moved.formID, Owner: moved.owner,
			Resume: moved.resume, Sent: moved.sent}, nil)
	default:
		m.site.Error(w, r, err)
	}
}

type expiredPage struct{ FormID string }

// movedPage tells a tab at an old address of a draft where it went: the
// owner's list of drafts (or cases, once sent), for a guest the mailed
// link or the form's start.
type movedPage struct {
	FormID              string
	Owner, Resume, Sent bool
}

// parseBody reads a posted form, multipart or not. The CSRF check has
// usually parsed it already; then this is a no-op.
func parseBody(r *http.Request) error {
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

// dateText writes a date for people: "31.05.2026", "31 May 2026".
func dateText(t time.Time, lang string) string {
	if lang == "en" {
		return t.In(zone).Format("2 January 2006")
	}
	return t.In(zone).Format("02.01.2006")
}
