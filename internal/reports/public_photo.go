package reports

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

// publicPhoto serves a released photo of a published report, the full
// picture or with ?size=thumb the small one. The blob key is the content's
// SHA-256, so it makes an exact ETag.
func (m *Module) publicPhoto(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || m.Blobs == nil {
		m.site.Error(w, r, publicNotFound())
		return
	}
	rep, err := m.Service.PublicReport(ctx, r.PathValue("ref"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	var key string
	for _, p := range rep.Photos {
		if p.ID == id && p.Released {
			key = p.Key
			if r.URL.Query().Get("size") == "thumb" && p.ThumbKey != "" {
				key = p.ThumbKey
			}
		}
	}
	if key == "" {
		m.site.Error(w, r, publicNotFound())
		return
	}
	etag := `"` + key + `"`
	h := w.Header()
	// Revalidated soon: staff may hide a photo again.
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", etag)
	if publicETagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	rc, obj, err := m.Blobs.Open(ctx, key)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	defer rc.Close()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	h.Set("Content-Disposition", "inline")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, rc)
	}
}

// publicETagMatch reports whether an If-None-Match header names etag.
func publicETagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
