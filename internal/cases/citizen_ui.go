package cases

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// citizenFS holds the citizens' pages ("Mein Rathaus", the case page, the
// guest link) with their messages, registered as module "cases.citizen".
//
//go:embed all:ui_citizen
var citizenFS embed.FS

// citizenUI is the "cases.citizen" module's file system (templates/,
// locales/).
func citizenUI() fs.FS { return mustSub(citizenFS, "ui_citizen") }

// citizenCatalog holds the citizens' messages alone, for mails of a
// Service built without the site's catalog (tests, the command line).
var citizenCatalog = sync.OnceValue(func() *i18n.Catalog {
	c := i18n.New()
	if err := c.Load("cases.citizen", citizenUI()); err != nil {
		panic(fmt.Sprintf("cases: embedded citizen messages: %v", err)) // a build defect, caught by the tests
	}
	return c
})

// ct translates a key of the citizens' module for a mail: from the site's
// catalog when the Service has it, else from the embedded messages.
func (s *Service) ct(lang, key string, args ...any) string {
	c := s.deps.Catalog
	if c == nil || !c.Has("de", key) {
		c = citizenCatalog()
	}
	if lang != "en" {
		lang = "de"
	}
	return c.T(lang, key, args...)
}
