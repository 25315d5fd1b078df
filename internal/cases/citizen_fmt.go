package cases

import (
	"github.com/offenes-rathaus/rathaus/internal/i18n"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// citizenFmt formats values for the citizens' pages and the receipt in the
// page's language, dates in the long forms of a letter ("2 January 2026",
// "15:04 Uhr").
type citizenFmt struct {
	web.Dates
}

// newCitizenFmt is the formatter for lang.
func newCitizenFmt(lang string) citizenFmt { return citizenFmt{web.Dates{Lang: lang, Long: true}} }

// Size writes a file size people can read: "45 Bytes", "1,2 KB".
func (f citizenFmt) Size(n int64) string { return i18n.Bytes(f.Lang, n) }

// Text picks the page's language of a two-language text.
func (f citizenFmt) Text(t Text) string { return t.In(f.Lang) }
