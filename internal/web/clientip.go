package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address of the client, the one every part of the town
// hall uses: for the sign-in throttle, rate limits, the audit log and logs.
//
// It is the direct peer, unless the peer is a trusted reverse proxy
// (Options.TrustedProxies): then it is the rightmost address in
// X-Forwarded-For that is not a trusted proxy itself. Entries left of that
// were written by the client and could be anything, so they are never used;
// with nobody trusted the header is not read at all.
func ClientIP(r *http.Request) string {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok && st.clientIP.IsValid() {
		return st.clientIP.String()
	}
	return peerHost(r)
}

// clientAddr is ClientIP as an address; invalid when the peer is not an IP
// address (a Unix socket, a test's made-up RemoteAddr).
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer, err := netip.ParseAddr(peerHost(r))
	if err != nil {
		return netip.Addr{}
	}
	peer = peer.Unmap().WithZone("")
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		list := strings.Split(hops[i], ",")
		for j := len(list) - 1; j >= 0; j-- {
			a, ok := parseHop(list[j])
			if !ok {
				// A trusted proxy passed on something that is not an
				// address: the last address known is the best there is.
				return client
			}
			client = a
			if !isTrusted(a, trusted) {
				return a
			}
		}
	}
	// Every hop is a trusted proxy: the request started inside.
	return client
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a
// port ("192.0.2.1:4711", "[2001:db8::1]:4711") as some proxies write it.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func peerHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// IsLoopback reports whether the client (after the proxy rule of ClientIP)
// is this machine.
func IsLoopback(r *http.Request) bool {
	a, err := netip.ParseAddr(ClientIP(r))
	return err == nil && a.IsLoopback()
}
