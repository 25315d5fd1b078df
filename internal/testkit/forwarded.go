package testkit

import (
	"net/http"
	"net/netip"

	"github.com/offenes-rathaus/rathaus/internal/app"
	"github.com/offenes-rathaus/rathaus/internal/config"
)

// BehindProxy makes a test server trust 127.0.0.1 and ::1 as reverse
// proxies (RATHAUS_TRUSTED_PROXIES), so that a client made with
// ForwardedFor is seen with the address it names.
func BehindProxy(cfg *config.Config, _ *app.Options) {
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
}

// ForwardedFor makes every request of c carry "X-Forwarded-For: ip", as a
// reverse proxy in front of the town hall adds it, and returns c.
func (c *Client) ForwardedFor(ip string) *Client {
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = forwardedFor{base: base, ip: ip}
	return c
}

type forwardedFor struct {
	base http.RoundTripper
	ip   string
}

func (f forwardedFor) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Add("X-Forwarded-For", f.ip)
	return f.base.RoundTrip(req)
}
