package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/offenes-rathaus/rathaus/internal/auth"
)

// MetricsAccess is the rule of /metrics. With a token, only requests that
// carry it (Authorization: Bearer TOKEN) get in, as Prometheus sends it
// (authorization.credentials_file). Without one, the metrics are for this machine and the
// town's admins: loopback clients (after the proxy rule of ClientIP, so a
// visitor behind a trusted proxy on the same host is not loopback) and
// signed-in admins.
func MetricsAccess(token string) auth.Rule {
	if token != "" {
		want := []byte(token)
		return auth.RequestRule("bearer token", func(r *http.Request, _ *auth.Principal) bool {
			scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
			// The scheme is case-insensitive (RFC 7235, section 2.1).
			return ok && strings.EqualFold(scheme, "Bearer") &&
				subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), want) == 1
		})
	}
	return auth.RequestRule("loopback or admin", func(r *http.Request, p *auth.Principal) bool {
		return IsLoopback(r) || p.IsAdmin()
	})
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rathaus_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rathaus_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// wrap counts requests under the route's pattern, never the raw path, so
// the number of series stays bounded.
func (m *httpMetrics) wrap(pattern string, next http.Handler) http.Handler {
	obs := m.duration.WithLabelValues(pattern)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		obs.Observe(time.Since(start).Seconds())
		m.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(rec.status)).Inc()
	})
}
