package app

import (
	"context"
	"path/filepath"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// forms builds the form engine and registers its pages. Sent forms become
// cases (caseSubmitter in cases.go). The definitions of DATA_DIR/forms are
// installed later, by loadForms.
func (a *App) forms(site *web.Site) error {
	a.Forms = forms.New(forms.Deps{
		Auth: a.Auth, Audit: a.Audit, Mail: a.Mail, Blobs: a.Blobs, Clock: a.Clock, Logger: a.Log,
		Catalog: site.Catalog(), BaseURL: a.Config.BaseURL, DefaultLang: a.Config.Lang,
		MaxUploadBytes: a.Config.MaxUploadBytes,
		Submitter:      caseSubmitter{a.Cases},
		BlobInUse:      caseDocumentUses,
	})
	a.Forms.RegisterJobs(a.Jobs)
	return forms.NewModule(a.Forms).Routes(site)
}

// loadForms installs the definitions found in DATA_DIR/forms (invalid ones
// are logged; the running versions stay). It runs after everything a form
// may name exists, the seeded demo departments too (Options.Seed).
func (a *App) loadForms(ctx context.Context) error {
	return a.Forms.LoadDir(db.With(ctx, a.DB), filepath.Join(a.Config.DataDir, "forms"))
}

// caseDocumentUses reports whether a case's documents refer to stored
// content, so purging drafts never deletes a file a case kept.
func caseDocumentUses(ctx context.Context, key string) (bool, error) {
	var n int
	err := db.From(ctx).QueryRow(ctx, `SELECT COUNT(*) FROM case_documents WHERE blob = ?`, key).Scan(&n)
	return n > 0, err
}
