package blob

import (
	"errors"
	"strings"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// ErrInvalidKey is the cause of the NotFound error for a key that is not a
// SHA-256 in hex, such as a path that tries to leave the store.
var ErrInvalidKey = errors.New("blob: invalid key")

// tooLarge names the limit in MB, or in KB for limits under a megabyte. The
// number is rounded down so the promise "at most N" holds.
func tooLarge(max int64) error {
	if max >= 1<<20 {
		return errs.E(errs.TooLarge, "blob.too_large", max>>20)
	}
	return errs.E(errs.TooLarge, "blob.too_large_kb", max>>10)
}

func typeNotAllowed(allowed []string) error {
	names := make([]string, len(allowed))
	for i, t := range allowed {
		names[i] = typeName(t)
	}
	return errs.E(errs.Invalid, "blob.type_not_allowed", strings.Join(names, ", "))
}

// typeName is how people know a media type: by its file extension.
func typeName(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	case "image/gif":
		return "GIF"
	case "image/webp":
		return "WebP"
	case "application/pdf":
		return "PDF"
	case "text/plain":
		return "TXT"
	}
	return mediaType
}
