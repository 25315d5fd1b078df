package forms

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/audit"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
)

// AccountDraft is one draft in a citizen's data export (DSGVO Art. 15 and
// 20): the answers as given so far and the files' names, not their bytes.
type AccountDraft struct {
	FormID    string             `json:"form_id"`
	Version   int                `json:"version"`
	Email     string             `json:"email,omitempty"`
	Lang      string             `json:"lang"`
	Page      string             `json:"page"`
	Answers   formdef.Answers    `json:"answers"`
	Files     []AccountDraftFile `json:"files"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
	ExpiresAt time.Time          `json:"expires_at"`
	SentAt    *time.Time         `json:"sent_at,omitempty"`
}

// AccountDraftFile names a file uploaded into a draft.
type AccountDraftFile struct {
	Field       string    `json:"field"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	At          time.Time `json:"at"`
}

// AccountExport returns the drafts of account, oldest first, and audits
// each as read by the account from ip. Guests' and other accounts' drafts
// never appear: the account is the only key.
func (s *Service) AccountExport(ctx context.Context, account int64, ip string) ([]AccountDraft, error) {
	q := db.From(ctx)
	rows, err := q.Query(ctx, "SELECT "+draftColumns+" FROM drafts WHERE account_id = ? ORDER BY created_at, id", account)
	drafts, err := db.Collect(rows, err, func(r db.Scanner) (Draft, error) { return scanDraft(r) })
	if err != nil {
		return nil, fmt.Errorf("list account drafts: %w", err)
	}
	out := []AccountDraft{}
	for _, d := range drafts {
		files, err := accountDraftFiles(ctx, q, d.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, AccountDraft{FormID: d.FormID, Version: d.Version, Email: d.Email, Lang: d.Lang, Page: d.Page,
			Answers: d.Answers, Files: files, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, ExpiresAt: d.ExpiresAt,
			SentAt: d.SentAt})
		if s.Audit != nil {
			e := audit.By(account, ip).Did("draft.account_export", "draft", strconv.FormatInt(d.ID, 10))
			e.Detail = d.FormID
			if err := s.Audit.Record(ctx, q, e); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func accountDraftFiles(ctx context.Context, q db.Querier, draft int64) ([]AccountDraftFile, error) {
	rows, err := q.Query(ctx, "SELECT path, name, content_type, size, created_at FROM draft_files WHERE draft_id = ? ORDER BY id", draft)
	out, err := db.Collect(rows, err, func(r db.Scanner) (AccountDraftFile, error) {
		var f AccountDraftFile
		err := r.Scan(&f.Field, &f.Name, &f.ContentType, &f.Size, &f.At)
		f.At = f.At.UTC()
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("list draft files: %w", err)
	}
	if out == nil {
		out = []AccountDraftFile{} // JSON: [] rather than null
	}
	return out, nil
}
