// Package i18n holds the message catalogs. German is the first language,
// English the second; every user-facing string comes from here. Each module
// ships its own locales/de.json and locales/en.json.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"sync"
)

// Languages lists the supported languages, the default first.
var Languages = []string{"de", "en"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Catalog maps language → key → message.
type Catalog struct {
	msgs map[string]map[string]string
	// origin remembers which module brought a key, for clear duplicate errors.
	origin map[string]string

	mu      sync.Mutex
	missing map[string]bool
}

// New returns an empty catalog.
func New() *Catalog {
	c := &Catalog{msgs: map[string]map[string]string{}, origin: map[string]string{}, missing: map[string]bool{}}
	for _, l := range Languages {
		c.msgs[l] = map[string]string{}
	}
	return c
}

// Load adds locales/<lang>.json of every language from fsys. A key defined by
// two modules is an error.
func (c *Catalog) Load(module string, fsys fs.FS) error {
	for _, lang := range Languages {
		data, err := fs.ReadFile(fsys, "locales/"+lang+".json")
		if err != nil {
			return fmt.Errorf("i18n %s: %w", module, err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("i18n %s/locales/%s.json: %w", module, lang, err)
		}
		for k, v := range m {
			if prev, ok := c.origin[lang+":"+k]; ok {
				return fmt.Errorf("i18n: key %q in %s and %s", k, prev, module)
			}
			c.origin[lang+":"+k] = module
			c.msgs[lang][k] = v
		}
	}
	return nil
}

// T translates key into lang, filling %-placeholders with args. An unknown
// key renders as [[key]] and is remembered, so tests can fail on it.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang][key]
	if !ok {
		c.mu.Lock()
		c.missing[lang+":"+key] = true
		c.mu.Unlock()
		return "[[" + key + "]]"
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Keys returns the sorted keys of lang.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Missing returns the lang:key pairs looked up but not found so far.
func (c *Catalog) Missing() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.missing))
	for k := range c.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
