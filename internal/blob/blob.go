// Package blob stores attachments (photos of reports, documents of
// applications) by content. The Store interface lets an S3-compatible store
// replace the local disk later; callers keep only the key.
package blob

import (
	"context"
	"embed"
	"io"
)

// Object describes a stored attachment.
type Object struct {
	// Key is the lowercase hex SHA-256 of the content: equal content has
	// one key and is stored once.
	Key  string
	Size int64
	// ContentType is sniffed from the content, never taken from the client.
	ContentType string
	SHA256      string
}

// PutOptions bound what Put accepts.
type PutOptions struct {
	// MaxSize is the largest accepted content in bytes; DefaultMaxSize when 0.
	MaxSize int64
	// AllowedTypes lists the accepted media types, e.g. "image/jpeg",
	// "image/png", "application/pdf". Empty accepts any type.
	AllowedTypes []string
}

// DefaultMaxSize applies when PutOptions.MaxSize is 0.
const DefaultMaxSize = 10 << 20

// Store keeps attachments.
type Store interface {
	// Put stores the content of r. Content over MaxSize is a TooLarge
	// error, a type not allowed or empty content an Invalid error; nothing
	// is kept then. When Put returns nil the content is durable.
	Put(ctx context.Context, r io.Reader, p PutOptions) (Object, error)
	// Open returns the content of key; the caller closes it. An unknown or
	// malformed key is a NotFound error.
	Open(ctx context.Context, key string) (io.ReadCloser, Object, error)
	// Delete removes key; removing a missing key is not an error. Equal
	// content shares a key, so delete only when no record refers to it.
	Delete(ctx context.Context, key string) error
}

// Messages holds the user-facing messages of blob errors (blob.too_large,
// blob.type_not_allowed …) for the web shell's catalog.
//
//go:embed locales
var Messages embed.FS
