package app

import (
	"context"

	"github.com/offenes-rathaus/rathaus/internal/cases"
	"github.com/offenes-rathaus/rathaus/internal/catalog"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/forms"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// cases builds case handling's domain service, registers its retention job
// and its pages (staff inbox, "Mein Rathaus"). Call it before forms: the
// form engine hands sent forms to a.Cases.
func (a *App) cases(site *web.Site) error {
	if err := site.AddModule("cases.messages", cases.Messages); err != nil {
		return err
	}
	a.Cases = cases.New(cases.Deps{
		Clock: a.Clock, Audit: a.Audit, Mail: a.Mail, Blobs: a.Blobs, Catalog: site.Catalog(), Logger: a.Log,
		BaseURL: a.Config.BaseURL, DefaultLang: a.Config.Lang, TownName: a.Pages.TownName,
		Land: func(ctx context.Context) string {
			s, err := a.Pages.Settings(ctx)
			if err != nil {
				return ""
			}
			return s.State
		},
		// Drafts keep their files until purged; forms never deletes one a
		// case refers to, and the case side never one a draft does.
		BlobInUse: draftFileUses,
		// The catalog is built after case handling; it is asked only when
		// a case is exported.
		Services: catalogLookup{func() *catalog.Catalog { return a.Catalog }},
	})
	a.Cases.RegisterJobs(a.Jobs)
	return cases.NewModule(cases.ModuleDeps{Service: a.Cases, Auth: a.Auth, Blobs: a.Blobs, Config: a.Config,
		Logger: a.Log}).Routes(site)
}

// draftFileUses reports whether a form draft still refers to stored
// content, so erasing a case never deletes a file a draft holds.
func draftFileUses(ctx context.Context, key string) (bool, error) {
	var n int
	err := db.From(ctx).QueryRow(ctx, `SELECT COUNT(*) FROM draft_files WHERE blob = ?`, key).Scan(&n)
	return n > 0, err
}

// caseSubmitter hands a sent form to case handling (forms.Submitter): the
// case is created in the transaction forms carries in the context.
type caseSubmitter struct{ cases *cases.Service }

func (s caseSubmitter) Submit(ctx context.Context, sub forms.Submission) (forms.Receipt, error) {
	c, token, err := s.cases.Intake(ctx, intakeOf(sub))
	if err != nil {
		return forms.Receipt{}, err
	}
	r := forms.Receipt{CaseID: c.ID, Reference: c.Reference,
		StatusURL: cases.CitizenPath(c.Reference), ReceiptURL: cases.CitizenReceiptPath(c.Reference)}
	if token != "" {
		r.StatusURL, r.ReceiptURL = cases.GuestPath(token), cases.GuestReceiptPath(token)
	}
	return r, nil
}

// intakeOf converts the form engine's submission to case handling's
// intake; the two packages do not know each other.
func intakeOf(s forms.Submission) cases.Intake {
	in := cases.Intake{
		FormID: s.FormID, FormVersion: s.FormVersion, Service: s.Service, Department: s.Department,
		Title: cases.Text(s.Title), AccountID: s.AccountID, Name: s.Name, Email: s.Email, Lang: s.Lang,
		Answers: s.Answers, RetentionDays: s.RetentionDays, DeadlineDays: s.DeadlineDays,
		Summary: map[string][]cases.Line{},
	}
	for lang, lines := range s.Summary {
		out := make([]cases.Line, 0, len(lines))
		for _, l := range lines {
			out = append(out, cases.Line{Label: l.Label, Value: l.Value, Path: l.Path, Group: l.Group, Item: l.Item, Computed: l.Computed})
		}
		in.Summary[lang] = out
	}
	for _, f := range s.Files {
		in.Files = append(in.Files, cases.IntakeFile{Path: f.Path, Name: f.Name, ContentType: f.ContentType, Size: f.Size, Blob: f.Blob})
	}
	for _, st := range s.Statuses {
		in.Statuses = append(in.Statuses, cases.Status{Key: st.Key, Label: cases.Text(st.Label), Closing: st.Closing})
	}
	return in
}

// catalogLookup tells the case export a service's name and LeiKa key.
type catalogLookup struct{ catalog func() *catalog.Catalog }

func (l catalogLookup) ServiceInfo(ctx context.Context, slug string) (cases.ServiceInfo, bool, error) {
	c := l.catalog()
	if c == nil {
		return cases.ServiceInfo{}, false, nil
	}
	all, err := c.Services(ctx)
	if err != nil {
		return cases.ServiceInfo{}, false, err
	}
	for _, s := range all {
		if s.Slug == slug {
			return cases.ServiceInfo{Name: cases.Text{"de": s.Name.DE, "en": s.Name.EN}, LeiKa: s.LeiKaKey}, true, nil
		}
	}
	return cases.ServiceInfo{}, false, nil
}
