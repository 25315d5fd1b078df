package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

//go:embed templates locales
var moduleFS embed.FS

type asset struct {
	body, gz    []byte
	contentType string
	hashed      string
}

// assets are the embedded static files, each served under a name that holds
// its content hash (app.3f9c2a1b.css) so browsers may cache it for a year.
type assets struct {
	byName   map[string]*asset // logical name → asset
	byHashed map[string]*asset // hashed name → asset
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as := &asset{body: body, contentType: ct, hashed: hashed}
		if compressible(ct) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			as.gz = buf.Bytes()
		}
		a.byName[name] = as
		a.byHashed[hashed] = as
		return nil
	})
	return a, err
}

// AssetURL returns the cache-busting URL of a static file.
func (s *Site) AssetURL(name string) (string, error) {
	a, ok := s.assets.byName[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + a.hashed, nil
}

func (s *Site) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	a, ok := s.assets.byHashed[name]
	immutable := ok
	if !ok {
		// Unhashed names work too (for licence files and external links), with
		// a short cache.
		a, ok = s.assets.byName[name]
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	if a.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", fmt.Sprint(len(a.gz)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(a.gz)
		}
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(a.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.body)
	}
}
