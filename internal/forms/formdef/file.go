package formdef

import (
	"mime"
	"path"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

var fileKinds = map[string]string{
	"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF",
	"image/webp": "WebP", "image/heic": "HEIC", "text/plain": "TXT", "image/*": "Bilder/Images",
}

// CheckFile checks an upload for file field fd and returns "" or why it is
// refused, naming the limit ("Die Datei ist zu groß (7,2 MB). Erlaubt sind
// höchstens 5 MB."). Pass the content type sniffed from the bytes
// (http.DetectContentType), not the one the browser sent.
func (fd *Field) CheckFile(name, contentType string, size int64, lang string) string {
	if size <= 0 {
		return msg(lang, "file_empty")
	}
	if limit := int64(fd.maxSizeMB()) << 20; size > limit {
		return msg(lang, "file_size", i18n.Bytes(lang, size), fd.maxSizeMB())
	}
	if !fd.accepts(name, contentType) {
		return msg(lang, "file_type", fd.acceptList())
	}
	return ""
}

func (fd *Field) maxSizeMB() int {
	if fd.MaxSizeMB > 0 {
		return fd.MaxSizeMB
	}
	return defaultFileMB
}

func (fd *Field) acceptRules() []string {
	if len(fd.Accept) > 0 {
		return fd.Accept
	}
	return defaultAccept
}

// accepts: MIME entries are matched against the content type, extension
// entries against the name; where the list has both kinds, both must match.
func (fd *Field) accepts(name, contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = ""
	}
	ext := strings.ToLower(path.Ext(name))
	hasMIME, hasExt, mimeOK, extOK := false, false, false, false
	for _, a := range fd.acceptRules() {
		a = strings.ToLower(a)
		if strings.HasPrefix(a, ".") {
			hasExt = true
			extOK = extOK || ext == a
			continue
		}
		hasMIME = true
		if prefix, ok := strings.CutSuffix(a, "/*"); ok {
			mimeOK = mimeOK || strings.HasPrefix(mt, prefix+"/")
		} else {
			mimeOK = mimeOK || mt == a
		}
	}
	return (!hasMIME || mimeOK) && (!hasExt || extOK)
}

func (fd *Field) acceptList() string {
	var out []string
	for _, a := range fd.acceptRules() {
		k, ok := fileKinds[strings.ToLower(a)]
		if !ok {
			k = strings.ToUpper(strings.TrimPrefix(a, "."))
		}
		out = append(out, k)
	}
	return strings.Join(out, ", ")
}
