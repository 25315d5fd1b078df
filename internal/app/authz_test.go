package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// Who may use what, as a visitor sees it.
var (
	everyone   = []role{anonymous, citizen, otherStaff, staff, lead, admin}
	signedIn   = []role{citizen, otherStaff, staff, lead, admin}
	staffOnly  = []role{otherStaff, staff, lead, admin}
	membersOfA = []role{staff, lead, admin}
	leadOfA    = []role{lead, admin}
	adminOnly  = []role{admin}
	// apiKeyOnly routes take an API key, never a session: no role gets in.
	apiKeyOnly = []role{}
)

// access is the authorization matrix: every route of the town hall and the
// roles that may use it. A route that is registered but missing here fails
// TestAuthorizationMatrix, and so does a row without a route: adding a route
// means deciding here who may use it.
var access = map[string][]role{
	// Shell and operations.
	"GET /{$}":              everyone,
	"ANY /":                 everyone, // the 404 page
	"GET /static/{file...}": everyone,
	"GET /healthz":          everyone,
	"GET /readyz":           everyone,
	"GET /metrics":          adminOnly, // and this machine (see TestMetricsAccess); the matrix asks from outside

	// Accounts: signing in, registering, passwords.
	"GET /login":                everyone,
	"POST /login":               everyone,
	"POST /logout":              everyone,
	"GET /register":             everyone,
	"POST /register":            everyone,
	"GET /register/sent":        everyone,
	"GET /verify":               everyone,
	"POST /verify":              everyone,
	"GET /verify/resend":        everyone,
	"POST /verify/resend":       everyone,
	"GET /verify/sent":          everyone,
	"GET /password/forgot":      everyone,
	"POST /password/forgot":     everyone,
	"GET /password/forgot/sent": everyone,
	"GET /password/reset":       everyone,
	"POST /password/reset":      everyone,

	// One's own account.
	"GET /account":               signedIn,
	"POST /account":              signedIn,
	"GET /account/export":        signedIn,
	"POST /account/password":     signedIn,
	"POST /account/sessions/end": signedIn,
	"POST /account/delete":       {citizen}, // staff and admins are removed by an admin

	// Legal pages and the accessibility feedback (BITV 2.0).
	"GET /impressum":                  everyone,
	"GET /datenschutz":                everyone,
	"GET /barrierefreiheit":           everyone,
	"POST /barrierefreiheit/feedback": everyone,

	// Staff area: any staff sees the start, members their department, its
	// lead manages the members.
	"GET /staff":                                         staffOnly,
	"GET /staff/departments/{id}":                        membersOfA,
	"POST /staff/departments/{id}/members":               leadOfA,
	"POST /staff/departments/{id}/members/{user}/remove": leadOfA,

	// Administration.
	"GET /admin/departments":                             adminOnly,
	"GET /admin/departments/new":                         adminOnly,
	"POST /admin/departments/new":                        adminOnly,
	"GET /admin/departments/{id}":                        adminOnly,
	"POST /admin/departments/{id}":                       adminOnly,
	"POST /admin/departments/{id}/members":               adminOnly,
	"POST /admin/departments/{id}/members/{user}/remove": adminOnly,
	"GET /admin/users":                                   adminOnly,
	"GET /admin/users/new":                               adminOnly,
	"POST /admin/users/new":                              adminOnly,
	"GET /admin/users/{id}":                              adminOnly,
	"POST /admin/users/{id}":                             adminOnly,
	"POST /admin/users/{id}/invite":                      adminOnly,
	"GET /admin/pages/{slug}":                            adminOnly,
	"POST /admin/pages/{slug}":                           adminOnly,
	"GET /admin/settings":                                adminOnly,
	"POST /admin/settings":                               adminOnly,
	"GET /admin/feedback":                                adminOnly,
	"POST /admin/feedback/{id}/done":                     adminOnly,
	"GET /admin/audit":                                   adminOnly,

	// Mängelmelder, citizens' side: anyone may report, support and follow a
	// report; the private manage link and subscription links carry their
	// own secret.
	"GET /reports":                               everyone,
	"GET /reports/map.geojson":                   everyone,
	"GET /reports/new":                           everyone,
	"GET /reports/new/place":                     everyone,
	"GET /reports/new/details":                   everyone,
	"POST /reports/new":                          everyone,
	"GET /reports/sent/{ref}":                    everyone,
	"GET /reports/{ref}":                         everyone,
	"POST /reports/{ref}/support":                everyone,
	"POST /reports/{ref}/subscribe":              everyone,
	"GET /reports/photos/{ref}/{id}":             everyone,
	"GET /reports/manage/{token}":                everyone,
	"POST /reports/manage/{token}/reopen":        everyone,
	"POST /reports/manage/{token}/feedback":      everyone,
	"POST /reports/manage/{token}/delete":        everyone,
	"GET /reports/subscription/{token}/confirm":  everyone,
	"POST /reports/subscription/{token}/confirm": everyone,
	"GET /reports/subscription/{token}/end":      everyone,
	"POST /reports/subscription/{token}/end":     everyone,

	// Mängelmelder, staff side: any staff sees the inbox; a report is
	// handled by its department's staff (and admins).
	"GET /staff/reports":                          staffOnly,
	"GET /staff/reports/field":                    staffOnly,
	"GET /staff/reports/{id}":                     membersOfA,
	"GET /staff/reports/{id}/photos/{n}":          membersOfA,
	"POST /staff/reports/{id}/accept":             membersOfA,
	"POST /staff/reports/{id}/status":             membersOfA,
	"POST /staff/reports/{id}/category":           membersOfA,
	"POST /staff/reports/{id}/department":         membersOfA,
	"POST /staff/reports/{id}/location":           membersOfA,
	"POST /staff/reports/{id}/merge":              membersOfA,
	"POST /staff/reports/{id}/published":          membersOfA,
	"POST /staff/reports/{id}/erase":              membersOfA,
	"POST /staff/reports/{id}/photos":             membersOfA,
	"POST /staff/reports/{id}/photos/{n}/release": membersOfA,
	"POST /staff/reports/{id}/photos/{n}/hide":    membersOfA,
	"POST /staff/reports/{id}/close":              membersOfA,
	"GET /admin/reports/categories":               adminOnly,
	"GET /admin/reports/categories/new":           adminOnly,
	"POST /admin/reports/categories/new":          adminOnly,
	"GET /admin/reports/categories/{id}":          adminOnly,
	"POST /admin/reports/categories/{id}":         adminOnly,
	"GET /admin/reports/apikeys":                  adminOnly,
	"POST /admin/reports/apikeys":                 adminOnly,
	"POST /admin/reports/apikeys/{id}/revoke":     adminOnly,

	// Case handling, citizens' side: "Mein Rathaus" for any account, a case
	// only for the account that sent it (everyone else meets a 404, see
	// notFoundRefuses); the guest's private link carries its own secret.
	"GET /my":                                  signedIn,
	"GET /my/cases/{ref}":                      {citizen},
	"POST /my/cases/{ref}/messages":            {citizen},
	"POST /my/cases/{ref}/documents/{request}": {citizen},
	"GET /my/cases/{ref}/files/{doc}":          {citizen},
	"GET /my/cases/{ref}/receipt.pdf":          {citizen},
	"GET /case/{token}":                        everyone,
	"POST /case/{token}/messages":              everyone,
	"POST /case/{token}/documents/{request}":   everyone,
	"GET /case/{token}/files/{doc}":            everyone,
	"GET /case/{token}/receipt.pdf":            everyone,

	// Case handling, department side: any staff sees the inbox (their own
	// departments' cases only); a case is worked on by its department's
	// staff and admins, for staff of another department it does not exist
	// (404, see notFoundRefuses).
	"GET /staff/cases":                  staffOnly,
	"GET /staff/cases.csv":              staffOnly,
	"GET /staff/cases/{id}":             membersOfA,
	"GET /staff/cases/{id}/files/{doc}": membersOfA,
	"GET /staff/cases/{id}/export.zip":  membersOfA,
	"POST /staff/cases/{id}/claim":      membersOfA,
	"POST /staff/cases/{id}/assign":     membersOfA,
	"POST /staff/cases/{id}/status":     membersOfA,
	"POST /staff/cases/{id}/pause":      membersOfA,
	"POST /staff/cases/{id}/resume":     membersOfA,
	"POST /staff/cases/{id}/messages":   membersOfA,
	"POST /staff/cases/{id}/requests":   membersOfA,
	"POST /staff/cases/{id}/decision":   membersOfA,

	// Online forms: anyone may fill in a guest form (the draft's link token
	// is its key); an account's drafts open only for that account (404 for
	// everyone else); admins install and activate form versions.
	"GET /forms/{form}":                           everyone,
	"POST /forms/{form}":                          everyone,
	"GET /forms/drafts":                           signedIn,
	"POST /forms/drafts/{id}/open":                {citizen},
	"GET /forms/{form}/d/{draft}/p/{page}":        everyone,
	"POST /forms/{form}/d/{draft}/p/{page}":       everyone,
	"GET /forms/{form}/d/{draft}/check":           everyone,
	"POST /forms/{form}/d/{draft}/send":           everyone,
	"GET /forms/{form}/d/{draft}/done":            everyone,
	"GET /forms/{form}/d/{draft}/save":            everyone,
	"POST /forms/{form}/d/{draft}/save":           everyone,
	"GET /forms/{form}/d/{draft}/save/sent":       everyone,
	"GET /forms/resume":                           everyone,
	"POST /forms/resume":                          everyone,
	"GET /forms/{form}/schema.json":               everyone,
	"GET /forms/{form}/{version}/schema.json":     everyone,
	"GET /admin/forms":                            adminOnly,
	"POST /admin/forms":                           adminOnly,
	"GET /admin/forms/{form}/{version}":           adminOnly,
	"POST /admin/forms/{form}/{version}/activate": adminOnly,

	// Leistungskatalog: public pages and JSON API (with its OpenAPI document
	// and CORS preflight); admins edit services, topics and life situations.
	"GET /services":                    everyone,
	"GET /services/{slug}":             everyone,
	"GET /services/topic/{slug}":       everyone,
	"GET /services/life/{slug}":        everyone,
	"GET /api/v1/services":             everyone,
	"GET /api/v1/services/{slug}":      everyone,
	"GET /api/v1/openapi.json":         everyone,
	"OPTIONS /api/v1/":                 everyone,
	"GET /admin/services":              adminOnly,
	"GET /admin/services/new":          adminOnly,
	"POST /admin/services/new":         adminOnly,
	"GET /admin/services/{id}":         adminOnly,
	"POST /admin/services/{id}":        adminOnly,
	"GET /admin/services/topics":       adminOnly,
	"POST /admin/services/topics":      adminOnly,
	"POST /admin/services/topics/{id}": adminOnly,
	"GET /admin/services/life":         adminOnly,
	"POST /admin/services/life":        adminOnly,
	"POST /admin/services/life/{id}":   adminOnly,

	// Open311 GeoReport v2 and open data: public reading; writing needs an
	// API key (not a session), checked by the handler.
	"ANY /georeport/v2/":                            everyone, // the API's 404
	"OPTIONS /georeport/v2/":                        everyone,
	"GET /georeport/v2/discovery.json":              everyone,
	"GET /georeport/v2/discovery.xml":               everyone,
	"GET /georeport/v2/services.json":               everyone,
	"GET /georeport/v2/services.xml":                everyone,
	"GET /georeport/v2/services/{code}":             everyone,
	"GET /georeport/v2/requests.json":               everyone,
	"GET /georeport/v2/requests.xml":                everyone,
	"GET /georeport/v2/requests/{id}":               everyone,
	"POST /georeport/v2/requests.json":              apiKeyOnly,
	"POST /georeport/v2/requests.xml":               apiKeyOnly,
	"GET /georeport/v2/servicerequestupdates.json":  everyone,
	"GET /georeport/v2/servicerequestupdates.xml":   everyone,
	"POST /georeport/v2/servicerequestupdates.json": apiKeyOnly,
	"POST /georeport/v2/servicerequestupdates.xml":  apiKeyOnly,
	"GET /georeport/v2/tokens/{token}":              everyone,
	"OPTIONS /opendata/":                            everyone,
	"GET /opendata/reports.geojson":                 everyone,
	"GET /opendata/reports.csv":                     everyone,
	"GET /opendata/reports.csv-metadata.json":       everyone,
}

// tableProblems compares the registered routes with the table.
func tableProblems(routes []web.Route, table map[string][]role) []string {
	var out []string
	registered := map[string]bool{}
	for _, rt := range routes {
		registered[rt.Pattern()] = true
		if _, ok := table[rt.Pattern()]; !ok {
			out = append(out, fmt.Sprintf("route %q (rule %q) is not in the authorization table: add a row to access in authz_test.go saying who may use it", rt.Pattern(), rt.Rule.Name))
		}
	}
	for p := range table {
		if !registered[p] {
			out = append(out, fmt.Sprintf("table row %q has no registered route: remove it or register the route", p))
		}
	}
	sort.Strings(out)
	return out
}

func TestAccessTableCheckFindsUnlistedRoutesAndStaleRows(t *testing.T) {
	routes := []web.Route{
		{Method: "GET", Path: "/listed", Rule: auth.Public},
		{Method: "POST", Path: "/new", Rule: auth.Admin},
	}
	table := map[string][]role{"GET /listed": everyone, "GET /gone": everyone}
	got := tableProblems(routes, table)
	want := []string{
		`route "POST /new" (rule "admin") is not in the authorization table: add a row to access in authz_test.go saying who may use it`,
		`table row "GET /gone" has no registered route: remove it or register the route`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}

func TestDeniedResponse(t *testing.T) {
	for _, tc := range []struct {
		status   int
		location string
		denied   bool
	}{
		{http.StatusUnauthorized, "", true},
		{http.StatusForbidden, "", true},
		{http.StatusSeeOther, "/login?next=%2Faccount", true},
		{http.StatusSeeOther, "/account", false},
		{http.StatusOK, "", false},
		{http.StatusNotFound, "", false},
		{http.StatusUnprocessableEntity, "", false},
	} {
		r := &testkit.Response{Response: &http.Response{StatusCode: tc.status, Header: http.Header{}}}
		if tc.location != "" {
			r.Header.Set("Location", tc.location)
		}
		if got := deniedResponse(r); got != tc.denied {
			t.Errorf("%d %q: denied = %v, want %v", tc.status, tc.location, got, tc.denied)
		}
	}
}

// TestAuthorizationMatrix sends every route as every role and checks that
// exactly the roles of the table get through. A 5xx fails always.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	testkit.ForEachEngine(t, func(t *testing.T, e testkit.Engine) {
		t.Parallel()
		// Every role visits from the internet through a trusted reverse
		// proxy, as in production, so routes that let this machine in
		// (/metrics) are checked as the public meets them.
		srv := testkit.NewServer(t, e, testkit.BehindProxy)
		routes := srv.App.Site.Routes()
		for _, p := range tableProblems(routes, access) {
			t.Error(p)
		}
		shared := newSharedWorld(t, srv)
		for _, rt := range routes {
			allowed, ok := access[rt.Pattern()]
			if !ok {
				continue
			}
			t.Run(rt.Pattern(), func(t *testing.T) {
				for _, r := range roles {
					want := slices.Contains(allowed, r)
					// A request that may change state gets a world of its
					// own, so deleting an account or a department cannot
					// spoil the next request. (A refused one changes
					// nothing, or this test fails anyway.)
					w := shared
					if unsafe(rt) && want {
						w = newWorld(t, srv)
					}
					method, path, err := w.request(rt)
					if err != nil {
						t.Fatal(err)
					}
					resp := send(w.client(r).ForwardedFor(visitorIP), method, path, nil)
					if resp.StatusCode >= 500 {
						t.Errorf("%s %s as %s: status %d:\n%s", method, path, r, resp.StatusCode, testkit.Excerpt(resp.Body))
						continue
					}
					got := !deniedResponse(resp) && !(resp.StatusCode == http.StatusNotFound && notFoundRefuses(rt))
					if want && !got {
						t.Errorf("%s %s as %s: denied with %d %s, but the table allows %v (rule %q)",
							method, path, r, resp.StatusCode, resp.Header.Get("Location"), allowed, rt.Rule.Name)
					}
					if !want && got {
						t.Errorf("%s %s as %s: let through with %d, but the table allows only %v (rule %q)",
							method, path, r, resp.StatusCode, allowed, rt.Rule.Name)
					}
				}
			})
		}
	})
}

// visitorIP is where the matrix's visitors come from: a documentation
// address (RFC 5737), not this machine.
const visitorIP = "203.0.113.50"

// notFoundRefuses reports whether a route refuses by answering 404, as if
// the record did not exist, so its references cannot be probed: a
// citizen's case, an account's draft, another department's case. For these
// routes a 404 counts as refused.
func notFoundRefuses(rt web.Route) bool {
	for _, prefix := range []string{"/my/cases/", "/forms/drafts/", "/staff/cases/"} {
		if strings.HasPrefix(rt.Path, prefix) {
			return true
		}
	}
	return false
}

// send makes a request as c: GET as is, anything else with form plus the
// client's valid CSRF token.
func send(c *testkit.Client, method, path string, form url.Values) *testkit.Response {
	if method == http.MethodGet || method == http.MethodHead {
		return c.Send(method, path, nil)
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set(web.CSRFField, c.CSRF())
	return c.Send(method, path, form)
}
