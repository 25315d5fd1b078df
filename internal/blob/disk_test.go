package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/errs"
)

// Minimal files with the magic bytes http.DetectContentType looks for.
var (
	pdf  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	png  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	jpeg = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 64)...)

	images = blob.PutOptions{MaxSize: 1 << 20, AllowedTypes: []string{"image/jpeg", "image/png"}}
	pdfs   = blob.PutOptions{MaxSize: 1 << 20, AllowedTypes: []string{"application/pdf"}}
)

func newDisk(t *testing.T) (*blob.Disk, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blobs")
	d, err := blob.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d, dir
}

// files lists every file below dir, temporary ones included.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestPutAndOpenRoundTrip(t *testing.T) {
	d, dir := newDisk(t)
	ctx := t.Context()
	tests := []struct {
		name    string
		content []byte
		opts    blob.PutOptions
		ctype   string
	}{
		{"pdf", pdf, pdfs, "application/pdf"},
		{"png", png, images, "image/png"},
		{"jpeg", jpeg, images, "image/jpeg"},
		{"any type when none listed", []byte("Hallo Rathaus"), blob.PutOptions{}, "text/plain"},
		{"larger than the sniffed head", bytes.Repeat(jpeg, 100), images, "image/jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := d.Put(ctx, bytes.NewReader(tt.content), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := blob.Object{Key: sum(tt.content), Size: int64(len(tt.content)), ContentType: tt.ctype, SHA256: sum(tt.content)}
			if obj != want {
				t.Errorf("Put = %+v, want %+v", obj, want)
			}
			shard := filepath.Join(dir, want.Key[:2], want.Key[2:4], want.Key)
			if _, err := os.Stat(shard); err != nil {
				t.Errorf("not stored at %s: %v", shard, err)
			}
			rc, got, err := d.Open(ctx, obj.Key)
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, tt.content) || got != want {
				t.Errorf("Open = %+v with %d bytes, want %+v", got, len(body), want)
			}
			if _, ok := rc.(io.ReadSeeker); !ok {
				t.Error("opened blob cannot seek, so http.ServeContent cannot serve ranges")
			}
		})
	}
}

func TestPutRefusesTooLarge(t *testing.T) {
	tests := []struct {
		name    string
		max     int64
		size    int
		key     string
		limitIn int64
	}{
		{"over a limit in MB", 1 << 20, 1<<20 + 1, "blob.too_large", 1},
		{"far over the limit", 2 << 20, 5 << 20, "blob.too_large", 2},
		{"over a limit under a MB", 100 << 10, 100<<10 + 1, "blob.too_large_kb", 100},
		{"over a limit smaller than the sniffed head", 100, 200, "blob.too_large_kb", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, dir := newDisk(t)
			content := append(append([]byte{}, pdf...), make([]byte, tt.size-len(pdf))...)
			_, err := d.Put(t.Context(), bytes.NewReader(content), blob.PutOptions{MaxSize: tt.max, AllowedTypes: []string{"application/pdf"}})
			e := errs.As(err)
			if e.Code != errs.TooLarge || e.Key != tt.key || len(e.Args) != 1 || e.Args[0] != tt.limitIn {
				t.Fatalf("err = %#v, want %s naming %d", err, tt.key, tt.limitIn)
			}
			if f := files(t, dir); len(f) != 0 {
				t.Errorf("refused upload left files: %v", f)
			}
		})
	}
	t.Run("exactly the limit is accepted", func(t *testing.T) {
		d, _ := newDisk(t)
		content := append(append([]byte{}, pdf...), make([]byte, 1<<20-len(pdf))...)
		if _, err := d.Put(t.Context(), bytes.NewReader(content), pdfs); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("body over the request limit", func(t *testing.T) {
		d, dir := newDisk(t)
		body := http.MaxBytesReader(nil, io.NopCloser(bytes.NewReader(bytes.Repeat(pdf, 1000))), 2<<10)
		_, err := d.Put(t.Context(), body, pdfs)
		if e := errs.As(err); e.Code != errs.TooLarge || e.Key != "blob.too_large_kb" || e.Args[0] != int64(2) {
			t.Fatalf("err = %#v, want TooLarge naming the request limit of 2 KB", err)
		}
		if f := files(t, dir); len(f) != 0 {
			t.Errorf("refused upload left files: %v", f)
		}
	})
}

func TestPutSniffsType(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		opts    blob.PutOptions
	}{
		{"PNG sent as a PDF", png, pdfs},
		{"PDF where images are asked for", pdf, images},
		{"HTML where images are asked for", []byte("<!DOCTYPE html><script>alert(1)</script>"), images},
		{"text where PDFs are asked for", []byte("%PD not quite"), pdfs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, dir := newDisk(t)
			_, err := d.Put(t.Context(), bytes.NewReader(tt.content), tt.opts)
			if e := errs.As(err); e.Code != errs.Invalid || e.Key != "blob.type_not_allowed" {
				t.Fatalf("err = %v, want Invalid blob.type_not_allowed", err)
			}
			if f := files(t, dir); len(f) != 0 {
				t.Errorf("refused upload left files: %v", f)
			}
		})
	}
	t.Run("message names the allowed types", func(t *testing.T) {
		d, _ := newDisk(t)
		_, err := d.Put(t.Context(), bytes.NewReader(pdf), images)
		if e := errs.As(err); len(e.Args) != 1 || e.Args[0] != "JPEG, PNG" {
			t.Errorf("args = %v, want JPEG, PNG", e.Args)
		}
	})
	t.Run("empty content", func(t *testing.T) {
		d, _ := newDisk(t)
		_, err := d.Put(t.Context(), strings.NewReader(""), blob.PutOptions{})
		if e := errs.As(err); e.Code != errs.Invalid || e.Key != "blob.empty" {
			t.Errorf("err = %v, want Invalid blob.empty", err)
		}
	})
}

func TestPutStoresSameContentOnce(t *testing.T) {
	d, dir := newDisk(t)
	a, err := d.Put(t.Context(), bytes.NewReader(pdf), pdfs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Put(t.Context(), bytes.NewReader(pdf), pdfs)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("same content, different objects: %+v and %+v", a, b)
	}
	if f := files(t, dir); len(f) != 1 {
		t.Errorf("files %v, want one", f)
	}
}

func TestConcurrentPutsOfSameContent(t *testing.T) {
	d, dir := newDisk(t)
	content := bytes.Repeat(jpeg, 2000)
	const n = 16
	var wg sync.WaitGroup
	keys := make([]string, n)
	putErrs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			obj, err := d.Put(t.Context(), bytes.NewReader(content), images)
			keys[i], putErrs[i] = obj.Key, err
		})
	}
	wg.Wait()
	for i := range n {
		if putErrs[i] != nil || keys[i] != sum(content) {
			t.Errorf("put %d: key %s, err %v", i, keys[i], putErrs[i])
		}
	}
	if f := files(t, dir); len(f) != 1 {
		t.Errorf("files %v, want one", f)
	}
	rc, _, err := d.Open(t.Context(), sum(content))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, content) {
		t.Error("stored content differs")
	}
}

func TestKeysCannotLeaveTheStore(t *testing.T) {
	d, dir := newDisk(t)
	// A file beside the store that a traversal would reach.
	outside := filepath.Join(filepath.Dir(dir), "secret")
	if err := os.WriteFile(outside, []byte("geheim"), 0o600); err != nil {
		t.Fatal(err)
	}
	valid := sum(pdf)
	for _, key := range []string{
		"", "../secret", "../../etc/passwd", "/etc/passwd", "ab/cd/" + valid, "..%2fsecret",
		strings.ToUpper(valid), valid[:63], valid + "0", valid[:62] + "/.", valid[:63] + "\x00",
	} {
		_, _, err := d.Open(t.Context(), key)
		if e := errs.As(err); e.Code != errs.NotFound || !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Open(%q) = %v, want NotFound for an invalid key", key, err)
		}
		err = d.Delete(t.Context(), key)
		if e := errs.As(err); e.Code != errs.NotFound || !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v, want NotFound for an invalid key", key, err)
		}
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("file outside the store is gone: %v", err)
	}
}

func TestDelete(t *testing.T) {
	d, dir := newDisk(t)
	ctx := t.Context()
	obj, err := d.Put(ctx, bytes.NewReader(pdf), pdfs)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Delete(ctx, obj.Key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Open(ctx, obj.Key); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("Open after Delete = %v, want NotFound", err)
	}
	if err := d.Delete(ctx, obj.Key); err != nil {
		t.Errorf("second Delete = %v, want nil", err)
	}
	if f := files(t, dir); len(f) != 0 {
		t.Errorf("files left: %v", f)
	}
}

func TestPutStopsWhenCancelled(t *testing.T) {
	d, dir := newDisk(t)
	ctx, cancel := context.WithCancel(t.Context())
	r := &cancelAfter{r: bytes.NewReader(bytes.Repeat(pdf, 1000)), n: 3, cancel: cancel}
	if _, err := d.Put(ctx, r, pdfs); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if f := files(t, dir); len(f) != 0 {
		t.Errorf("cancelled upload left files: %v", f)
	}
}

// cancelAfter cancels its context after n reads, like a client that goes
// away mid-upload.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	c.n--
	if c.n == 0 {
		c.cancel()
	}
	return c.r.Read(p[:min(len(p), 100)])
}
