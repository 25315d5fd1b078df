package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Disk stores attachments as files under one directory (DATA_DIR/blobs),
// sharded by the first bytes of the key (ab/cd/abcd…) so no directory grows
// huge.
type Disk struct {
	dir string
}

var _ Store = (*Disk)(nil)

// tempPrefix marks uploads in progress; keys are hex, so they never clash.
const tempPrefix = ".upload-"

// staleTemp is the age after which an upload file left by a crash is
// removed at start-up.
const staleTemp = time.Hour

// NewDisk returns a store in dir, creating it if needed.
func NewDisk(dir string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create blob directory %s: %w", dir, err)
	}
	d := &Disk{dir: dir}
	d.removeStaleTemps(time.Now())
	return d, nil
}

// Put streams r to a temporary file in the store's directory while hashing
// and counting it, then renames it to its key. Renaming within one file
// system is atomic, so a key's file is always complete.
func (d *Disk) Put(ctx context.Context, r io.Reader, p PutOptions) (Object, error) {
	max := p.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	r = ctxReader{ctx, r}
	// The type is decided by the first 512 bytes, as http.DetectContentType
	// reads no more; checking it first means a refused type writes nothing.
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return Object{}, readError(err, max)
	}
	head = head[:n]
	if n == 0 {
		return Object{}, errs.E(errs.Invalid, "blob.empty")
	}
	if int64(n) > max {
		return Object{}, tooLarge(max)
	}
	ctype := mediaType(http.DetectContentType(head))
	if !allowed(ctype, p.AllowedTypes) {
		return Object{}, typeNotAllowed(p.AllowedTypes)
	}

	tmp, err := os.CreateTemp(d.dir, tempPrefix+"*")
	if err != nil {
		return Object{}, fmt.Errorf("create upload file: %w", err)
	}
	closed, renamed := false, false
	defer func() {
		if !closed {
			tmp.Close()
		}
		if !renamed {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(io.MultiReader(bytes.NewReader(head), r), max+1))
	if err != nil {
		return Object{}, readError(err, max)
	}
	if size > max {
		return Object{}, tooLarge(max)
	}
	// The content must be on disk before the name points to it, or a crash
	// could leave a complete-looking key with missing data.
	if err := tmp.Sync(); err != nil {
		return Object{}, fmt.Errorf("sync upload: %w", err)
	}
	closed = true
	if err := tmp.Close(); err != nil {
		return Object{}, fmt.Errorf("close upload: %w", err)
	}
	key := hex.EncodeToString(h.Sum(nil))
	obj := Object{Key: key, Size: size, ContentType: ctype, SHA256: key}
	final := d.path(key)
	if st, err := os.Stat(final); err == nil && st.Size() == size {
		return obj, nil // already stored: the deferred cleanup drops the copy
	}
	shard := filepath.Dir(final)
	if err := os.MkdirAll(shard, 0o750); err != nil {
		return Object{}, fmt.Errorf("create blob shard: %w", err)
	}
	// Two Puts of the same content may race here; both files are identical,
	// so whichever rename wins, the key's content is right.
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Object{}, fmt.Errorf("store blob: %w", err)
	}
	renamed = true
	// The new name (and any new shard directory) survives a crash only once
	// the directories holding them are synced.
	for _, dir := range []string{shard, filepath.Dir(shard), d.dir} {
		if err := syncDir(dir); err != nil {
			return Object{}, err
		}
	}
	return obj, nil
}

// Open returns the file of key, which is also an io.ReadSeeker (for
// http.ServeContent).
func (d *Disk) Open(ctx context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, Object{}, err
	}
	if !ValidKey(key) {
		return nil, Object{}, errs.Wrap(errs.NotFound, "error.not_found", ErrInvalidKey)
	}
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Object{}, errs.Wrap(errs.NotFound, "error.not_found", err)
	}
	if err != nil {
		return nil, Object{}, fmt.Errorf("open blob %s: %w", key, err)
	}
	obj, err := describe(f, key)
	if err != nil {
		f.Close()
		return nil, Object{}, err
	}
	return f, obj, nil
}

// describe reads size and type of an open blob and rewinds it. The type is
// sniffed again rather than stored: the content decides it either way.
func describe(f *os.File, key string) (Object, error) {
	st, err := f.Stat()
	if err != nil {
		return Object{}, fmt.Errorf("stat blob %s: %w", key, err)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return Object{}, fmt.Errorf("read blob %s: %w", key, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Object{}, fmt.Errorf("rewind blob %s: %w", key, err)
	}
	return Object{Key: key, Size: st.Size(), ContentType: mediaType(http.DetectContentType(head[:n])), SHA256: key}, nil
}

// Delete removes the file of key.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !ValidKey(key) {
		return errs.Wrap(errs.NotFound, "error.not_found", ErrInvalidKey)
	}
	p := d.path(key)
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	return syncDir(filepath.Dir(p))
}

// ValidKey reports whether key is a SHA-256 in lowercase hex. Nothing else
// reaches the file system, so no key can name a path outside the store.
func ValidKey(key string) bool {
	if len(key) != sha256.Size*2 {
		return false
	}
	for _, c := range key {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (d *Disk) path(key string) string {
	return filepath.Join(d.dir, key[0:2], key[2:4], key)
}

func (d *Disk) removeStaleTemps(now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(d.dir, tempPrefix+"*"))
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && now.Sub(st.ModTime()) > staleTemp {
			os.Remove(m)
		}
	}
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// readError turns a request body over the web layer's limit into the same
// TooLarge error as content over MaxSize.
func readError(err error, max int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(min(max, mbe.Limit))
	}
	return fmt.Errorf("read upload: %w", err)
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "application/octet-stream"
	}
	return mt
}

func allowed(ctype string, types []string) bool {
	if len(types) == 0 {
		return true
	}
	for _, t := range types {
		if strings.EqualFold(strings.TrimSpace(t), ctype) {
			return true
		}
	}
	return false
}

// ctxReader stops a long upload when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
