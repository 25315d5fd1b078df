// Package web is the shell every module's pages and APIs run in: routing with
// one access rule per route, middleware (sessions, CSRF, security headers,
// gzip, metrics), templates with the message catalog, static assets and the
// mapping of errors to responses.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"sort"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/db"
	"github.com/offenes-rathaus/rathaus/internal/i18n"
)

// Options configure the shell.
type Options struct {
	BaseURL     string
	DefaultLang string
	// MaxBodyBytes bounds a form body; upload routes raise it per route.
	MaxBodyBytes int64
	Logger       *slog.Logger
	Registry     *prometheus.Registry
	Auth         *auth.Service
	// DB is the town's database, put into every request's context.
	DB *db.DB
	// TownName returns the town's display name for the layout.
	TownName func(ctx context.Context) string
	// ImgSources are further origins the Content-Security-Policy lets
	// images come from, such as the map's tile server.
	ImgSources []string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see ClientIP); empty trusts nobody.
	TrustedProxies []netip.Prefix
}

// Route is one registered route, as the authorization matrix sees it.
type Route struct {
	Method  string
	Path    string
	Rule    auth.Rule
	NoCSRF  bool
	Surface Surface
}

// Pattern returns "METHOD /path".
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Surface decides how errors are shown: as an HTML page or as API data.
type Surface int

// The surfaces.
const (
	HTML Surface = iota
	API
)

// Site is the web shell. Modules register routes, templates and messages on
// it; Build parses everything once and fails fast.
type Site struct {
	opts   Options
	mux    *http.ServeMux
	routes []Route
	// configs holds each route's options by pattern, so a catch-all can
	// answer a wrong method in the format of the route that was meant.
	configs  map[string]routeConfig
	catalog  *i18n.Catalog
	tmplFS   []namedFS
	pages    map[string]*pageTemplate
	assets   *assets
	metrics  *httpMetrics
	log      *slog.Logger
	handler  http.Handler
	secure   bool
	navItems []NavItem
	// imgSources is Options.ImgSources as written into the CSP.
	imgSources string
	cache      pageCache
}

type namedFS struct {
	module string
	fsys   fs.FS
}

// New returns a shell with the shell's own templates and messages loaded.
func New(opts Options) (*Site, error) {
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.TownName == nil {
		opts.TownName = func(context.Context) string { return "Offenes Rathaus" }
	}
	s := &Site{
		opts:    opts,
		mux:     http.NewServeMux(),
		catalog: i18n.New(),
		pages:   map[string]*pageTemplate{},
		configs: map[string]routeConfig{},
		log:     opts.Logger,
		secure:  strings.HasPrefix(opts.BaseURL, "https://"),
	}
	for _, src := range opts.ImgSources {
		// A source is one token of the policy: no separators, no quotes.
		if src == "" || strings.ContainsAny(src, " \t\r\n;,'\"") {
			return nil, fmt.Errorf("web: image source %q cannot go into the Content-Security-Policy", src)
		}
		s.imgSources += " " + src
	}
	if opts.Registry != nil {
		s.metrics = newHTTPMetrics(opts.Registry)
	}
	a, err := loadAssets(staticFS)
	if err != nil {
		return nil, err
	}
	s.assets = a
	if err := s.AddModule("web", moduleFS); err != nil {
		return nil, err
	}
	s.Handle("GET /static/{file...}", auth.Public, http.HandlerFunc(s.serveStatic), API)
	return s, nil
}

// Catalog returns the message catalog.
func (s *Site) Catalog() *i18n.Catalog { return s.catalog }

// Routes returns every registered route, sorted.
func (s *Site) Routes() []Route {
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Pattern() < out[j].Pattern() })
	return out
}

// AddModule registers a module's templates (templates/*.html) and messages
// (locales/de.json, locales/en.json) found in fsys.
func (s *Site) AddModule(module string, fsys fs.FS) error {
	if err := s.catalog.Load(module, fsys); err != nil {
		return err
	}
	s.tmplFS = append(s.tmplFS, namedFS{module, fsys})
	return nil
}

// RouteOption changes how a route is served.
type RouteOption interface{ apply(*routeConfig) }

type routeConfig struct {
	surface   Surface
	noCSRF    bool
	bodyLimit int64
	onError   func(http.ResponseWriter, *http.Request, error)
	cacheable bool
	// catchAll marks a pattern without a method (a 404 handler); subtree
	// one whose path ends in "/" (such as a CORS preflight for an API).
	// Neither makes an address known.
	catchAll bool
	subtree  bool
}

func (s Surface) apply(c *routeConfig) { c.surface = s }

type noCSRF struct{}

func (noCSRF) apply(c *routeConfig) { c.noCSRF = true }

// NoCSRF exempts a route from the CSRF check: only for machine APIs that
// authenticate with an API key, never with the session cookie.
var NoCSRF RouteOption = noCSRF{}

type bodyLimit int64

func (b bodyLimit) apply(c *routeConfig) { c.bodyLimit = int64(b) }

// BodyLimit raises or lowers the largest accepted request body of a route.
func BodyLimit(n int64) RouteOption { return bodyLimit(n) }

type errorWriter func(http.ResponseWriter, *http.Request, error)

func (e errorWriter) apply(c *routeConfig) { c.onError = e }

// ErrorWriter makes the shell answer its own refusals of a route (CSRF, bad
// text, access rule) with fn instead of Site.Error: for protocol APIs such
// as Open311 whose specs fix the error format.
func ErrorWriter(fn func(w http.ResponseWriter, r *http.Request, err error)) RouteOption {
	return errorWriter(fn)
}

// Handle registers h for pattern ("METHOD /path") with the rule that decides
// who may use it. There is no way to register a route without a rule.
func (s *Site) Handle(pattern string, rule auth.Rule, h http.Handler, opts ...RouteOption) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		// A pattern without a method answers every method (the 404 page).
		method, path = "ANY", pattern
	}
	if method == "" || rule.Name == "" {
		panic(fmt.Sprintf("web: route %q needs a rule", pattern))
	}
	cfg := routeConfig{bodyLimit: s.opts.MaxBodyBytes}
	for _, o := range opts {
		o.apply(&cfg)
	}
	cfg.catchAll = method == "ANY"
	cfg.subtree = strings.HasSuffix(path, "/")
	s.routes = append(s.routes, Route{Method: method, Path: path, Rule: rule, NoCSRF: cfg.noCSRF, Surface: cfg.surface})
	s.configs[pattern] = cfg
	if cfg.catchAll {
		h = s.catchAll(h)
	}
	s.mux.Handle(pattern, s.routeHandler(pattern, rule, cfg, h))
}

// HandleFunc is Handle for a function.
func (s *Site) HandleFunc(pattern string, rule auth.Rule, h http.HandlerFunc, opts ...RouteOption) {
	s.Handle(pattern, rule, h, opts...)
}

// Build parses all templates and returns the finished handler. Call it once,
// after every module has registered.
func (s *Site) Build() (http.Handler, error) {
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.handler = s.middleware(s.mux)
	return s.handler, nil
}
