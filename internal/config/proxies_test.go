package config_test

import (
	"io"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/config"
)

func TestTrustedProxiesAreAddressesAndRanges(t *testing.T) {
	tests := []struct {
		name      string
		env, args []string
		want      []string
		wantErr   string
	}{
		{name: "default trusts nobody", want: nil},
		{name: "one address is a host range", env: []string{"RATHAUS_TRUSTED_PROXIES=127.0.0.1"}, want: []string{"127.0.0.1/32"}},
		{name: "list with spaces, ranges and IPv6", env: []string{"RATHAUS_TRUSTED_PROXIES=10.0.0.1, 192.168.0.0/24 ,::1,fd00::/8"},
			want: []string{"10.0.0.1/32", "192.168.0.0/24", "::1/128", "fd00::/8"}},
		{name: "a range is masked to its network", env: []string{"RATHAUS_TRUSTED_PROXIES=192.168.7.9/16"}, want: []string{"192.168.0.0/16"}},
		{name: "an IPv4-mapped address counts as IPv4", env: []string{"RATHAUS_TRUSTED_PROXIES=::ffff:10.1.2.3"}, want: []string{"10.1.2.3/32"}},
		{name: "flag wins over variable", env: []string{"RATHAUS_TRUSTED_PROXIES=10.0.0.1"}, args: []string{"--trusted-proxies=10.0.0.2"}, want: []string{"10.0.0.2/32"}},
		{name: "a host name", env: []string{"RATHAUS_TRUSTED_PROXIES=proxy.example.org"}, wantErr: "RATHAUS_TRUSTED_PROXIES"},
		{name: "a range without a valid length", env: []string{"RATHAUS_TRUSTED_PROXIES=10.0.0.0/33"}, wantErr: "RATHAUS_TRUSTED_PROXIES"},
		{name: "a wildcard", args: []string{"--trusted-proxies=*"}, wantErr: "--trusted-proxies"},
		{name: "one bad entry among good ones", env: []string{"RATHAUS_TRUSTED_PROXIES=10.0.0.1,10.0.0.300"}, wantErr: `"10.0.0.300"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse(tc.args, tc.env, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "CIDR") {
					t.Fatalf("error %v, want one naming %s and what it wants", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range c.TrustedProxies {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("trusted proxies %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseProxiesContainment(t *testing.T) {
	ps, err := config.ParseProxies("10.0.0.0/8,2001:db8::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		addr string
		want bool
	}{{"10.200.3.4", true}, {"11.0.0.1", false}, {"2001:db8::1", true}, {"2001:db8::2", false}} {
		a := netip.MustParseAddr(tc.addr)
		if got := slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Contains(a) }); got != tc.want {
			t.Errorf("%s trusted = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestMetricsToken(t *testing.T) {
	tests := []struct {
		name    string
		env     []string
		want    string
		wantErr string
	}{
		{name: "default is empty", want: ""},
		{name: "a long token", env: []string{"RATHAUS_METRICS_TOKEN=0123456789abcdef0123"}, want: "0123456789abcdef0123"},
		{name: "too short to be secret", env: []string{"RATHAUS_METRICS_TOKEN=geheim"}, wantErr: "RATHAUS_METRICS_TOKEN"},
		{name: "with a space", env: []string{"RATHAUS_METRICS_TOKEN=0123456789 abcdef0123"}, wantErr: "RATHAUS_METRICS_TOKEN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse(nil, tc.env, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "16 characters") {
					t.Fatalf("error %v, want one naming %s and what it wants", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "geheim") || strings.Contains(err.Error(), "0123456789") {
					t.Errorf("error %q repeats the secret", err)
				}
				return
			}
			if err != nil || c.MetricsToken != tc.want {
				t.Fatalf("token %q, %v; want %q", c.MetricsToken, err, tc.want)
			}
		})
	}
}
