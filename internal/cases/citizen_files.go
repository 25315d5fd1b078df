package cases

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// file sends one file of the case: the citizen's own or the decision.
func (p *citizenPages) file(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		p.site.Error(w, r, errs.E(errs.NotFound, "error.not_found"))
		return
	}
	d, rc, err := p.svc.CitizenFile(r.Context(), p.viewer(r), id)
	if err != nil {
		p.site.Error(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	// Always a download: the file came from outside and must not run as a
	// page of this site.
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	io.Copy(w, rc)
}

// receipt sends the PDF receipt of the case.
func (p *citizenPages) receipt(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := p.viewer(r)
	c, files, err := p.svc.CitizenReceipt(ctx, v)
	if err != nil {
		p.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	rc := Receipt{Case: c, Files: files, Town: p.svc.townName(ctx), Lang: lang, Made: p.svc.Now(),
		T: func(key string, args ...any) string { return p.site.Catalog().T(lang, key, args...) }}
	if !v.Guest() {
		rc.PageURL = p.svc.link(CitizenPath(c.Reference))
	}
	var buf bytes.Buffer
	if err := WriteReceipt(&buf, rc); err != nil {
		p.site.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	name := "Eingangsbestaetigung-" + c.Reference + ".pdf"
	if lang == "en" {
		name = "Receipt-" + c.Reference + ".pdf"
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	w.Write(buf.Bytes())
}
