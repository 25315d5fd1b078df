package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/errs"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

type pageTemplate struct {
	t *template.Template
}

// NavItem is an entry of the main navigation, shown to those its rule
// allows.
type NavItem struct {
	Key  string // message key of the label
	Path string
	Rule auth.Rule
	// Order sorts the navigation; lower first.
	Order int
}

// AddNav adds an entry to the main navigation.
func (s *Site) AddNav(n NavItem) {
	i := len(s.navItems)
	for i > 0 && s.navItems[i-1].Order > n.Order {
		i--
	}
	s.navItems = append(s.navItems[:i], append([]NavItem{n}, s.navItems[i:]...)...)
}

func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) (string, error) { return s.AssetURL(name) },
		"add":   func(a, b int) int { return a + b },
		"join":  strings.Join,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

// parseTemplates builds every page: the shared layout and partials (files in
// templates/partials/ of any module) plus one page file, named "module/page".
func (s *Site) parseTemplates() error {
	base := template.New("").Funcs(s.funcs())
	type pageFile struct{ module, file string }
	var pages []pageFile
	for _, m := range s.tmplFS {
		partials, err := fs.Glob(m.fsys, "templates/partials/*.html")
		if err != nil {
			return err
		}
		for _, f := range partials {
			body, err := fs.ReadFile(m.fsys, f)
			if err != nil {
				return err
			}
			if _, err := base.New("file:" + m.module + "/" + f).Parse(string(body)); err != nil {
				return fmt.Errorf("template %s/%s: %w", m.module, f, err)
			}
		}
		files, err := fs.Glob(m.fsys, "templates/*.html")
		if err != nil {
			return err
		}
		for _, f := range files {
			pages = append(pages, pageFile{m.module, f})
		}
	}
	for _, m := range s.tmplFS {
		for _, p := range pages {
			if p.module != m.module {
				continue
			}
			body, err := fs.ReadFile(m.fsys, p.file)
			if err != nil {
				return err
			}
			t, err := base.Clone()
			if err != nil {
				return err
			}
			name := m.module + "/" + strings.TrimSuffix(path.Base(p.file), ".html")
			if _, err := t.New(name).Parse(string(body)); err != nil {
				return fmt.Errorf("template %s: %w", name, err)
			}
			if t.Lookup("main") == nil || t.Lookup("title") == nil {
				return fmt.Errorf("template %s: must define \"title\" and \"main\"", name)
			}
			s.pages[name] = &pageTemplate{t: t}
		}
	}
	return nil
}

// Page is what every template sees as its dot.
type Page struct {
	site      *Site
	req       *http.Request
	w         http.ResponseWriter
	Lang      string
	Principal *auth.Principal
	Town      string
	Path      string
	Flash     string
	// Form holds typed values and field errors of the page's form.
	Form *Form
	// Data is the handler's own data.
	Data any
	// Status is the HTTP status, so the error page can name it.
	Status int
}

// CSRF returns the token for the page's forms. It is made on first use, so
// pages without a form set no cookie and may be cached (see cache.go); the
// page is rendered into a buffer before headers are sent, so the cookie can
// still be set here.
func (p *Page) CSRF() string { return p.site.CSRFToken(p.w, p.req) }

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return p.site.catalog.T(p.Lang, key, args...) }

// Nav returns the navigation entries the principal may see.
func (p *Page) Nav() []NavItem {
	var out []NavItem
	for _, n := range p.site.navItems {
		if n.Rule.Allow(p.req, p.Principal) {
			out = append(out, n)
		}
	}
	return out
}

// Current reports whether path is the page being shown (for aria-current):
// the navigation entry that is the longest prefix of the page's path.
func (p *Page) Current(path string) bool {
	if !under(p.Path, path) {
		return false
	}
	for _, n := range p.site.navItems {
		if len(n.Path) > len(path) && under(p.Path, n.Path) {
			return false
		}
	}
	return true
}

func under(page, path string) bool {
	if path == "/" {
		return page == "/"
	}
	return page == path || strings.HasPrefix(page, path+"/")
}

// LangLink is a link to this page in another language.
type LangLink struct {
	Lang, Label, URL string
	Current          bool
}

// Languages returns links to the page in each language.
func (p *Page) Languages() []LangLink {
	var out []LangLink
	for _, l := range i18n.Languages {
		q := p.req.URL.Query()
		q.Set("lang", l)
		u := url.URL{Path: p.req.URL.Path, RawQuery: q.Encode()}
		label := map[string]string{"de": "Deutsch", "en": "English"}[l]
		out = append(out, LangLink{Lang: l, Label: label, URL: u.String(), Current: l == p.Lang})
	}
	return out
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes page name with data and status. form may be nil.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any, form *Form) {
	pt, ok := s.pages[name]
	if !ok {
		s.log.Error("unknown template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if form == nil {
		form = NewForm(nil)
	}
	p := &Page{
		site:      s,
		req:       r,
		w:         w,
		Lang:      Lang(r),
		Principal: PrincipalOf(r),
		Town:      s.opts.TownName(r.Context()),
		Path:      r.URL.Path,
		Form:      form,
		Data:      data,
		Status:    status,
	}
	p.Flash = s.takeFlash(w, r, p.Lang)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := pt.t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// FlashCookie carries a one-time message key to the next page.
const FlashCookie = "rathaus_flash"

// Flash shows the message key on the next page the browser loads, typically
// after a redirect. args fill the message's %s placeholders; they are
// formatted already (a date in the request's language).
func (s *Site) Flash(w http.ResponseWriter, r *http.Request, key string, args ...string) {
	value := key
	if len(args) > 0 {
		// Query encoding keeps the value within the cookie's characters.
		value = url.Values{"k": {key}, "a": args}.Encode()
	}
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: value, Path: "/", HttpOnly: true, Secure: s.isSecure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (s *Site) takeFlash(w http.ResponseWriter, r *http.Request, lang string) string {
	c, err := r.Cookie(FlashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.isSecure(r), SameSite: http.SameSiteLaxMode})
	key, args := c.Value, []any(nil)
	if q, err := url.ParseQuery(c.Value); err == nil && q.Has("k") {
		key = q.Get("k")
		for _, a := range q["a"] {
			args = append(args, a)
		}
	}
	if !s.catalog.Has(lang, key) {
		return ""
	}
	return s.catalog.T(lang, key, args...)
}

// Redirect sends the browser to path with 303 See Other, the answer to a
// successful form post.
func Redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// SafeNext returns next when it is a local path, else fallback, so a
// ?next= parameter cannot send people to another site.
func SafeNext(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return next
}

// Error answers with the page or API error that err's code calls for.
// Internal errors are logged with their cause and shown without it.
func (s *Site) Error(w http.ResponseWriter, r *http.Request, err error) {
	if s.renderExpired(w, r, err) {
		return
	}
	e := errs.As(err)
	status := Status(e.Code)
	if status >= 500 {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = errs.E(errs.Internal, "error.internal")
	}
	if surfaceOf(r) == API {
		s.apiError(w, r, status, e)
		return
	}
	// The page states the error itself; only field errors go to the summary.
	form := NewForm(nil)
	if len(e.Fields) > 0 {
		form.SetErrors(e)
	}
	s.Render(w, r, status, "web/error", e, form)
}

// Status maps an error code to its HTTP status: the one table.
func Status(c errs.Code) int {
	switch c {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.BadRequest:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.TooMany:
		return http.StatusTooManyRequests
	case errs.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// ErrorText translates an application error's message.
func (p *Page) ErrorText(e *errs.Error) string { return p.T(e.Key, e.Args...) }
