package reports

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// publicLinkCookie hands the manage token of a new report to the
// confirmation page once, without putting it into a URL.
const publicLinkCookie = "rathaus_report_link"

// publicNewSend takes the reporting form: photos are stored right away;
// with errors the form comes back (422) with everything kept. When a photo
// carries a GPS position and the report has no point yet, the form comes
// back once (200) with that position suggested, for the citizen to keep or
// drop. Otherwise the report is filed and the browser sent to the
// confirmation.
func (m *Module) publicNewSend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := publicParseForm(r); err != nil {
		m.site.Error(w, r, err)
		return
	}
	cat, ok := m.publicFlowCategory(w, r, r.PostFormValue("category"))
	if !ok {
		return
	}
	form := web.FormFrom(r)
	form.Values.Del(publicPhotoField)
	var f errs.Fields
	photos, err := m.publicPhotos(w, r, &f)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d := publicDetailsPage{Photos: photos}
	if form.Get("place_edit") != "" {
		d.EditPlace = true
		if form.Get("use_point") != "on" {
			form.Values.Del("lat")
			form.Values.Del("lon")
		}
	} else if form.Get("lat") == "" && form.Get("lon") == "" {
		for _, p := range photos {
			if p.Location != nil && m.Service.inArea(ctx, *p.Location) {
				form.Values.Set("lat", strconv.FormatFloat(p.Location.Lat, 'f', 6, 64))
				form.Values.Set("lon", strconv.FormatFloat(p.Location.Lon, 'f', 6, 64))
				form.Values.Set("use_point", "on")
				d.EditPlace, d.PhotoPlace = true, true
				break
			}
		}
	}
	address, loc, placeErrs := m.publicPlace(ctx, form.Values)
	n := NewReport{
		CategoryCode: cat.Code,
		Location:     loc,
		Address:      address,
		Description:  form.Get("description"),
		Answers:      publicAnswers(cat, form),
		Name:         form.Get("name"),
		Email:        form.Get("email"),
		Lang:         web.Lang(r),
		Source:       SourceWeb,
	}
	for _, p := range photos {
		n.Photos = append(n.Photos, p.result)
	}
	f = append(f, placeErrs...)
	publicMergeFields(&f, m.publicCheck(ctx, cat, n))
	if len(f) > 0 {
		form.SetErrors(f.Err())
		m.publicRenderDetails(w, r, http.StatusUnprocessableEntity, cat, form, d)
		return
	}
	if d.PhotoPlace {
		m.publicRenderDetails(w, r, http.StatusOK, cat, form, d)
		return
	}
	rep, token, err := m.Service.Create(ctx, n)
	if err != nil {
		if errs.CodeOf(err) == errs.Invalid {
			form.SetErrors(err)
			m.publicRenderDetails(w, r, http.StatusUnprocessableEntity, cat, form, d)
			return
		}
		m.site.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: publicLinkCookie, Value: token, Path: "/reports/sent/", MaxAge: 600,
		HttpOnly: true, Secure: m.publicSecure(r), SameSite: http.SameSiteLaxMode})
	target := "/reports/sent/" + rep.Ref
	if rep.Reporter.Email != "" {
		target += "?mail=1"
	}
	web.Redirect(w, r, target)
}

// publicCheck runs the Service's checks of a new report without storing
// anything, so the form shows every problem at once, photo problems
// included.
func (m *Module) publicCheck(ctx context.Context, cat Category, n NewReport) errs.Fields {
	n = normalizeNew(n, m.Service.lang(n.Lang))
	f := m.Service.checkNew(ctx, n)
	checkAnswers(&f, cat.Open311Definition(n.Lang), n.Answers)
	return f
}

// publicMergeFields adds the errors of more for fields f has none for yet.
func publicMergeFields(f *errs.Fields, more errs.Fields) {
	have := map[string]bool{}
	for _, fe := range *f {
		have[fe.Field] = true
	}
	for _, fe := range more {
		if !have[fe.Field] {
			*f = append(*f, fe)
		}
	}
}

// publicSecure reports whether cookies must be Secure.
func (m *Module) publicSecure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(m.Config.BaseURL, "https://")
}

// publicSentPage confirms a new report.
type publicSentPage struct {
	Fmt    publicFmt
	Report Report
	// Mailed says a confirmation mail with the private link went out.
	Mailed bool
	// ManageURL is the private link, shown once right after sending.
	ManageURL string
}

func (m *Module) publicSent(w http.ResponseWriter, r *http.Request) {
	rep, err := m.Service.PublicReport(r.Context(), r.PathValue("ref"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d := publicSentPage{Fmt: m.publicFmt(r), Report: rep, Mailed: r.URL.Query().Get("mail") == "1"}
	if c, err := r.Cookie(publicLinkCookie); err == nil && c.Value != "" {
		if managed, _, err := m.Service.ManagedReport(r.Context(), c.Value); err == nil && managed.ID == rep.ID {
			d.ManageURL = m.Config.BaseURL + ManagePath(c.Value)
		}
		http.SetCookie(w, &http.Cookie{Name: publicLinkCookie, Path: "/reports/sent/", MaxAge: -1,
			HttpOnly: true, Secure: m.publicSecure(r), SameSite: http.SameSiteLaxMode})
	}
	// The private link must not travel on to other sites.
	w.Header().Set("Referrer-Policy", "no-referrer")
	m.site.Render(w, r, http.StatusOK, "reports.public/sent", d, nil)
}
