package forms

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/offenes-rathaus/rathaus/internal/blob"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// uploads stores the files posted for the visible file fields of page p.
// A file is stored as soon as it arrives, even when other answers have
// mistakes: browsers cannot fill a file input again. Refused files come
// back as messages per field that name the limit or the allowed types.
func (m *Module) uploads(r *http.Request, fl *filling, p *formdef.Page) (formdef.FieldErrors, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	ctx, lang := r.Context(), web.Lang(r)
	out := formdef.FieldErrors{}
	for _, fd := range p.Fields {
		if fd.Type != formdef.TypeFile || !fl.form.Visible(fd.Name, fl.draft.Answers) {
			continue
		}
		fh := firstFile(r.MultipartForm.File[fd.Name])
		if fh == nil {
			continue
		}
		msg, err := m.svc.upload(ctx, fl, fd, fh, lang)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			out[fd.Name] = msg
		}
	}
	return out, nil
}

// firstFile is the file chosen in an input; an input left empty still
// sends a part without a name.
func firstFile(list []*multipart.FileHeader) *multipart.FileHeader {
	for _, fh := range list {
		if fh.Filename != "" || fh.Size > 0 {
			return fh
		}
	}
	return nil
}

// upload checks and stores one file for field fd. A refusal is returned as
// a message in lang; err is for failures of the service itself.
func (s *Service) upload(ctx context.Context, fl *filling, fd *formdef.Field, fh *multipart.FileHeader, lang string) (string, error) {
	file, err := fh.Open()
	if err != nil {
		return s.Catalog.T(lang, "forms.file.unreadable"), nil
	}
	defer file.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(file, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return s.Catalog.T(lang, "forms.file.unreadable"), nil
	}
	// The type is what the content is, never what the browser claims.
	ctype, _, _ := mime.ParseMediaType(http.DetectContentType(head[:n]))
	if msg := fd.CheckFile(fh.Filename, ctype, fh.Size, lang); msg != "" {
		return msg, nil
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("rewind upload: %w", err)
	}
	limit := s.MaxUploadBytes
	if fd.MaxSizeMB > 0 && int64(fd.MaxSizeMB)<<20 < limit {
		limit = int64(fd.MaxSizeMB) << 20
	}
	obj, err := s.Blobs.Put(ctx, file, blob.PutOptions{MaxSize: limit})
	if err != nil {
		if c := errs.CodeOf(err); c == errs.Invalid || c == errs.TooLarge {
			e := errs.As(err)
			return s.Catalog.T(lang, e.Key, e.Args...), nil
		}
		return "", fmt.Errorf("store upload: %w", err)
	}
	df := DraftFile{Path: fd.Name, Blob: obj.Key, Name: cleanName(fh.Filename), ContentType: obj.ContentType, Size: obj.Size}
	var replaced string
	err = db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var err error
		replaced, err = s.putDraftFile(ctx, tx, &fl.draft, df)
		return err
	})
	if err != nil {
		return "", err
	}
	s.releaseBlobs(ctx, []string{replaced})
	return "", nil
}

// removeFile drops the file of field path on page p.
func (s *Service) removeFile(ctx context.Context, fl *filling, p *formdef.Page, path string) error {
	ok := false
	for _, fd := range p.Fields {
		ok = ok || (fd.Type == formdef.TypeFile && fd.Name == path)
	}
	if !ok {
		return nil
	}
	var key string
	err := db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var err error
		key, err = s.removeDraftFile(ctx, tx, &fl.draft, path)
		return err
	})
	if err != nil {
		return err
	}
	s.releaseBlobs(ctx, []string{key})
	return nil
}

// cleanName keeps a file name short and printable: it is shown on pages
// and in the case.
func cleanName(name string) string {
	out := make([]rune, 0, len(name))
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' {
			continue
		}
		out = append(out, r)
		if len(out) == 120 {
			break
		}
	}
	if len(out) == 0 {
		return "datei"
	}
	return string(out)
}
