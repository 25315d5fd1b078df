package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/offenes-rathaus/rathaus/internal/db"
)

// staffPhotoOf returns photo photoID of report reportID if actor may handle
// the report. Unlike StaffReport it is not audited: a photo shows no more
// than the page that links it, whose view was.
func staffPhotoOf(ctx context.Context, reportID, photoID int64, actor Actor) (Photo, error) {
	d := db.From(ctx)
	var dept sql.NullInt64
	err := d.QueryRow(ctx, "SELECT department_id FROM reports WHERE id = ?", reportID).Scan(&dept)
	if errors.Is(err, sql.ErrNoRows) {
		return Photo{}, notFound()
	}
	if err != nil {
		return Photo{}, fmt.Errorf("staff photo: %w", err)
	}
	if !actor.canHandle(dept.Int64) {
		return Photo{}, errForbidden
	}
	photos, err := loadPhotos(ctx, d, []int64{reportID}, false)
	if err != nil {
		return Photo{}, err
	}
	for _, p := range photos[reportID] {
		if p.ID == photoID {
			return p, nil
		}
	}
	return Photo{}, notFound()
}

// staffPhoto serves a photo's JPEG (or its thumbnail with ?size=thumb) to
// staff of the report's department, released or not.
func (m *Module) staffPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := staffPathID(r, "id")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	n, err := staffPathID(r, "n")
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	ph, err := staffPhotoOf(r.Context(), id, n, staffActor(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	key := ph.Key
	if r.URL.Query().Get("size") == "thumb" && ph.ThumbKey != "" {
		key = ph.ThumbKey
	}
	if key == "" || m.Blobs == nil {
		// A photo an Open311 client only linked has no bytes here.
		m.site.Error(w, r, notFound())
		return
	}
	body, obj, err := m.Blobs.Open(r.Context(), key)
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	defer body.Close()
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	// Unreleased photos may show faces: no shared cache may keep them.
	h.Set("Cache-Control", "private, max-age=3600")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, body)
	}
}
