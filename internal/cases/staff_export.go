package cases

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// staffInboxCSV sends the inbox's filtered list (all pages) as CSV for
// spreadsheets. It is built in memory first, so a failure (or the audit
// entry failing) sends an error page, never half a file.
func (m *Module) staffInboxCSV(w http.ResponseWriter, r *http.Request) {
	v, f, ferr, err := m.staffInboxSetup(r)
	if err == nil {
		err = ferr
	}
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	if !v.Admin && len(v.Departments) == 0 {
		f.Departments = nil
	}
	var buf bytes.Buffer
	// A BOM lets spreadsheet programs read the UTF-8 umlauts correctly.
	buf.WriteString("\ufeff")
	if _, err := m.Service.ExportCSV(r.Context(), f, staffActor(r), &buf); err != nil {
		m.site.Error(w, r, err)
		return
	}
	name := "vorgaenge-" + m.Service.Now().In(townZone).Format(time.DateOnly) + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// staffExport sends one case as a FIT-Connect-style ZIP.
func (m *Module) staffExport(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := m.Service.ExportZIP(r.Context(), id, staffActor(r), &buf); err != nil {
		m.site.Error(w, r, err)
		return
	}
	c, err := m.Service.StaffCase(r.Context(), id, staffActor(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="vorgang-`+c.Reference+`.zip"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// staffFile sends one file of a case. Files are served as downloads with
// their sniffed type and nosniff, so an uploaded HTML or SVG never runs in
// the town hall's origin.
func (m *Module) staffFile(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	doc, err := staffPathID(r, "doc")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	d, rc, err := m.Service.StaffFile(r.Context(), id, doc, staffActor(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	defer rc.Close()
	serveFile(w, d, rc)
}

// serveFile writes a case file as an attachment.
func serveFile(w http.ResponseWriter, d Document, body io.Reader) {
	h := w.Header()
	ct := d.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", contentDisposition(d.Name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if d.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	}
	io.Copy(w, body)
}

// contentDisposition names a download: an ASCII fallback and the UTF-8
// name (RFC 6266/5987).
func contentDisposition(name string) string {
	ascii := make([]rune, 0, len(name))
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			r = '_'
		}
		ascii = append(ascii, r)
	}
	return `attachment; filename="` + string(ascii) + `"; filename*=UTF-8''` + strings.ReplaceAll(url.QueryEscape(name), "+", "%20")
}
