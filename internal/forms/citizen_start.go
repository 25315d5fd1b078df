package forms

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/forms/formdef"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// startPage is the page before a form: what it is for, what one needs and
// how long it takes.
type startPage struct {
	Form    *formdef.Form
	Title   string
	Intro   string
	Needs   []string
	Minutes int
	Pages   int
	// SomePages says a condition may skip pages, so Pages is "up to".
	SomePages bool
	// SignIn says the form needs an account and the visitor has none.
	SignIn bool
	// Login and Register lead to an account and back to this page.
	Login, Register string
	// Guest is a visitor without an account on a form open to guests.
	Guest  bool
	Drafts []draftRow
}

func (m *Module) start(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := m.svc.Running(ctx, r.PathValue("form"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	p := web.PrincipalOf(r)
	d := startPage{Form: f, Title: f.Title.In(lang), Intro: f.Intro.In(lang), Needs: needs(f, lang, m.site, r),
		Minutes: minutes(f), Pages: len(f.Pages), SomePages: skipsPages(f), SignIn: !f.Guests && !p.SignedIn(), Guest: f.Guests && !p.SignedIn()}
	d.Login, d.Register = loginLinks("/forms/" + f.ID)
	if p.SignedIn() {
		all, err := m.svc.AccountDrafts(ctx, p.User.ID)
		if err != nil {
			m.site.Error(w, r, err)
			return
		}
		for _, x := range all {
			if x.FormID == f.ID {
				d.Drafts = append(d.Drafts, draftRow{ID: x.ID, Title: x.Title.In(lang), Updated: dateText(x.UpdatedAt, lang)})
			}
		}
	}
	m.site.Render(w, r, http.StatusOK, "forms/start", d, nil)
}

// startDraft is the "Start" button: a new draft, prefilled from the
// account, and its first page.
func (m *Module) startDraft(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := m.svc.Running(ctx, r.PathValue("form"))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	p := web.PrincipalOf(r)
	if !f.Guests && !p.SignedIn() {
		web.Redirect(w, r, "/login?next="+url.QueryEscape("/forms/"+f.ID))
		return
	}
	fl, err := m.svc.Start(ctx, f, p, web.Lang(r))
	if err != nil {
		m.site.Error(w, r, err)
		return
	}
	noReferrer(w)
	web.Redirect(w, r, fl.pageURL(fl.draft.Page))
}

// Start opens a new draft of f for p (an account or a guest), with the
// account's name and e-mail filled in where the form asks for them.
func (s *Service) Start(ctx context.Context, f *formdef.Form, p *auth.Principal, lang string) (filling, error) {
	a := formdef.Answers{}
	var account int64
	if p.SignedIn() {
		account = p.User.ID
		prefill(f, a, p.User)
	}
	d, token, err := s.createDraft(ctx, f, account, lang, a)
	if err != nil {
		return filling{}, err
	}
	return filling{form: f, draft: d, token: token}, nil
}

// prefill fills the top-level fields marked prefill from the account.
func prefill(f *formdef.Form, a formdef.Answers, u *auth.User) {
	for _, p := range f.Pages {
		for _, fd := range p.Fields {
			switch fd.Prefill {
			case "account.name":
				if u.Name != "" {
					a[fd.Name] = u.Name
				}
			case "account.email":
				a[fd.Name] = u.Email
			}
		}
	}
}

// skipsPages reports whether a page of f has a condition: the pages shown
// ("Schritt 2 von 4") then depend on the answers.
func skipsPages(f *formdef.Form) bool {
	return slices.ContainsFunc(f.Pages, func(p *formdef.Page) bool { return p.ShowIf != "" })
}

// needs lists what a person should have at hand: the documents the form
// asks to upload and bank details. A document asked for only under a
// condition says so, so the list does not claim more than the form asks.
func needs(f *formdef.Form, lang string, site *web.Site, r *http.Request) []string {
	var out []string
	bank := false
	var walk func(fields []*formdef.Field, conditional bool)
	walk = func(fields []*formdef.Field, conditional bool) {
		for _, fd := range fields {
			sometimes := conditional || fd.ShowIf != ""
			switch fd.Type {
			case formdef.TypeFile:
				if sometimes {
					out = append(out, site.T(r, "forms.start.need_sometimes", fd.Label.In(lang)))
				} else {
					out = append(out, fd.Label.In(lang))
				}
			case formdef.TypeIBAN:
				bank = true
			case formdef.TypeGroup:
				walk(fd.Fields, sometimes)
			}
		}
	}
	for _, p := range f.Pages {
		walk(p.Fields, p.ShowIf != "")
	}
	if bank {
		out = append(out, site.T(r, "forms.start.need_bank"))
	}
	return out
}

// minutes estimates how long filling in takes: about half a minute per
// question, a few minutes per document, at least five minutes.
func minutes(f *formdef.Form) int {
	seconds := 0
	var walk func(fields []*formdef.Field)
	walk = func(fields []*formdef.Field) {
		for _, fd := range fields {
			switch fd.Type {
			case formdef.TypeInfo:
			case formdef.TypeFile:
				seconds += 120
			case formdef.TypeGroup:
				walk(fd.Fields)
			default:
				if fd.Calc == "" {
					seconds += 30
				}
			}
		}
	}
	for _, p := range f.Pages {
		walk(p.Fields)
	}
	n := (seconds + 299) / 300 * 5
	return max(5, n)
}

// NewDraft opens a draft of the running version of formID for p and
// returns it with its link token: for fixtures and load tests that need a
// draft without the start page.
func (s *Service) NewDraft(ctx context.Context, formID string, p *auth.Principal, lang string) (Draft, string, error) {
	f, err := s.Running(ctx, formID)
	if err != nil {
		return Draft{}, "", err
	}
	fl, err := s.Start(ctx, f, p, lang)
	if err != nil {
		return Draft{}, "", err
	}
	return fl.draft, fl.token, nil
}
