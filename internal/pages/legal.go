package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// The legal pages, by the address they are served at.
const (
	Imprint       = "impressum"        // § 5 DDG, § 18 MStV
	Privacy       = "datenschutz"      // Art. 13 DSGVO
	Accessibility = "barrierefreiheit" // § 12b BGG, BITV 2.0 (and the Land's law)
)

// Slugs lists the legal pages.
var Slugs = []string{Imprint, Privacy, Accessibility}

// Limits of a legal text.
const (
	maxTitle = 200
	maxBody  = 50000
)

// Text is a legal page in one language.
type Text struct {
	Slug, Lang  string
	Title, Body string
	UpdatedAt   time.Time
	// UpdatedBy is the account that saved it last; 0 when unknown.
	UpdatedBy int64
}

// Validate checks a text for the language-suffixed fields of the edit form.
func (t Text) validate(f *errs.Fields) {
	if strings.TrimSpace(t.Title) == "" {
		f.Add("title_"+t.Lang, "field.required")
	} else if len([]rune(t.Title)) > maxTitle {
		f.Add("title_"+t.Lang, "field.too_long", maxTitle)
	}
	if strings.TrimSpace(t.Body) == "" {
		f.Add("body_"+t.Lang, "field.required")
	} else if len([]rune(t.Body)) > maxBody {
		f.Add("body_"+t.Lang, "field.too_long", maxBody)
	}
}

// StoredText returns the saved text of a page, and false when the town has
// not written one in lang yet.
func (m *Module) StoredText(ctx context.Context, slug, lang string) (Text, bool, error) {
	t := Text{Slug: slug, Lang: lang}
	var by sql.NullInt64
	err := db.From(ctx).QueryRow(ctx, "SELECT title, body, updated_at, updated_by FROM pages WHERE slug = ? AND lang = ?", slug, lang).
		Scan(&t.Title, &t.Body, &t.UpdatedAt, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("load page %s/%s: %w", slug, lang, err)
	}
	t.UpdatedBy = by.Int64
	return t, true, nil
}

// SaveTexts stores a page's texts. texts holds one Text per language; a
// language other than the first with empty title and body is removed, so its
// readers see the first language's text again. The change is audited in the
// same transaction.
func (m *Module) SaveTexts(ctx context.Context, slug string, texts map[string]Text, actor Actor) error {
	if !slices.Contains(Slugs, slug) {
		return errs.E(errs.NotFound, "error.not_found")
	}
	var f errs.Fields
	for i, lang := range i18n.Languages {
		t := texts[lang]
		t.Lang = lang
		if i > 0 && strings.TrimSpace(t.Title) == "" && strings.TrimSpace(t.Body) == "" {
			continue
		}
		t.validate(&f)
	}
	if err := f.Err(); err != nil {
		return err
	}
	now := m.deps.Clock.Now()
	var by sql.NullInt64
	if actor.ID != 0 {
		by = sql.NullInt64{Int64: actor.ID, Valid: true}
	}
	return db.From(ctx).InTx(ctx, func(tx *db.Tx) error {
		var saved []string
		for i, lang := range i18n.Languages {
			t := texts[lang]
			title, body := strings.TrimSpace(t.Title), strings.TrimRight(strings.ReplaceAll(t.Body, "\r\n", "\n"), " \t\n")
			if i > 0 && title == "" && body == "" {
				if _, err := tx.Exec(ctx, "DELETE FROM pages WHERE slug = ? AND lang = ?", slug, lang); err != nil {
					return fmt.Errorf("remove page %s/%s: %w", slug, lang, err)
				}
				continue
			}
			_, err := tx.Exec(ctx, `INSERT INTO pages (slug, lang, title, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title, body = excluded.body,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`, slug, lang, title, body, now, by)
			if err != nil {
				return fmt.Errorf("save page %s/%s: %w", slug, lang, err)
			}
			saved = append(saved, lang)
		}
		return m.deps.Audit.Record(ctx, tx, actor.entry("page.update", "page", slug, "languages: "+strings.Join(saved, ", ")))
	})
}

// defaultText is the built-in text of a page in lang, with the town's name
// filled in where the town has set one and a placeholder where not.
func (m *Module) defaultText(ctx context.Context, slug, lang string) Text {
	cat := m.site.Catalog()
	town := cat.T(lang, "pages.placeholder.town")
	if s, err := m.Settings(ctx); err == nil && s.TownName != "" {
		town = s.TownName
	}
	return Text{
		Slug:  slug,
		Lang:  lang,
		Title: cat.T(lang, "pages.default."+slug+".title"),
		Body:  cat.T(lang, "pages.default."+slug+".body", town),
	}
}
