package app_test

// The project-wide quality gates (authorization matrix, CSRF, XSS, browser
// and axe) share this harness: a running town hall with one account per role
// and a way to turn every registered route into a concrete request.

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/offenes-rathaus/rathaus/internal/auth"
	"github.com/offenes-rathaus/rathaus/internal/pages"
	"github.com/offenes-rathaus/rathaus/internal/testkit"
	"github.com/offenes-rathaus/rathaus/internal/web"
)

// role is one kind of visitor the gates try every route as.
type role string

const (
	anonymous  role = "anonymous"
	citizen    role = "citizen"
	otherStaff role = "staff-of-B" // staff of another department than A
	staff      role = "staff-of-A"
	lead       role = "lead-of-A"
	admin      role = "admin"
)

// roles lists every role, least privileged first.
var roles = []role{anonymous, citizen, otherStaff, staff, lead, admin}

// rolePassword is the password of every account the harness makes; forms
// filled by the gates never use it, so they cannot change or delete these
// accounts by accident.
const rolePassword = "Rollen-Passwort-2026"

// world is a running town hall with department A (where staff and lead
// work), department B (where the other staff works), one account per role
// and a target account for routes about a user.
type world struct {
	t      testing.TB
	srv    *testkit.Server
	deptA  auth.Department
	deptB  auth.Department
	users  map[role]auth.User
	target auth.User
	// feedback, rep and cit are made on first use: see openFeedback,
	// reports and citizenCases.
	feedback pages.Feedback
	rep      *reportFixtures
	cit      *citizenCaseFixtures
	frm      *formFixtures
	cat      *catalogFixtures
	seq      int64
}

var worldSeq atomic.Int64

// newWorld creates the departments and accounts on srv. Each call makes new
// ones, so a request that deletes or changes them cannot spoil other
// requests that use a world of their own.
func newWorld(t testing.TB, srv *testkit.Server) *world {
	t.Helper()
	n := worldSeq.Add(1)
	ctx := srv.Ctx()
	a := srv.App.Auth
	w := &world{t: t, srv: srv, users: map[role]auth.User{}, seq: n}
	var err error
	w.deptA, err = a.SaveDepartment(ctx, auth.Department{Slug: fmt.Sprintf("abteilung-a-%d", n), Name: fmt.Sprintf("Abteilung A %d", n)})
	if err != nil {
		t.Fatalf("department A: %v", err)
	}
	w.deptB, err = a.SaveDepartment(ctx, auth.Department{Slug: fmt.Sprintf("abteilung-b-%d", n), Name: fmt.Sprintf("Abteilung B %d", n)})
	if err != nil {
		t.Fatalf("department B: %v", err)
	}
	mk := func(name string, r auth.Role) auth.User {
		u, err := a.CreateUser(ctx, auth.NewUser{Email: fmt.Sprintf("%s-%d@example.org", name, n), Name: "Test " + name,
			Password: rolePassword, Role: r, EmailVerified: true})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return u
	}
	w.users[citizen] = mk("buerger", auth.RoleCitizen)
	w.users[otherStaff] = mk("andere-abteilung", auth.RoleStaff)
	w.users[staff] = mk("mitarbeiter", auth.RoleStaff)
	w.users[lead] = mk("leitung", auth.RoleStaff)
	w.users[admin] = mk("admin", auth.RoleAdmin)
	w.target = mk("ziel", auth.RoleCitizen)
	for _, m := range []struct {
		r    role
		dept int64
		lead bool
	}{{otherStaff, w.deptB.ID, false}, {staff, w.deptA.ID, false}, {lead, w.deptA.ID, true}} {
		if err := a.SetMembership(ctx, w.users[m.r].ID, m.dept, m.lead); err != nil {
			t.Fatalf("membership of %s: %v", m.r, err)
		}
	}
	return w
}

// newSharedWorld is a world with every record made at once, for tests whose
// subtests share it (a subtest must not fail its parent's test, which a
// record made on first use in a subtest would do on an error).
func newSharedWorld(t testing.TB, srv *testkit.Server) *world {
	t.Helper()
	w := newWorld(t, srv)
	w.openFeedback()
	w.reports()
	w.citizenCases()
	w.forms()
	w.catalog()
	return w
}

// openFeedback returns an open accessibility feedback, made on first use
// (it mails every admin, and every world adds admins).
func (w *world) openFeedback() pages.Feedback {
	w.t.Helper()
	if w.feedback.ID == 0 {
		f, err := w.srv.App.Pages.SubmitFeedback(w.srv.Ctx(), pages.Feedback{Message: fmt.Sprintf("Kontrast zu schwach (%d)", w.seq)})
		if err != nil {
			w.t.Fatalf("feedback: %v", err)
		}
		w.feedback = f
	}
	return w.feedback
}

// client returns a new client signed in as r (with a session of its own, so
// ending it touches no other client) and holding a CSRF cookie.
func (w *world) client(r role) *testkit.Client {
	w.t.Helper()
	c := w.srv.Client()
	u, _ := url.Parse(w.srv.URL)
	cookies := []*http.Cookie{{Name: web.CSRFCookie, Value: auth.NewToken(), Path: "/"}}
	if r != anonymous {
		token, err := w.srv.App.Auth.StartSession(w.srv.Ctx(), w.users[r].ID)
		if err != nil {
			w.t.Fatalf("session for %s: %v", r, err)
		}
		cookies = append(cookies, &http.Cookie{Name: web.SessionCookie, Value: token, Path: "/"})
	}
	c.Jar.SetCookies(u, cookies)
	return c
}

var paramRe = regexp.MustCompile(`\{([^}.]+)(\.\.\.)?\}`)

// unknownPath is what the catch-all route is asked for.
const unknownPath = "/gibt-es-nicht-7f3a"

// request turns a route into a concrete request: the method to send (GET for
// routes of any method) and a path with every parameter filled with a real
// value of this world.
func (w *world) request(rt web.Route) (method, path string, err error) {
	method = rt.Method
	if method == "ANY" {
		method = http.MethodGet
	}
	path = rt.Path
	if path == "/" && rt.Method == "ANY" {
		return method, unknownPath, nil
	}
	path = strings.TrimSuffix(path, "{$}")
	var missing []string
	path = paramRe.ReplaceAllStringFunc(path, func(m string) string {
		name := paramRe.FindStringSubmatch(m)[1]
		v, ok := w.param(rt, name)
		if !ok {
			missing = append(missing, name)
			return m
		}
		return v
	})
	if len(missing) > 0 {
		return "", "", fmt.Errorf("no value for path parameter(s) %v of %q: add one in world.param", missing, rt.Pattern())
	}
	return method, path, nil
}

// param returns the value for a path parameter: the target account for
// /admin/users/{id}, the open feedback for /admin/feedback/{id}, department A
// for any other {id}, the staff of A as the {user} of a department (so
// removing a member finds one), a legal page for {slug}.
func (w *world) param(rt web.Route, name string) (string, bool) {
	if v, ok := w.reportParam(rt, name); ok {
		return v, true
	}
	if v, ok := w.citizenCaseParam(rt, name); ok {
		return v, true
	}
	if v, ok := w.staffCaseParam(rt, name); ok {
		return v, true
	}
	if v, ok := w.formParam(rt, name); ok {
		return v, true
	}
	if v, ok := w.catalogParam(rt, name); ok {
		return v, true
	}
	id := func(n int64) (string, bool) { return strconv.FormatInt(n, 10), true }
	switch {
	case name == "id" && strings.HasPrefix(rt.Path, "/admin/users/"):
		return id(w.target.ID)
	case name == "id" && strings.HasPrefix(rt.Path, "/admin/feedback/"):
		return id(w.openFeedback().ID)
	case name == "id":
		return id(w.deptA.ID)
	case name == "user" && strings.Contains(rt.Path, "/members/"):
		return id(w.users[staff].ID)
	case name == "user":
		return id(w.target.ID)
	case name == "slug":
		return "impressum", true
	case name == "file":
		return "app.css", true
	}
	return "", false
}

// unsafe reports whether a route changes state: it must check the CSRF
// token.
func unsafe(rt web.Route) bool {
	switch rt.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, "ANY":
		return true
	}
	return false
}

// deniedResponse reports whether a response refuses access: 401, 403, or a
// redirect to the sign-in page that comes back to the request afterwards.
func deniedResponse(r *testkit.Response) bool {
	switch r.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return true
	case http.StatusSeeOther:
		return strings.HasPrefix(r.Header.Get("Location"), "/login?next=")
	}
	return false
}
