// Package config parses the settings of `rathaus serve` from flags and
// RATHAUS_* environment variables into one typed value that is passed on,
// never kept in a global.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/offenes-rathaus/rathaus/internal/geo"
)

// Config holds every setting of a running town hall.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	SMTPURL     string
	MailFrom    string
	Lang        string
	LogFormat   string
	LogLevel    slog.Level
	Demo        bool
	// SessionIdle ends a session after this long without a request.
	SessionIdle time.Duration
	// SessionMax ends a session this long after sign-in, used or not.
	SessionMax time.Duration
	// MaxUploadBytes limits one uploaded file.
	MaxUploadBytes int64
	// ShutdownTimeout bounds how long a graceful stop waits for requests.
	ShutdownTimeout time.Duration
	// TownArea is the town's boundary as GeoJSON (Polygon or MultiPolygon);
	// reports outside it are refused. Empty accepts any place.
	TownArea []byte
	// TownAreaFile is where TownArea was read from.
	TownAreaFile string
	// MapTileURL is the tile server of the maps ({z}/{x}/{y}, optionally
	// {s}); empty shows maps without a background.
	MapTileURL string
	// ReportsReopenDays is how long after "done" a reporter may reopen a
	// defect report.
	ReportsReopenDays int
	// ReportsRetentionDays is how long after closing a defect report its
	// personal data is kept.
	ReportsRetentionDays int
	// ReportsNearbyMeters is the radius in which open reports of the same
	// category are offered instead of a duplicate.
	ReportsNearbyMeters int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; empty trusts nobody.
	TrustedProxies []netip.Prefix
	// MetricsToken, when set, is the bearer token /metrics asks for;
	// without it /metrics answers loopback peers and admins only.
	MetricsToken string
}

// MapTileOrigin returns the origin the map tiles come from, for the
// Content-Security-Policy ("https://*.tile.example.org" for a {s}
// subdomain), or "" without tiles.
func (c Config) MapTileOrigin() string {
	if c.MapTileURL == "" {
		return ""
	}
	u, err := url.Parse(strings.ReplaceAll(c.MapTileURL, "{s}.", "sub."))
	if err != nil {
		return ""
	}
	host := u.Host
	if strings.Contains(c.MapTileURL, "{s}.") {
		host = "*." + strings.TrimPrefix(host, "sub.")
	}
	return u.Scheme + "://" + host
}

// setting describes one configuration value: its flag, its variable and how
// to parse it.
type setting struct {
	flag, env, def, usage string
	set                   func(c *Config, v string) error
}

var settings = []setting{
	{"addr", "RATHAUS_ADDR", ":8080", "address to listen on, host:port", func(c *Config, v string) error {
		if _, _, err := net.SplitHostPort(v); err != nil {
			return fmt.Errorf("want host:port such as :8080")
		}
		c.Addr = v
		return nil
	}},
	{"data", "RATHAUS_DATA_DIR", "./data", "directory for the SQLite database, attachments and mail files", func(c *Config, v string) error {
		if v == "" {
			return errors.New("must not be empty")
		}
		c.DataDir = v
		return nil
	}},
	{"database-url", "RATHAUS_DATABASE_URL", "", "postgres://user:pass@host/db for PostgreSQL; empty for the embedded SQLite file", func(c *Config, v string) error {
		if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") && !strings.HasPrefix(v, "sqlite:") {
			return errors.New("want postgres://… (or sqlite:PATH), or leave it empty for the embedded database")
		}
		c.DatabaseURL = v
		return nil
	}},
	{"base-url", "RATHAUS_BASE_URL", "", "public address of the town hall, used in e-mail links (default http://localhost:PORT)", func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("want an absolute http:// or https:// URL")
		}
		c.BaseURL = strings.TrimSuffix(v, "/")
		return nil
	}},
	{"smtp-url", "RATHAUS_SMTP_URL", "", "mail server, smtp://user:pass@host:587 (STARTTLS), smtps://… (TLS) or smtp+plain://host:25; empty writes mails to DATA/mail as .eml files", func(c *Config, v string) error {
		if v == "" {
			c.SMTPURL = ""
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			return errors.New("want smtp://user:pass@host:port")
		}
		switch u.Scheme {
		case "smtp", "smtps", "smtp+plain":
		default:
			return fmt.Errorf("unknown scheme %q (want smtp, smtps or smtp+plain)", u.Scheme)
		}
		c.SMTPURL = v
		return nil
	}},
	{"mail-from", "RATHAUS_MAIL_FROM", "", "sender address of outgoing mail (default rathaus@HOST of the base URL)", func(c *Config, v string) error {
		if v != "" && !strings.Contains(v, "@") {
			return errors.New("want an e-mail address")
		}
		c.MailFrom = v
		return nil
	}},
	{"lang", "RATHAUS_LANG", "de", "default language, de or en", func(c *Config, v string) error {
		if v != "de" && v != "en" {
			return errors.New("want de or en")
		}
		c.Lang = v
		return nil
	}},
	{"log-format", "RATHAUS_LOG_FORMAT", "text", "log format, text or json", func(c *Config, v string) error {
		if v != "text" && v != "json" {
			return errors.New("want text or json")
		}
		c.LogFormat = v
		return nil
	}},
	{"log-level", "RATHAUS_LOG_LEVEL", "info", "debug, info, warn or error", func(c *Config, v string) error {
		return c.LogLevel.UnmarshalText([]byte(v))
	}},
	{"demo", "RATHAUS_DEMO", "false", "fill an empty database with the demo town Musterstadt", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		c.Demo = b
		return nil
	}},
	{"session-idle", "RATHAUS_SESSION_IDLE", "1h", "sign out after this long without activity", durationSetter(func(c *Config) *time.Duration { return &c.SessionIdle })},
	{"session-max", "RATHAUS_SESSION_MAX", "12h", "sign out this long after sign-in", durationSetter(func(c *Config) *time.Duration { return &c.SessionMax })},
	{"shutdown-timeout", "RATHAUS_SHUTDOWN_TIMEOUT", "20s", "how long a stop waits for running requests", durationSetter(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
	{"town-area", "RATHAUS_TOWN_AREA", "", "GeoJSON file with the town's boundary (Polygon or MultiPolygon); defect reports outside it are refused", func(c *Config, v string) error {
		c.TownAreaFile, c.TownArea = v, nil
		if v == "" {
			return nil
		}
		data, err := os.ReadFile(v)
		if err != nil {
			return fmt.Errorf("cannot read the file: %w", err)
		}
		if _, err := geo.ParseArea(data); err != nil {
			return fmt.Errorf("not a GeoJSON polygon: %w", err)
		}
		c.TownArea = data
		return nil
	}},
	{"max-upload-mb", "RATHAUS_MAX_UPLOAD_MB", "10", "largest accepted upload in MB", func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > 1024 {
			return errors.New("want a whole number from 1 to 1024")
		}
		c.MaxUploadBytes = n << 20
		return nil
	}},
	{"map-tile-url", "RATHAUS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "tile server of the maps, with {z}, {x} and {y}; empty shows maps without a background", func(c *Config, v string) error {
		if v == "" {
			c.MapTileURL = ""
			return nil
		}
		u, err := url.Parse(strings.ReplaceAll(v, "{s}.", "sub."))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			!strings.Contains(v, "{z}") || !strings.Contains(v, "{x}") || !strings.Contains(v, "{y}") {
			return errors.New("want an http:// or https:// URL with {z}, {x} and {y}")
		}
		c.MapTileURL = v
		return nil
	}},
	{"reports-reopen-days", "RATHAUS_REPORTS_REOPEN_DAYS", "14", "days after \"done\" in which a reporter may reopen a defect report", intSetter(1, 365, func(c *Config) *int { return &c.ReportsReopenDays })},
	// Erasing personal data is the point; ten years is the longest a town
	// keeps files of this kind.
	{"reports-retention-days", "RATHAUS_REPORTS_RETENTION_DAYS", "90", "days after closing a defect report until its personal data is erased", intSetter(1, 3650, func(c *Config) *int { return &c.ReportsRetentionDays })},
	{"trusted-proxies", "RATHAUS_TRUSTED_PROXIES", "", "comma-separated IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For header names the client; empty trusts nobody", func(c *Config, v string) error {
		p, err := ParseProxies(v)
		if err != nil {
			return err
		}
		c.TrustedProxies = p
		return nil
	}},
	{"metrics-token", "RATHAUS_METRICS_TOKEN", "", "bearer token Prometheus must send for /metrics; empty lets only loopback peers and admins read it", func(c *Config, v string) error {
		if v != "" && (len(v) < minMetricsToken || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f })) {
			return fmt.Errorf("want at least %d characters without spaces, e.g. from `openssl rand -hex 32`", minMetricsToken)
		}
		c.MetricsToken = v
		return nil
	}},
	{"reports-nearby-meters", "RATHAUS_REPORTS_NEARBY_METERS", "50", "radius in metres in which open reports of the same category are offered instead of a duplicate", intSetter(1, 1000, func(c *Config) *int { return &c.ReportsNearbyMeters })},
}

// secret settings are not repeated in error messages, which end up in logs.
var secret = map[string]bool{"RATHAUS_METRICS_TOKEN": true}

// minMetricsToken keeps guessable tokens out: /metrics is reachable by
// anyone who reaches the town hall.
const minMetricsToken = 16

// ParseProxies reads a comma-separated list of IP addresses and CIDR ranges
// ("10.0.0.1, 192.168.0.0/24, ::1"). An address stands for itself alone.
func ParseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR range such as 192.168.0.0/24", part)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not an IP address such as 10.0.0.1 or a CIDR range such as 192.168.0.0/24", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// intSetter parses a whole number from lo to hi into a field.
func intSetter(lo, hi int, field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("want a whole number from %d to %d", lo, hi)
		}
		*field(c) = n
		return nil
	}
}

func durationSetter(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return errors.New("want a positive duration such as 30m or 12h")
		}
		*field(c) = d
		return nil
	}
}

// Parse reads settings from args (flags win) and environ (KEY=VALUE lines).
// An unknown RATHAUS_* variable or a malformed value is an error that names
// the setting.
func Parse(args []string, environ []string, usage io.Writer) (Config, error) {
	var c Config
	env := map[string]string{}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.env] = true
	}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "RATHAUS_") || strings.HasPrefix(k, "RATHAUS_TEST_") {
			continue
		}
		if !known[k] {
			return c, fmt.Errorf("unknown setting %s in the environment (known: %s)", k, strings.Join(envNames(), ", "))
		}
		env[k] = v
	}
	fs := flag.NewFlagSet("rathaus serve", flag.ContinueOnError)
	fs.SetOutput(usage)
	flagVals := map[string]*flagValue{}
	for _, s := range settings {
		v := &flagValue{isBool: s.def == "false"}
		flagVals[s.flag] = v
		fs.Var(v, s.flag, fmt.Sprintf("%s (env %s, default %q)", s.usage, s.env, s.def))
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	for _, s := range settings {
		v, name := s.def, s.env
		if ev, ok := env[s.env]; ok {
			v = ev
		}
		if explicit[s.flag] {
			v, name = flagVals[s.flag].v, "--"+s.flag
		}
		if err := s.set(&c, v); err != nil {
			shown := fmt.Sprintf("%q", v)
			if secret[s.env] {
				shown = "(hidden)"
			}
			return c, fmt.Errorf("setting %s=%s: %w", name, shown, err)
		}
	}
	if c.BaseURL == "" {
		_, port, _ := net.SplitHostPort(c.Addr)
		c.BaseURL = "http://localhost:" + port
	}
	if c.MailFrom == "" {
		u, _ := url.Parse(c.BaseURL)
		c.MailFrom = "rathaus@" + u.Hostname()
	}
	return c, nil
}

func envNames() []string {
	out := make([]string, len(settings))
	for i, s := range settings {
		out[i] = s.env
	}
	return out
}

// Defaults returns the configuration with every default applied.
func Defaults() Config {
	c, err := Parse(nil, nil, io.Discard)
	if err != nil {
		panic(err)
	}
	return c
}

// flagValue keeps a flag's raw text; boolean settings may be given bare
// (--demo).
type flagValue struct {
	v      string
	isBool bool
}

func (f *flagValue) String() string     { return f.v }
func (f *flagValue) Set(v string) error { f.v = v; return nil }
func (f *flagValue) IsBoolFlag() bool   { return f.isBool }
