package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// ipSite answers GET /ip with the client address as the shell sees it.
func ipSite(t *testing.T, trusted ...string) http.Handler {
	t.Helper()
	var ps []netip.Prefix
	for _, s := range trusted {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	site, err := web.New(web.Options{DefaultLang: "de", TrustedProxies: ps})
	if err != nil {
		t.Fatal(err)
	}
	site.HandleFunc("GET /ip", auth.Public, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, web.ClientIP(r))
	}, web.API)
	h, err := site.Build()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestClientIPBelievesOnlyTrustedProxies(t *testing.T) {
	proxies := []string{"10.0.0.0/8", "::1/128", "127.0.0.1/32"}
	tests := []struct {
		name    string
		trusted []string
		peer    string
		xff     []string
		want    string
	}{
		{name: "no proxy trusted: the peer, header ignored", peer: "203.0.113.5:4711", xff: []string{"198.51.100.1"}, want: "203.0.113.5"},
		{name: "untrusted peer: the peer, header ignored", trusted: proxies, peer: "203.0.113.5:4711", xff: []string{"198.51.100.1"}, want: "203.0.113.5"},
		{name: "trusted peer without header: the peer", trusted: proxies, peer: "10.1.1.1:80", want: "10.1.1.1"},
		{name: "trusted peer: the address it forwards", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"198.51.100.7"}, want: "198.51.100.7"},
		{name: "a client cannot smuggle an address in front", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"127.0.0.1, 198.51.100.7"}, want: "198.51.100.7"},
		{name: "chain of trusted proxies: the rightmost untrusted", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"1.2.3.4, 198.51.100.7, 10.2.2.2"}, want: "198.51.100.7"},
		{name: "several header lines are one list", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"1.2.3.4", "198.51.100.7", "10.2.2.2"}, want: "198.51.100.7"},
		{name: "every hop trusted: the furthest", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"10.9.9.9, 10.2.2.2"}, want: "10.9.9.9"},
		{name: "garbage from the client is skipped over", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"<script>, 198.51.100.7"}, want: "198.51.100.7"},
		{name: "garbage behind a trusted hop: the last known address", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"198.51.100.7, nonsense, 10.2.2.2"}, want: "10.2.2.2"},
		{name: "an entry with a port", trusted: proxies, peer: "10.1.1.1:80", xff: []string{"198.51.100.7:5555"}, want: "198.51.100.7"},
		{name: "IPv6 behind a loopback proxy", trusted: proxies, peer: "[::1]:8080", xff: []string{"2001:db8::42"}, want: "2001:db8::42"},
		{name: "IPv6 with a port in brackets", trusted: proxies, peer: "[::1]:8080", xff: []string{"[2001:db8::42]:443"}, want: "2001:db8::42"},
		{name: "an IPv4-mapped peer is IPv4", trusted: proxies, peer: "[::ffff:10.1.1.1]:80", xff: []string{"198.51.100.7"}, want: "198.51.100.7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := ipSite(t, tc.trusted...)
			req := httptest.NewRequest(http.MethodGet, "/ip", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got := rec.Body.String(); rec.Code != http.StatusOK || got != tc.want {
				t.Errorf("status %d, client %q; want %q", rec.Code, got, tc.want)
			}
		})
	}
}

func TestMetricsAccess(t *testing.T) {
	admin := &auth.Principal{User: &auth.User{ID: 1, Role: auth.RoleAdmin}}
	staff := &auth.Principal{User: &auth.User{ID: 2, Role: auth.RoleStaff}, Memberships: []auth.Membership{{DepartmentID: 1}}}
	const token = "0123456789abcdef0123"
	tests := []struct {
		name   string
		token  string
		peer   string
		header string
		p      *auth.Principal
		want   bool
	}{
		{name: "no token: loopback IPv4", peer: "127.0.0.1:1", p: auth.Anonymous, want: true},
		{name: "no token: loopback IPv6", peer: "[::1]:1", p: auth.Anonymous, want: true},
		{name: "no token: remote anonymous", peer: "203.0.113.5:1", p: auth.Anonymous, want: false},
		{name: "no token: remote staff", peer: "203.0.113.5:1", p: staff, want: false},
		{name: "no token: remote admin", peer: "203.0.113.5:1", p: admin, want: true},
		{name: "no token: a bearer token does not help", peer: "203.0.113.5:1", header: "Bearer " + token, p: auth.Anonymous, want: false},
		{name: "token: right bearer", token: token, peer: "203.0.113.5:1", header: "Bearer " + token, p: auth.Anonymous, want: true},
		{name: "token: scheme in other case", token: token, peer: "203.0.113.5:1", header: "bearer " + token, p: auth.Anonymous, want: true},
		{name: "token: wrong bearer", token: token, peer: "203.0.113.5:1", header: "Bearer " + token + "x", p: auth.Anonymous, want: false},
		{name: "token: basic instead of bearer", token: token, peer: "203.0.113.5:1", header: "Basic " + token, p: auth.Anonymous, want: false},
		{name: "token: loopback is not enough", token: token, peer: "127.0.0.1:1", p: auth.Anonymous, want: false},
		{name: "token: an admin session is not enough", token: token, peer: "203.0.113.5:1", p: admin, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tc.peer
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			if got := web.MetricsAccess(tc.token).Allow(req, tc.p); got != tc.want {
				t.Errorf("allowed = %v, want %v", got, tc.want)
			}
		})
	}
}
